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
    /// An entry competing for a free slot at a close.
    struct Candidate {
        /// The symbol's name-order position (the simulator's index).
        var symbol: Int
        /// Its position in `symbols:`, which breaks ties of rank.
        var listed: Int
        var rank: Double
        var side: Side
        var signalIndex: Int

        /// Higher rank first; ties in `symbols:` order.
        @inline(__always)
        func precedes(_ other: Candidate) -> Bool { rank != other.rank ? rank > other.rank : listed < other.listed }
    }

    static func run<Rule: SignalRule, Recorder: SimulationRecorder>(
        market: Market, rules: [Rule], portfolio: BoundPortfolio, range: Range<Int>, settings: SimulationSettings,
        recorder: inout Recorder
    ) -> PerformanceSummary {
        precondition(rules.count == market.contexts.count, "one rule per symbol")
        precondition(!range.isEmpty && range.lowerBound >= 0 && range.upperBound <= market.count, "range inside the axis")
        var broker = Broker(settings: settings, recorder: recorder)
        let symbolCount = rules.count
        // The simulator indexes symbols in name order, so a set of them iterates by name;
        // `listed[s]` is symbol s's position in `symbols:` (the market's, the portfolio's columns').
        let listed = market.contexts.indices.sorted { (market.contexts[$0].symbol, $0) < (market.contexts[$1].symbol, $1) }
        var tracks = listed.map { SymbolTrack(rule: rules[$0], series: market.contexts[$0].series) }
        let lastCandle = listed.map { market.contexts[$0].series.count - 1 }
        let lastIndex = range.upperBound - 1
        let closeOffset = market.timeframe.milliseconds
        let flatAtSessionClose = settings.flatAtSessionClose
        // Each symbol's own session ends: one missing the axis's last candle of a session still flattens at its own.
        let ownSessionEnds = listed.map { market.contexts[$0].isLastCandleOfSession }
        let slippage = settings.slippagePct / 100
        let maxPositions = portfolio.maxPositions
        let rebalances = portfolio.mode == .rotation
            ? RebalanceSchedule.flags(portfolio.rebalance, candles: portfolio.rebalanceCandles, market: market, range: range) : []
        // Per symbol: its candle at the current axis time (−1 when none; kept for the symbols
        // held or pending, and for all at a rebalance), its last candle while held (what a hole
        // is marked at), the rank and reason of its pending order.
        // Buffers, not arrays: each array write checked its uniqueness, 7 % of the time.
        let candle = UnsafeMutableBufferPointer<Int>.allocate(capacity: symbolCount)
        let lastSeen = UnsafeMutableBufferPointer<Int>.allocate(capacity: symbolCount)
        let pendingRank = UnsafeMutableBufferPointer<Double>.allocate(capacity: symbolCount)
        let exitReason = UnsafeMutableBufferPointer<ExitReason>.allocate(capacity: symbolCount)
        candle.initialize(repeating: -1)
        lastSeen.initialize(repeating: -1)
        pendingRank.initialize(repeating: 0)
        exitReason.initialize(repeating: .signal)
        // The symbols holding a position, and those with an order pending (`tracks[s].pending`).
        let held = SymbolBits(count: symbolCount), pending = SymbolBits(count: symbolCount)
        let signals = portfolio.mode == .signals
            ? EntrySignals(market: market, range: range, rules: listed.map { rules[$0] }, listed: listed, portfolio: portfolio) : nil
        // A rotation's target at a rebalance.
        let target = SymbolBits(count: symbolCount)
        defer {
            candle.deallocate()
            lastSeen.deallocate()
            pendingRank.deallocate()
            exitReason.deallocate()
            held.deallocate()
            pending.deallocate()
            target.deallocate()
            signals?.deallocate()
        }
        // Open positions, and pending entries and exits, counted as they change.
        var openCount = 0, pendingEntries = 0, pendingExits = 0
        var entries: [Int] = []
        var candidates: [Candidate] = []
        let table = market.candleIndices
        /// Symbol `symbol`'s candle at axis index `index`, −1 when it has none.
        @inline(__always)
        func ownCandle(_ symbol: Int, at index: Int) -> Int {
            guard let table else { return index }
            return Int(table[index * symbolCount + listed[symbol]])
        }

        // Through a buffer pointer: an array subscript copied the whole 400-byte track to read a field.
        tracks.withUnsafeMutableBufferPointer { tracks in
            for index in range {
                let isLast = index == lastIndex
                for symbol in held {
                    let own = ownCandle(symbol, at: index)
                    candle[symbol] = own
                    if own >= 0 { lastSeen[symbol] = own }
                }
                for symbol in pending { candle[symbol] = ownCandle(symbol, at: index) }
                // 1. Exits, then entries in rank order, at the open.
                if pendingEntries + pendingExits > 0 {
                    entries.removeAll(keepingCapacity: true)
                    for symbol in pending where candle[symbol] >= 0 {
                        switch tracks[symbol].pending {
                        case .exit:
                            if tracks[symbol].position != nil {
                                openCount -= 1
                                held.remove(symbol)
                            }
                            tracks[symbol].fillExit(at: candle[symbol], reason: exitReason[symbol], broker: &broker)
                            tracks[symbol].pending = .none
                            pending.remove(symbol)
                            pendingExits -= 1
                        case .enter: entries.append(symbol)
                        case .none: break
                        }
                    }
                    if entries.count > 1 {
                        entries.sort { pendingRank[$0] != pendingRank[$1] ? pendingRank[$0] > pendingRank[$1] : listed[$0] < listed[$1] }
                    }
                    for symbol in entries {
                        let own = candle[symbol]
                        guard case let .enter(side) = tracks[symbol].pending else { continue }
                        tracks[symbol].pending = .none
                        pending.remove(symbol)
                        pendingEntries -= 1
                        guard tracks[symbol].position == nil else { continue }
                        let signal = tracks[symbol].pendingSignalIndex
                        let open = tracks[symbol].opens[own]
                        let notional = portfolio.notional(symbol: listed[symbol], signalIndex: signal, fill: open * (1 + side.sign * slippage),
                                                          equity: broker.markedEquity)
                        guard let opened = broker.open(side: side, openPrice: open, index: own, notional: notional) else { continue }
                        tracks[symbol].enter(opened, side: side)
                        openCount += 1
                        held.insert(symbol)
                        lastSeen[symbol] = own
                        if let distance = portfolio.riskDistance(symbol: listed[symbol], signalIndex: signal, fill: opened.entryPrice),
                           var position = tracks[symbol].position {
                            let stop = opened.entryPrice - side.sign * distance
                            if position.stopLoss.isNaN || side.sign * (stop - position.stopLoss) > 0 { position.stopLoss = stop }
                            tracks[symbol].position = position
                        }
                    }
                }
                let exposed = openCount > 0

                // 2. and 3. Levels, then the closes; the positions left are valued at their last close.
                let sessionEnds = market.isLastCandleOfSession[index]
                var value = 0.0
                for symbol in held {
                    let own = candle[symbol]
                    if own < 0 {
                        if isLast {
                            tracks[symbol].closeAtClose(at: lastSeen[symbol], reason: .end, broker: &broker)
                            openCount -= 1
                            held.remove(symbol)
                        } else {
                            value += tracks[symbol].position!.value(at: tracks[symbol].closes[lastSeen[symbol]])
                        }
                        continue
                    }
                    tracks[symbol].exitAtLevels(at: own, broker: &broker)
                    if isLast {
                        tracks[symbol].closeAtClose(at: own, reason: .end, broker: &broker)
                    } else if own == lastCandle[symbol] {
                        tracks[symbol].closeAtClose(at: own, reason: .delisted, broker: &broker)
                    } else {
                        tracks[symbol].manageAtClose(at: own, flattens: flatAtSessionClose && ownSessionEnds[symbol][own], broker: &broker)
                    }
                    if let position = tracks[symbol].position {
                        value += position.value(at: tracks[symbol].closes[own])
                    } else {
                        openCount -= 1
                        held.remove(symbol)
                    }
                }

                // 4. Decisions.
                if !isLast {
                    switch portfolio.mode {
                    case .signals:
                        // Exits of the held symbols first: they free their slots for this close's entries.
                        for symbol in held where !pending.contains(symbol) && candle[symbol] >= 0 && candle[symbol] != lastCandle[symbol] {
                            if case .exit = tracks[symbol].rule.decision(at: candle[symbol], position: tracks[symbol].position!.view) {
                                tracks[symbol].pending = .exit
                                pending.insert(symbol)
                                exitReason[symbol] = .signal
                                pendingExits += 1
                            }
                        }
                        let free = maxPositions - (openCount - pendingExits + pendingEntries)
                        if free > 0, let signals {
                            candidates.removeAll(keepingCapacity: true)
                            let row = index - range.lowerBound
                            for word in 0..<signals.wordsPerRow {
                                let idle = ~(held.word(word) | pending.word(word))
                                for sideIndex in 0..<2 {
                                    let side: Side = sideIndex == 0 ? .long : .short
                                    var entering = signals.entering(side, row: row, word: word) & idle
                                    while entering != 0 {
                                        let symbol = word << 6 | entering.trailingZeroBitCount
                                        entering &= entering - 1
                                        candidates.append(Candidate(symbol: symbol, listed: listed[symbol], rank: signals.rank(row: row, symbol: symbol),
                                                                    side: side, signalIndex: ownCandle(symbol, at: index)))
                                    }
                                }
                            }
                            // The best `free` by rank: a partial selection, since most closes have few slots.
                            let taken = min(free, candidates.count)
                            for slot in 0..<taken {
                                var best = slot
                                for other in (slot + 1)..<candidates.count where candidates[other].precedes(candidates[best]) { best = other }
                                candidates.swapAt(slot, best)
                                let chosen = candidates[slot]
                                tracks[chosen.symbol].pending = .enter(chosen.side)
                                tracks[chosen.symbol].pendingSignalIndex = chosen.signalIndex
                                pending.insert(chosen.symbol)
                                pendingRank[chosen.symbol] = chosen.rank
                                pendingEntries += 1
                            }
                        }
                    case .rotation:
                        if rebalances[index - range.lowerBound] {
                            for symbol in 0..<symbolCount { candle[symbol] = ownCandle(symbol, at: index) }
                            rotate(tracks, listed: listed, candle: candle, lastCandle: lastCandle, portfolio: portfolio,
                                   pendingRank: pendingRank, exitReason: exitReason, candidates: &candidates, target: target)
                            pendingEntries = 0
                            pendingExits = 0
                            pending.removeAll()
                            for symbol in 0..<symbolCount {
                                switch tracks[symbol].pending {
                                case .enter: pendingEntries += 1
                                case .exit: pendingExits += 1
                                case .none: continue
                                }
                                pending.insert(symbol)
                            }
                        }
                    }
                }

                // 5. Mark.
                broker.mark(equity: broker.cash + value, exposed: exposed, time: market.openTimes[index] + closeOffset,
                            dayEnds: isLast || sessionEnds)
                broker.recorder.recordHoldings(positions: openCount, cash: broker.cash)
            }
        }
        recorder = broker.recorder

        let buyAndHold = BuyAndHold.returnPct(market: market, range: range)
        let calendarDays = Double(market.openTimes[lastIndex] + closeOffset - market.openTimes[range.lowerBound])
            / Double(UTCTime.millisecondsPerDay)
        recorder.recordSkippedEntries(broker.skippedEntries)
        return broker.statistics.summary(finalEquity: broker.cash, buyAndHold: buyAndHold, calendarDays: calendarDays,
                                         tradingDaysPerYear: market.tradingDaysPerYear)
    }

    /// Rotation at a rebalance close: the target is the top `max_positions` eligible symbols
    /// by rank; held symbols with a candle that left it are sold (`rotation`), newcomers bought
    /// in rank order into the slots the staying ones leave.
    private static func rotate<Rule: SignalRule>(
        _ tracks: UnsafeMutableBufferPointer<SymbolTrack<Rule>>, listed: [Int], candle: UnsafeMutableBufferPointer<Int>, lastCandle: [Int],
        portfolio: BoundPortfolio,
        pendingRank: UnsafeMutableBufferPointer<Double>, exitReason: UnsafeMutableBufferPointer<ExitReason>, candidates: inout [Candidate],
        target: SymbolBits
    ) {
        candidates.removeAll(keepingCapacity: true)
        for symbol in tracks.indices {
            let own = candle[symbol]
            guard own >= 0, own != lastCandle[symbol], portfolio.admits(symbol: listed[symbol], at: own) else { continue }
            candidates.append(Candidate(symbol: symbol, listed: listed[symbol], rank: portfolio.rank(symbol: listed[symbol], at: own),
                                        side: .long, signalIndex: own))
        }
        candidates.sort { $0.precedes($1) }
        let chosen = candidates.prefix(portfolio.maxPositions)
        target.removeAll()
        for candidate in chosen { target.insert(candidate.symbol) }
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
            if candle[symbol] >= 0, !target.contains(symbol) {
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
        for candidate in chosen where free > 0 {
            let symbol = candidate.symbol
            guard tracks[symbol].position == nil, case .none = tracks[symbol].pending else { continue }
            tracks[symbol].pending = .enter(.long)
            tracks[symbol].pendingSignalIndex = candidate.signalIndex
            pendingRank[symbol] = candidate.rank
            free -= 1
        }
    }
}
