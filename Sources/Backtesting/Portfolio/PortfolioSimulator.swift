import MarketData

/// The broker of a portfolio (docs/portfolio.md, "One candle of the portfolio"): the symbols
/// of a universe share one capital and at most `max_positions` positions, on the union of
/// their candle times.
///
/// Per candle `t` of the axis in the range:
/// 1. for the symbols with a candle at `t`, pending exits fill at the open, then pending
///    entries in rank order (higher first; ties in `symbols:` order), each sized by the model
///    on the equity marked at the previous close — **skipped, not shrunk**, when cash cannot
///    pay it; an order of a symbol without a candle at `t` waits for its next one;
/// 2. stops and take-profits as in ``Simulator`` (step 2);
/// 3. at the range's last candle every position closes at its last close (`end`); at a
///    symbol's last candle before it, at the close (`delisted`); otherwise time limits,
///    trailing stops and session closes as in ``Simulator``;
/// 4. decisions: *signals* — the strategies' exits, and their entries ranked into the free
///    slots `max_positions − (open − pending exits + pending entries)`; *rotation*, at a
///    rebalance close — hold the top `max_positions` eligible symbols (sell the others, buy the
///    newcomers); none at the range's last candle or a symbol's last;
/// 5. equity is `cash + Σ` positions valued at their symbol's last close at or before `t`.
///
/// Symbols are stepped in name order, so reordering `symbols:` changes only the ties of ranks.
enum PortfolioSimulator {
    static func run<Rule: SignalRule, Recorder: SimulationRecorder>(
        market: Market, rules: [Rule], portfolio: BoundPortfolio, range: Range<Int>, settings: SimulationSettings,
        recorder: inout Recorder
    ) -> PerformanceSummary {
        precondition(rules.count == market.contexts.count, "one rule per symbol")
        precondition(!range.isEmpty && range.lowerBound >= 0 && range.upperBound <= market.count, "range inside the axis")
        var broker = Broker(settings: settings, recorder: recorder)
        var tracks = zip(rules, market.contexts).map { SymbolTrack(rule: $0, series: $1.series) }
        let symbolCount = tracks.count
        let byName = tracks.indices.sorted { (tracks[$0].symbol, $0) < (tracks[$1].symbol, $1) }
        let lastCandle = market.contexts.map { $0.series.count - 1 }
        let lastIndex = range.upperBound - 1
        let closeOffset = market.timeframe.milliseconds
        let flatAtSessionClose = settings.flatAtSessionClose
        let rebalances = portfolio.mode == .rotation
            ? RebalanceSchedule.flags(portfolio.rebalance, candles: portfolio.rebalanceCandles, market: market, range: range) : []
        // Per symbol: its candle at the current axis time (nil when none), its last candle so
        // far (for marking), the rank and reason of its pending order.
        var candle = [Int?](repeating: nil, count: symbolCount)
        var lastSeen = [Int?](repeating: nil, count: symbolCount)
        var pendingRank = [Double](repeating: 0, count: symbolCount)
        var exitReason = [ExitReason](repeating: .signal, count: symbolCount)
        var entries: [Int] = []
        var candidates: [(symbol: Int, rank: Double)] = []
        for symbol in 0..<symbolCount { lastSeen[symbol] = range.lowerBound > 0 ? market.lastCandleIndex(symbol: symbol, atOrBefore: range.lowerBound - 1) : nil }

        for index in range {
            let isLast = index == lastIndex
            for symbol in 0..<symbolCount {
                candle[symbol] = market.candleIndex(symbol: symbol, at: index)
                if let own = candle[symbol] { lastSeen[symbol] = own }
            }
            // 1. Exits, then entries in rank order, at the open.
            entries.removeAll(keepingCapacity: true)
            for symbol in byName {
                guard let own = candle[symbol] else { continue }
                switch tracks[symbol].pending {
                case .exit:
                    tracks[symbol].fillExit(at: own, reason: exitReason[symbol], broker: &broker)
                    tracks[symbol].pending = .none
                case .enter: entries.append(symbol)
                case .none: break
                }
            }
            entries.sort { pendingRank[$0] != pendingRank[$1] ? pendingRank[$0] > pendingRank[$1] : $0 < $1 }
            for symbol in entries {
                let own = candle[symbol]!
                guard case let .enter(side) = tracks[symbol].pending else { continue }
                tracks[symbol].pending = .none
                guard tracks[symbol].position == nil else { continue }
                let signal = tracks[symbol].pendingSignalIndex
                let open = tracks[symbol].opens[own]
                let fill = open * (1 + side.sign * settings.slippagePct / 100)
                let notional = portfolio.notional(symbol: symbol, signalIndex: signal, fill: fill, equity: broker.markedEquity)
                guard let opened = broker.open(side: side, openPrice: open, index: own, notional: notional) else { continue }
                tracks[symbol].enter(opened, side: side)
                if let distance = portfolio.riskDistance(symbol: symbol, signalIndex: signal, fill: opened.entryPrice),
                   var held = tracks[symbol].position {
                    let stop = opened.entryPrice - side.sign * distance
                    if held.stopLoss.isNaN || side.sign * (stop - held.stopLoss) > 0 { held.stopLoss = stop }
                    tracks[symbol].position = held
                }
            }
            var exposed = false
            for symbol in 0..<symbolCount where tracks[symbol].position != nil { exposed = true }

            // 2. and 3. Levels, then the closes.
            let sessionEnds = market.isLastCandleOfSession[index]
            for symbol in byName {
                guard let own = candle[symbol] else {
                    if isLast, let seen = lastSeen[symbol] { tracks[symbol].closeAtClose(at: seen, reason: .end, broker: &broker) }
                    continue
                }
                tracks[symbol].exitAtLevels(at: own, broker: &broker)
                if isLast {
                    tracks[symbol].closeAtClose(at: own, reason: .end, broker: &broker)
                } else if own == lastCandle[symbol] {
                    tracks[symbol].closeAtClose(at: own, reason: .delisted, broker: &broker)
                    tracks[symbol].pending = .none
                } else {
                    tracks[symbol].manageAtClose(at: own, flattens: flatAtSessionClose && sessionEnds, broker: &broker)
                }
            }

            // 4. Decisions.
            if !isLast {
                switch portfolio.mode {
                case .signals:
                    decideSignals(&tracks, candle: candle, lastCandle: lastCandle, portfolio: portfolio,
                                  pendingRank: &pendingRank, exitReason: &exitReason, candidates: &candidates)
                case .rotation:
                    if rebalances[index - range.lowerBound] {
                        rotate(&tracks, candle: candle, lastCandle: lastCandle, portfolio: portfolio,
                               pendingRank: &pendingRank, exitReason: &exitReason, candidates: &candidates)
                    }
                }
            }

            // 5. Mark.
            var value = 0.0
            var open = 0
            for symbol in byName {
                guard let held = tracks[symbol].position, let seen = lastSeen[symbol] else { continue }
                value += held.value(at: tracks[symbol].closes[seen])
                open += 1
            }
            broker.mark(equity: broker.cash + value, exposed: exposed, time: market.openTimes[index] + closeOffset,
                        dayEnds: isLast || sessionEnds)
            broker.recorder.recordHoldings(positions: open, cash: broker.cash)
        }
        recorder = broker.recorder

        let buyAndHold = BuyAndHold.returnPct(market: market, range: range)
        let calendarDays = Double(market.openTimes[lastIndex] + closeOffset - market.openTimes[range.lowerBound])
            / Double(UTCTime.millisecondsPerDay)
        recorder.recordSkippedEntries(broker.skippedEntries)
        return broker.statistics.summary(finalEquity: broker.cash, buyAndHold: buyAndHold, calendarDays: calendarDays,
                                         tradingDaysPerYear: market.tradingDaysPerYear)
    }

