import MarketData

/// The broker: fills a strategy's decisions on candles and marks equity (SPEC section 5).
///
/// Per candle `i` of the range, for each symbol, in this order:
/// 1. an order decided at the close of `i − 1` fills at the open of `i` (slippage against
///    the trader; an entry's stop-loss and take-profit are set from its fill price);
/// 2. a long position exits at `min(open, SL)` when `low <= SL`, else at `max(open, TP)`
///    when `high >= TP` (shorts mirrored): **the stop-loss wins when both are touched**,
///    and a gap through a level fills at the open; levels are live from the entry candle. A
///    trailing stop is a stop: the tighter of it (as set at the previous close) and the
///    stop-loss is tested (``PositionExits``);
/// 3. on the range's last candle an open position closes at the close (reason `end`);
///    otherwise at its `max_candles_held`-th candle (reason `time_limit`), or with
///    `flat_at_session_close` on a session's last candle (reason `session_close`), it closes
///    at the close; a position still open moves its trailing stop for the next candle; then
///    the rule decides at the close (seeing the position: ``PositionView``), and the order waits
///    for the next open — the next session's, with its gap — so a signal on the range's last
///    candle opens nothing;
/// then equity (`cash + Σ position value at close`) is marked, and at a session's last candle
/// (a UTC day's on `24/7`) the day's return is taken.
///
/// Fees (`fee_pct` of notional) are paid on entry and exit. Position value is
/// `quantity × entry + sign × quantity × (price − entry)`: a short locks its entry notional
/// like a long does, so both sides are sized against cash the same way.
enum Simulator {
    static func run<Rule: SignalRule, Recorder: SimulationRecorder>(
        market: Market, rules: [Rule], range: Range<Int>, settings: SimulationSettings,
        recorder: inout Recorder
    ) -> PerformanceSummary {
        precondition(rules.count == market.contexts.count, "one rule per symbol")
        precondition(!range.isEmpty && range.lowerBound >= 0 && range.upperBound <= market.count, "range inside the series")
        var broker = Broker(settings: settings, recorder: recorder)
        precondition(market.isAligned, "a plain simulation needs aligned symbols; a universe is a portfolio's")
        let isLastCandleOfSession = market.isLastCandleOfSession
        let flatAtSessionClose = settings.flatAtSessionClose
        let closeOffset = market.timeframe.milliseconds
        let openTimes = market.openTimes
        let lastIndex = range.upperBound - 1
        var tracks = zip(rules, market.contexts).map { SymbolTrack(rule: $0, series: $1.series) }

        if tracks.count == 1 {
            // One symbol: the track lives in locals, which lets the optimizer keep it in registers;
            // the last candle is stepped on its own so the loop body has no end-of-range branch.
            var track = tracks[0]
            for index in range.lowerBound..<lastIndex {
                let sessionEnds = isLastCandleOfSession[index]
                let (exposed, value) = track.step(at: index, isLast: false, flattens: flatAtSessionClose && sessionEnds, broker: &broker)
                broker.mark(equity: broker.cash + value, exposed: exposed, time: openTimes[index] + closeOffset, dayEnds: sessionEnds)
            }
            let (exposed, value) = track.step(at: lastIndex, isLast: true, flattens: false, broker: &broker)
            broker.mark(equity: broker.cash + value, exposed: exposed, time: openTimes[lastIndex] + closeOffset, dayEnds: true)
        } else {
            for index in range {
                var anyExposed = false
                var positionsValue = 0.0
                let sessionEnds = isLastCandleOfSession[index]
                for symbol in tracks.indices {
                    let (exposed, value) = tracks[symbol].step(at: index, isLast: index == lastIndex,
                                                               flattens: flatAtSessionClose && sessionEnds, broker: &broker)
                    anyExposed = anyExposed || exposed
                    positionsValue += value
                }
                broker.mark(equity: broker.cash + positionsValue, exposed: anyExposed, time: openTimes[index] + closeOffset,
                            dayEnds: index == lastIndex || sessionEnds)
            }
        }
        recorder = broker.recorder

        let buyAndHold = BuyAndHold.returnPct(market: market, range: range)
        let calendarDays = Double(openTimes[lastIndex] + closeOffset - openTimes[range.lowerBound])
            / Double(UTCTime.millisecondsPerDay)
        return broker.statistics.summary(finalEquity: broker.cash, buyAndHold: buyAndHold, calendarDays: calendarDays,
                                         tradingDaysPerYear: market.tradingDaysPerYear)
    }
}

