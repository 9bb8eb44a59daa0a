import MarketData

/// The broker: fills a strategy's decisions on candles and marks equity (SPEC section 5).
///
/// Per candle `i` of the range, for each symbol, in this order:
/// 1. an order decided at the close of `i − 1` fills at the open of `i` (slippage against
///    the trader; an entry's stop-loss and take-profit are set from its fill price);
/// 2. a long position exits at `min(open, SL)` when `low <= SL`, else at `max(open, TP)`
///    when `high >= TP` (shorts mirrored): **the stop-loss wins when both are touched**,
///    and a gap through a level fills at the open; levels are live from the entry candle;
/// 3. on the range's last candle an open position closes at the close (reason `end`);
///    otherwise the rule decides at the close, and the order waits for the next open —
///    so a signal on the last candle opens nothing;
/// then equity (`cash + Σ position value at close`) is marked.
///
/// Fees (`fee_pct` of notional) are paid on entry and exit. Position value is
/// `quantity × entry + sign × quantity × (price − entry)`: a short locks its entry notional
/// like a long does, so both sides are sized against cash the same way.
enum Simulator {
    struct OpenPosition {
        var side: Side
        var quantity: Double
        var entryPrice: Double
        var entryFee: Double
        var entryIndex: Int
        /// NaN when not used: every comparison with NaN is false.
        var stopLoss: Double
        var takeProfit: Double
        var confidence: Double?

        @inline(__always)
        func value(at price: Double) -> Double {
            quantity * entryPrice + side.sign * quantity * (price - entryPrice)
        }
    }

    struct Book<Rule: SignalRule> {
        let rule: Rule
        let series: CandleSeries
        var position: OpenPosition?
        var pending: Decision = .none
        var pendingSignalIndex = 0
    }

    static func run<Rule: SignalRule, Recorder: SimulationRecorder>(
        market: Market, rules: [Rule], range: Range<Int>, settings: SimulationSettings,
        recorder: inout Recorder
    ) -> PerformanceSummary {
        precondition(rules.count == market.contexts.count, "one rule per symbol")
        precondition(!range.isEmpty && range.lowerBound >= 0 && range.upperBound <= market.count, "range inside the series")
        var books = zip(rules, market.contexts).map { Book(rule: $0, series: $1.series) }
        let feeRate = settings.feePct / 100
        let slippage = settings.slippagePct / 100
        let lead = market.leadSeries
        let isLastCandleOfDay = market.contexts[0].isLastCandleOfDay
        let closeOffset = lead.timeframe.milliseconds
        let lastIndex = range.upperBound - 1

        var cash = settings.initialCapital
        var markedEquity = settings.initialCapital
        var statistics = PerformanceAccumulator(initialEquity: settings.initialCapital)

        @inline(__always)
        func close(_ book: inout Book<Rule>, at price: Double, index: Int, reason: ExitReason) {
            guard let position = book.position else { return }
            let fill = price * (1 - position.side.sign * slippage)
            let exitFee = position.quantity * fill * feeRate
            cash += position.value(at: fill) - exitFee
            let profitLoss = position.side.sign * position.quantity * (fill - position.entryPrice)
                - position.entryFee - exitFee
            statistics.addTrade(profitLoss: profitLoss)
            recorder.record(Trade(
                symbol: book.series.symbol, side: position.side,
                entryTime: book.series.openTimes[position.entryIndex], entryPrice: position.entryPrice,
                exitTime: book.series.openTimes[index], exitPrice: fill, quantity: position.quantity,
                fees: position.entryFee + exitFee, profitLoss: profitLoss, exitReason: reason,
                confidence: position.confidence, candlesHeld: index - position.entryIndex + 1))
            book.position = nil
        }

        @inline(__always)
        func open(_ book: inout Book<Rule>, side: Side, index: Int, signalIndex: Int) {
            let fill = book.series.opens[index] * (1 + side.sign * slippage)
            let notional: Double
            switch settings.sizing {
            case let .fixedQuote(amount):
                guard cash >= amount * (1 + feeRate) else { return }
                notional = amount
            case let .percentOfEquity(percent):
                notional = min(markedEquity * percent / 100, cash / (1 + feeRate))
            }
            guard notional > 0, fill > 0 else { return }
            let entryFee = notional * feeRate
            cash -= notional + entryFee
            let levels = book.rule.exitLevels(side: side, fillPrice: fill, signalIndex: signalIndex)
            book.position = OpenPosition(
                side: side, quantity: notional / fill, entryPrice: fill, entryFee: entryFee, entryIndex: index,
                stopLoss: levels.stopLoss ?? .nan, takeProfit: levels.takeProfit ?? .nan,
                confidence: book.rule.confidence(side: side, signalIndex: signalIndex))
        }

        for index in range {
            var exposed = false
            var positionsValue = 0.0
            for symbol in books.indices {
                // 1. The order decided at the previous close fills at this open.
                switch books[symbol].pending {
                case .none: break
                case let .enter(side):
                    if books[symbol].position == nil {
                        open(&books[symbol], side: side, index: index, signalIndex: books[symbol].pendingSignalIndex)
                    }
                case .exit:
                    close(&books[symbol], at: books[symbol].series.opens[index], index: index, reason: .signal)
                }
                books[symbol].pending = .none

                // 2. Stop-loss first, then take-profit.
                if let position = books[symbol].position {
                    exposed = true
                    let series = books[symbol].series
                    let open = series.opens[index], high = series.highs[index], low = series.lows[index]
                    switch position.side {
                    case .long:
                        if low <= position.stopLoss {
                            close(&books[symbol], at: min(open, position.stopLoss), index: index, reason: .stopLoss)
                        } else if high >= position.takeProfit {
                            close(&books[symbol], at: max(open, position.takeProfit), index: index, reason: .takeProfit)
                        }
                    case .short:
                        if high >= position.stopLoss {
                            close(&books[symbol], at: max(open, position.stopLoss), index: index, reason: .stopLoss)
                        } else if low <= position.takeProfit {
                            close(&books[symbol], at: min(open, position.takeProfit), index: index, reason: .takeProfit)
                        }
                    }
                }

                // 3. The window's end closes everything; otherwise decide at the close.
                if index == lastIndex {
                    close(&books[symbol], at: books[symbol].series.closes[index], index: index, reason: .end)
                } else {
                    let holding = books[symbol].position?.side
                    let decision = books[symbol].rule.decision(at: index, holding: holding)
                    switch decision {
                    case .none: break
                    case .enter: if holding == nil { books[symbol].pending = decision }
                    case .exit: if holding != nil { books[symbol].pending = decision }
                    }
                    books[symbol].pendingSignalIndex = index
                }
                if let position = books[symbol].position {
                    positionsValue += position.value(at: books[symbol].series.closes[index])
                }
            }
            let equity = cash + positionsValue
            markedEquity = equity
            statistics.mark(equity: equity, exposed: exposed,
                            dayEnds: index == lastIndex || isLastCandleOfDay[index])
            recorder.recordEquity(time: lead.openTimes[index] + closeOffset, equity: equity)
        }

        let buyAndHold = market.contexts.reduce(0.0) { total, context in
            total + (context.series.closes[lastIndex] / context.series.opens[range.lowerBound] - 1) * 100
        } / Double(market.contexts.count)
        let calendarDays = Double(lead.openTimes[lastIndex] + closeOffset - lead.openTimes[range.lowerBound])
            / Double(UTCTime.millisecondsPerDay)
        return statistics.summary(finalEquity: cash, buyAndHold: buyAndHold, calendarDays: calendarDays)
    }
}
