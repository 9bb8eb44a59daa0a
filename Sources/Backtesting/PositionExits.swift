import Indicators

/// What a strategy's rule may know of the open position when it decides at a close.
public struct PositionView: Sendable, Hashable {
    public var side: Side
    /// The entry fill price (slippage included).
    public var entryPrice: Double
    /// The candle the entry filled in.
    public var entryIndex: Int
    /// The highest high and lowest low from the entry candle to the current one, both included.
    public var highestSinceEntry: Double
    public var lowestSinceEntry: Double

    public init(side: Side, entryPrice: Double, entryIndex: Int, highestSinceEntry: Double, lowestSinceEntry: Double) {
        self.side = side
        self.entryPrice = entryPrice
        self.entryIndex = entryIndex
        self.highestSinceEntry = highestSinceEntry
        self.lowestSinceEntry = lowestSinceEntry
    }

    /// Candles the position has been open, the entry candle and the current one included.
    @inline(__always)
    public func candlesHeld(at index: Int) -> Int { index - entryIndex + 1 }

    /// `(close / entry − 1) × 100`, negated for a short: the trade's return at `close`.
    @inline(__always)
    public func returnPct(at close: Double) -> Double { side.sign * (close / entryPrice - 1) * 100 }
}

/// How positions are managed beyond their fixed stop-loss and take-profit (issue 19), from
/// `trailing_stop_pct` / `trailing_stop_atr`, `trailing_activation_pct` and `max_candles_held`.
///
/// **Trailing stop.** The level follows the best price since entry — the highest high for a
/// long, the lowest low for a short, the entry candle's included — at a distance of
/// `trailing_stop_pct` percent of that price, or `trailing_stop_atr` times ATR(`atr_period`) at
/// the candle it is set at (a percent replaces its ATR twin). It is set at each close and used
/// in the next candle: the level a candle is tested against was set at the previous close, so
/// nothing is decided on a price the candle has not finished making. It only ever tightens.
/// With `trailing_activation_pct` it starts only once the best price is that far in profit
/// from the entry. A candle whose low (long) reaches the level exits at `min(open, level)` —
/// a gap through it fills at the open — with reason `trailing_stop`; it is a stop, so it is
/// tested with the stop-loss (the tighter of the two applies) before the take-profit, and
/// wins a tie with it.
///
/// **Time exit.** With `max_candles_held: N`, a position still open at the close of its N-th
/// candle (the entry candle is the first) closes at that close, reason `time_limit`. Stops and
/// take-profits, tested within the candle, come first: a take-profit hit in the N-th candle
/// is a take-profit.
public struct PositionExits: Sendable {
    /// `trailing_stop_pct / 100`.
    public var trailingFraction: Double?
    /// `trailing_stop_atr` with the ATR column it multiplies.
    public var trailingATR: (multiple: Double, atr: [Double])?
    /// `trailing_activation_pct / 100` (0: from the entry on).
    public var activationFraction: Double
    public var maxCandlesHeld: Int?

    public init(trailingFraction: Double? = nil, trailingATR: (multiple: Double, atr: [Double])? = nil,
                activationFraction: Double = 0, maxCandlesHeld: Int? = nil) {
        self.trailingFraction = trailingFraction
        self.trailingATR = trailingATR
        self.activationFraction = activationFraction
        self.maxCandlesHeld = maxCandlesHeld
    }

    public static let none = PositionExits()

    public var trails: Bool { trailingFraction != nil || trailingATR != nil }

    /// The trailing level for the next candle of a position whose best price is `best`, set at
    /// the close of candle `index`; NaN when not (yet) active.
    @inline(__always)
    func trailingLevel(side: Side, entryPrice: Double, best: Double, index: Int) -> Double {
        guard side.sign * (best / entryPrice - 1) >= activationFraction else { return .nan }
        if let fraction = trailingFraction { return best * (1 - side.sign * fraction) }
        if let (multiple, atr) = trailingATR {
            let range = atr[index]
            return range.isFinite ? best - side.sign * multiple * range : .nan
        }
        return .nan
    }

    /// The parameters of position exits every strategy accepts.
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("trailing_stop_pct", .number(0...100), default: nil,
                      "trailing stop, percent below the best price since entry (above for shorts; replaces trailing_stop_atr; 0: none)"),
        ParameterSpec("trailing_stop_atr", .number(0...1_000), default: nil,
                      "trailing stop, ATR multiples from the best price since entry (0: none)"),
        ParameterSpec("trailing_activation_pct", .number(0...10_000), default: nil,
                      "the trailing stop starts once the best price is this far in profit (percent)"),
        ParameterSpec("max_candles_held", .integer(0...10_000_000), default: nil,
                      "close a position at the close of its N-th candle (0 or absent: never)"),
    ]

    /// From the parameters (``parameters``); ATR(`atr_period`) through the context's cache.
    public init(parameters: ParameterSet, context: SeriesContext) {
        let percent = parameters.number("trailing_stop_pct").flatMap { $0 > 0 ? $0 / 100 : nil }
        trailingFraction = percent
        if percent == nil, let multiple = parameters.number("trailing_stop_atr"), multiple > 0 {
            let period = parameters.number("atr_period") ?? 14
            trailingATR = (multiple, context.indicator(IndicatorKey("atr", period)) {
                Indicator.atr(highs: $0.highs, lows: $0.lows, closes: $0.closes, period: Int(period))
            })
        } else {
            trailingATR = nil
        }
        activationFraction = (parameters.number("trailing_activation_pct") ?? 0) / 100
        maxCandlesHeld = parameters.number("max_candles_held").flatMap { $0 >= 1 ? Int($0) : nil }
    }
}
