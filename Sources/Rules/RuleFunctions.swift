/// The functions a rule may call, with what each argument must be.
///
/// A *series* argument is any number-valued expression (`close`, `rsi(14)`, `high - low`);
/// a *period* is a whole number ≥ 1 and a *width* a number > 0, each written as a number or
/// a parameter name, so it is known before the candles are read.
enum RuleFunction: String, CaseIterable, Sendable {
    case rsi, sma, ema, atr, adx, plus_di, minus_di, macd, bb, highest, lowest, crosses_above, crosses_below
    case stoch, cci, obv, vwap, donchian, keltner, supertrend, stdev, zscore, roc, percent_rank
    case abs, min, max, log, sqrt

    enum Argument: Equatable { case series, period, width }

    /// The accepted argument lists; the first series of `sma`, `ema`, `stdev`, `zscore`, `roc`
    /// and `percent_rank` may be left out (close).
    var forms: [[Argument]] {
        switch self {
        case .rsi, .atr, .adx, .plus_di, .minus_di, .cci, .donchian: [[.period]]
        case .sma, .ema, .stdev, .zscore, .roc, .percent_rank: [[.period], [.series, .period]]
        case .macd, .stoch: [[.period, .period, .period]]
        case .bb, .keltner, .supertrend: [[.period, .width]]
        case .highest, .lowest: [[.series, .period]]
        case .crosses_above, .crosses_below, .min, .max: [[.series, .series]]
        case .obv: [[]]
        case .vwap: [[], [.period]]
        case .abs, .log, .sqrt: [[.series]]
        }
    }

    /// The parts that must follow the call (`macd(...).line`); empty when none may.
    var parts: [String] {
        switch self {
        case .macd: ["line", "signal", "hist"]
        case .bb, .donchian, .keltner: ["upper", "middle", "lower"]
        case .stoch: ["k", "d"]
        default: []
        }
    }

    var isCondition: Bool { self == .crosses_above || self == .crosses_below }

    /// How the call is written, for messages: `sma(x?, n)`.
    var usage: String {
        switch self {
        case .rsi, .atr, .adx, .plus_di, .minus_di, .cci: "\(rawValue)(n)"
        case .sma, .ema, .stdev, .zscore, .roc, .percent_rank: "\(rawValue)(n) or \(rawValue)(x, n)"
        case .macd: "macd(fast, slow, signal).line|signal|hist"
        case .bb: "bb(n, k).upper|middle|lower"
        case .donchian: "donchian(n).upper|middle|lower"
        case .keltner: "keltner(n, k).upper|middle|lower"
        case .stoch: "stoch(k_period, smoothing, d_period).k|d"
        case .supertrend: "supertrend(n, k)"
        case .highest, .lowest: "\(rawValue)(x, n)"
        case .crosses_above, .crosses_below: "\(rawValue)(a, b)"
        case .min, .max: "\(rawValue)(a, b)"
        case .obv: "obv()"
        case .vwap: "vwap() for each session, or vwap(n) over the last n candles"
        case .abs, .log, .sqrt: "\(rawValue)(x)"
        }
    }
}

/// The candle columns a rule can read.
enum CandleField: String, CaseIterable, Sendable {
    case open, high, low, close, volume
}

/// What an exit rule may read of the open position (issue 19): they have no history, so they
/// appear in comparisons and arithmetic, never inside an indicator, an offset or an `@`.
enum PositionName: String, CaseIterable, Sendable {
    /// Candles the position has been open, the entry candle and the current one included.
    case candles_held
    /// The entry's fill price.
    case entry_price
    /// `(close / entry_price − 1) × 100`, negated for a short: the trade's return at this close.
    case trade_return_pct
    /// The highest high and lowest low from the entry candle to this one.
    case highest_since_entry, lowest_since_entry
}