    /// Signals: each strategy's exits become pending; its entries, when admitted, compete for
    /// the free slots by rank (ties: `symbols:` order).
    private static func decideSignals<Rule: SignalRule>(
        _ tracks: inout [SymbolTrack<Rule>], candle: [Int?], lastCandle: [Int], portfolio: BoundPortfolio,
        pendingRank: inout [Double], exitReason: inout [ExitReason], candidates: inout [(symbol: Int, rank: Double)]
    ) {
        candidates.removeAll(keepingCapacity: true)
        for symbol in tracks.indices {
            guard let own = candle[symbol], own != lastCandle[symbol] else { continue }
            let holding = tracks[symbol].position
            switch tracks[symbol].rule.decision(at: own, position: holding?.view) {
            case .none: break
            case .exit:
                if holding != nil {
                    tracks[symbol].pending = .exit
                    exitReason[symbol] = .signal
                }
            case let .enter(side):
                if holding == nil, case .none = tracks[symbol].pending, portfolio.admits(symbol: symbol, at: own) {
                    tracks[symbol].pending = .enter(side)
                    tracks[symbol].pendingSignalIndex = own
                    candidates.append((symbol, portfolio.rank(symbol: symbol, at: own)))
                }
            }
        }
        guard !candidates.isEmpty else { return }
        var taken = 0
        for track in tracks {
            if track.position != nil { taken += 1 }
            switch track.pending {
            case .exit: taken -= 1
            case .enter: if track.position == nil { taken += 1 }
            case .none: break
            }
        }
        // The candidates were counted as pending entries above.
        var free = portfolio.maxPositions - (taken - candidates.count)
        candidates.sort { $0.rank != $1.rank ? $0.rank > $1.rank : $0.symbol < $1.symbol }
        for candidate in candidates {
            if free > 0 {
                pendingRank[candidate.symbol] = candidate.rank
                free -= 1
            } else {
                tracks[candidate.symbol].pending = .none
            }
        }
    }