/// An open position. Levels are NaN when not used: every comparison with NaN is false.
struct OpenPosition {
    var side: Side
    var quantity: Double
    var entryPrice: Double
    var entryFee: Double
    var entryIndex: Int
    var stopLoss: Double
    var takeProfit: Double
    var confidence: Double?
    /// The highest high and lowest low since entry (the entry candle's included, once it closed).
    var highest: Double
    var lowest: Double
    /// The trailing stop for the current candle, set at the previous close; NaN when none.
    var trailingLevel: Double = .nan

    var view: PositionView {
        PositionView(side: side, entryPrice: entryPrice, entryIndex: entryIndex, highestSinceEntry: highest, lowestSinceEntry: lowest)
    }

    @inline(__always)
    func value(at price: Double) -> Double {
        quantity * entryPrice + side.sign * quantity * (price - entryPrice)
    }
}

/// Cash, costs and statistics shared by every symbol of a simulation.
struct Broker<Recorder: SimulationRecorder> {
    var cash: Double
    /// Equity at the last close: the base of percent sizing.
    var markedEquity: Double
    var statistics: PerformanceAccumulator
    var recorder: Recorder
    let feeRate: Double
    let slippage: Double
    let sizing: SimulationSettings.Sizing

    init(settings: SimulationSettings, recorder: Recorder) {
        cash = settings.initialCapital
        markedEquity = settings.initialCapital
        statistics = PerformanceAccumulator(initialEquity: settings.initialCapital)
        self.recorder = recorder
        feeRate = settings.feePct / 100
        slippage = settings.slippagePct / 100
        sizing = settings.sizing
    }

    /// Pays for an entry at `openPrice` (before slippage); nil when cash cannot pay for it.
    @inline(__always)
    mutating func open(side: Side, openPrice: Double, index: Int) -> OpenPosition? {
        let fill = openPrice * (1 + side.sign * slippage)
        let notional: Double
        switch sizing {
        case let .fixedQuote(amount):
            guard cash >= amount * (1 + feeRate) else { return nil }
            notional = amount
        case let .percentOfEquity(percent):
            notional = min(markedEquity * percent / 100, cash / (1 + feeRate))
        }
        guard notional > 0, fill > 0 else { return nil }
        let entryFee = notional * feeRate
        cash -= notional + entryFee
        return OpenPosition(side: side, quantity: notional / fill, entryPrice: fill, entryFee: entryFee, entryIndex: index,
                            stopLoss: .nan, takeProfit: .nan, confidence: nil, highest: fill, lowest: fill)
    }

    /// Entries a portfolio skipped because cash could not pay their target size.
    var skippedEntries = 0

    /// Pays for a portfolio entry of `notional` at `openPrice` (before slippage): **skipped, not
    /// shrunk**, when its cost `notional × (1 + fee)` is above the cash by more than `1e-12` of
    /// the cash (rounding, within which it is sized to the cash); nil then, and counted.
    @inline(__always)
    mutating func open(side: Side, openPrice: Double, index: Int, notional target: Double) -> OpenPosition? {
        let fill = openPrice * (1 + side.sign * slippage)
        guard target > 0, target.isFinite, fill > 0 else { return nil }
        var notional = target
        let sizedToCash = notional * (1 + feeRate) > cash
        if sizedToCash {
            guard notional * (1 + feeRate) - cash <= cash * 1e-12 else {
                skippedEntries += 1
                return nil
            }
            notional = cash / (1 + feeRate)
        }
        let entryFee = notional * feeRate
        cash = sizedToCash ? 0 : cash - (notional + entryFee)
        return OpenPosition(side: side, quantity: notional / fill, entryPrice: fill, entryFee: entryFee, entryIndex: index,
                            stopLoss: .nan, takeProfit: .nan, confidence: nil, highest: fill, lowest: fill)
    }

    /// Closes `position` at `price` (before slippage) during candle `index`.
    @inline(__always)
    mutating func close(_ position: OpenPosition, at price: Double, index: Int, reason: ExitReason,
                        symbol: String, openTimes: [Int64]) {
        let fill = price * (1 - position.side.sign * slippage)
        let exitFee = position.quantity * fill * feeRate
        cash += position.value(at: fill) - exitFee
        let profitLoss = position.side.sign * position.quantity * (fill - position.entryPrice) - position.entryFee - exitFee
        statistics.addTrade(profitLoss: profitLoss)
        recorder.record(Trade(
            symbol: symbol, side: position.side, entryTime: openTimes[position.entryIndex], entryPrice: position.entryPrice,
            exitTime: openTimes[index], exitPrice: fill, quantity: position.quantity, fees: position.entryFee + exitFee,
            profitLoss: profitLoss, exitReason: reason, confidence: position.confidence,
            candlesHeld: index - position.entryIndex + 1))
    }

    @inline(__always)
    mutating func mark(equity: Double, exposed: Bool, time: Int64, dayEnds: Bool) {
        markedEquity = equity
        statistics.mark(equity: equity, exposed: exposed, dayEnds: dayEnds)
        recorder.recordEquity(time: time, equity: equity, dayEnds: dayEnds)
    }
}

/// One symbol's candles, rule, position and pending order.
struct SymbolTrack<Rule: SignalRule> {
    let rule: Rule
    let symbol: String
    let openTimes: [Int64]
    let opens: [Double]
    let highs: [Double]
    let lows: [Double]
    let closes: [Double]
    var position: OpenPosition?
    var pending: Decision = .none
    var pendingSignalIndex = 0
    /// The rule's trailing stop and time exit; `managesPositions` when either is on.
    let exits: PositionExits
    let managesPositions: Bool
    /// Whether the highest and lowest prices since entry are kept: for a trailing stop, or a
    /// rule that reads them.
    let tracksExtremes: Bool

    init(rule: Rule, series: CandleSeries) {
        self.rule = rule
        exits = rule.positionExits
        managesPositions = exits.trails || exits.maxCandlesHeld != nil
        tracksExtremes = exits.trails || rule.readsPosition
        symbol = series.symbol
        openTimes = series.openTimes
        opens = series.opens
        highs = series.highs
        lows = series.lows
        closes = series.closes
    }

    /// Steps 1 to 3 of the simulator for candle `index`. Returns whether a position was open
    /// during the candle and the value of the position held at its close (0 when flat).
    /// `flattens`: the candle ends a session and positions are not held past it.
    @inline(__always)
    mutating func step<Recorder>(at index: Int, isLast: Bool, flattens: Bool,
                                 broker: inout Broker<Recorder>) -> (exposed: Bool, value: Double) {
        // 1. The order decided at the previous close fills at this open.
        switch pending {
        case .none: break
        case let .enter(side):
            if position == nil, let opened = broker.open(side: side, openPrice: opens[index], index: index) {
                enter(opened, side: side)
            }
        case .exit:
            fillExit(at: index, reason: .signal, broker: &broker)
        }
        pending = .none
        let exposed = position != nil

        exitAtLevels(at: index, broker: &broker)

        // 3. The window's end closes everything; otherwise decide at the close.
        if isLast {
            closeAtClose(at: index, reason: .end, broker: &broker)
            return (exposed, 0)
        }
        manageAtClose(at: index, flattens: flattens, broker: &broker)
        decide(at: index)
        return (exposed, position.map { $0.value(at: closes[index]) } ?? 0)
    }

    /// Holds `opened` with the rule's stop-loss, take-profit and confidence for its signal.
    @inline(__always)
    mutating func enter(_ opened: OpenPosition, side: Side) {
        var opened = opened
        let levels = rule.exitLevels(side: side, fillPrice: opened.entryPrice, signalIndex: pendingSignalIndex)
        opened.stopLoss = levels.stopLoss ?? .nan
        opened.takeProfit = levels.takeProfit ?? .nan
        opened.confidence = rule.confidence(side: side, signalIndex: pendingSignalIndex)
        position = opened
    }