    /// Rotation at a rebalance close: the target is the top `max_positions` eligible symbols
    /// by rank; held symbols with a candle that left it are sold (`rotation`), newcomers bought
    /// in rank order into the slots the staying ones leave.
    private static func rotate<Rule: SignalRule>(
        _ tracks: inout [SymbolTrack<Rule>], candle: [Int?], lastCandle: [Int], portfolio: BoundPortfolio,
        pendingRank: inout [Double], exitReason: inout [ExitReason], candidates: inout [(symbol: Int, rank: Double)]
    ) {
        candidates.removeAll(keepingCapacity: true)
        for symbol in tracks.indices {
            guard let own = candle[symbol], own != lastCandle[symbol], portfolio.admits(symbol: symbol, at: own) else { continue }
            candidates.append((symbol, portfolio.rank(symbol: symbol, at: own)))
        }
        candidates.sort { $0.rank != $1.rank ? $0.rank > $1.rank : $0.symbol < $1.symbol }
        let target = Set(candidates.prefix(portfolio.maxPositions).map(\.symbol))
        var staying = 0
        for symbol in tracks.indices {
            let holds: Bool
            if tracks[symbol].position != nil {
                holds = true
            } else if case .enter = tracks[symbol].pending {
                holds = true
            } else {
                holds = false
            }
            guard holds else { continue }
            if candle[symbol] != nil, !target.contains(symbol) {
                if tracks[symbol].position != nil {
                    tracks[symbol].pending = .exit
                    exitReason[symbol] = .rotation
                } else {
                    tracks[symbol].pending = .none
                }
            } else {
                staying += 1
            }
        }
        var free = portfolio.maxPositions - staying
        for candidate in candidates.prefix(portfolio.maxPositions) where free > 0 {
            let symbol = candidate.symbol
            guard tracks[symbol].position == nil, case .none = tracks[symbol].pending else { continue }
            tracks[symbol].pending = .enter(.long)
            tracks[symbol].pendingSignalIndex = candle[symbol]!
            pendingRank[symbol] = candidate.rank
            free -= 1
        }
    }
}