    /// Closes the position, if any, at the open of `index`.
    @inline(__always)
    mutating func fillExit<Recorder>(at index: Int, reason: ExitReason, broker: inout Broker<Recorder>) {
        if let held = position {
            broker.close(held, at: opens[index], index: index, reason: reason, symbol: symbol, openTimes: openTimes)
            position = nil
        }
    }

    /// Closes the position, if any, at the close of `index`.
    @inline(__always)
    mutating func closeAtClose<Recorder>(at index: Int, reason: ExitReason, broker: inout Broker<Recorder>) {
        if let held = position {
            broker.close(held, at: closes[index], index: index, reason: reason, symbol: symbol, openTimes: openTimes)
            position = nil
        }
    }

    /// Step 2: the stop-loss (or the tighter trailing stop) first, then take-profit; then the
    /// position's extremes take in the candle.
    @inline(__always)
    mutating func exitAtLevels<Recorder>(at index: Int, broker: inout Broker<Recorder>) {
        if let held = position {
            let open = opens[index]
            // NaN levels never compare true; the trailing stop applies when it is the tighter.
            var stop = held.stopLoss
            var stopReason = ExitReason.stopLoss
            if managesPositions, !held.trailingLevel.isNaN,
               held.stopLoss.isNaN || held.side.sign * (held.trailingLevel - held.stopLoss) > 0 {
                stop = held.trailingLevel
                stopReason = .trailingStop
            }
            switch held.side {
            case .long:
                if lows[index] <= stop {
                    broker.close(held, at: min(open, stop), index: index, reason: stopReason, symbol: symbol, openTimes: openTimes)
                    position = nil
                } else if highs[index] >= held.takeProfit {
                    broker.close(held, at: max(open, held.takeProfit), index: index, reason: .takeProfit, symbol: symbol, openTimes: openTimes)
                    position = nil
                }
            case .short:
                if highs[index] >= stop {
                    broker.close(held, at: max(open, stop), index: index, reason: stopReason, symbol: symbol, openTimes: openTimes)
                    position = nil
                } else if lows[index] <= held.takeProfit {
                    broker.close(held, at: min(open, held.takeProfit), index: index, reason: .takeProfit, symbol: symbol, openTimes: openTimes)
                    position = nil
                }
            }
        }
        // The position's extremes include this candle once it has closed.
        if tracksExtremes, var held = position {
            held.highest = max(held.highest, highs[index])
            held.lowest = min(held.lowest, lows[index])
            position = held
        }
    }

    /// Step 3 before the decision: the time limit, the trailing stop for the next candle, and
    /// the session close.
    @inline(__always)
    mutating func manageAtClose<Recorder>(at index: Int, flattens: Bool, broker: inout Broker<Recorder>) {
        if managesPositions, var held = position {
            if let limit = exits.maxCandlesHeld, index - held.entryIndex + 1 >= limit {
                broker.close(held, at: closes[index], index: index, reason: .timeLimit, symbol: symbol, openTimes: openTimes)
                position = nil
            } else if exits.trails {
                // Set at this close, used in the next candle; it only tightens.
                let best = held.side == .long ? held.highest : held.lowest
                let level = exits.trailingLevel(side: held.side, entryPrice: held.entryPrice, best: best, index: index)
                if !level.isNaN, held.trailingLevel.isNaN || held.side.sign * (level - held.trailingLevel) > 0 { held.trailingLevel = level }
                position = held
            }
        }
        if flattens { closeAtClose(at: index, reason: .sessionClose, broker: &broker) }
    }

    /// The rule's decision at the close of `index`, kept as the pending order.
    @inline(__always)
    mutating func decide(at index: Int) {
        let holding = position?.side
        switch rule.decision(at: index, position: position?.view) {
        case .none: break
        case let .enter(side): if holding == nil { pending = .enter(side); pendingSignalIndex = index }
        case .exit: if holding != nil { pending = .exit }
        }
    }
}
