/// The functions a rule may call, with what each argument must be.
///
/// A *series* argument is any number-valued expression (`close`, `rsi(14)`, `high - low`);
/// a *period* is a whole number ≥ 1 and a *width* a number > 0, each written as a number or
/// a parameter name, so it is known before the candles are read.
enum RuleFunction: String, CaseIterable, Sendable {
    case rsi, sma, ema, atr, adx, plus_di, minus_di, macd, bb, highest, lowest, crosses_above, crosses_below

    enum Argument: Equatable { case series, period, width }

    /// The accepted argument lists; the first series of `sma` and `ema` may be left out (close).
    var forms: [[Argument]] {
        switch self {
        case .rsi, .atr, .adx, .plus_di, .minus_di: [[.period]]
        case .sma, .ema: [[.period], [.series, .period]]
        case .macd: [[.period, .period, .period]]
        case .bb: [[.period, .width]]
        case .highest, .lowest: [[.series, .period]]
        case .crosses_above, .crosses_below: [[.series, .series]]
        }
    }

    /// The parts that must follow the call (`macd(...).line`); empty when none may.
    var parts: [String] {
        switch self {
        case .macd: ["line", "signal", "hist"]
        case .bb: ["upper", "middle", "lower"]
        default: []
        }
    }

    var isCondition: Bool { self == .crosses_above || self == .crosses_below }

    /// How the call is written, for messages: `sma(x?, n)`.
    var usage: String {
        switch self {
        case .rsi, .atr, .adx, .plus_di, .minus_di: "\(rawValue)(n)"
        case .sma, .ema: "\(rawValue)(n) or \(rawValue)(x, n)"
        case .macd: "macd(fast, slow, signal).line|signal|hist"
        case .bb: "bb(n, k).upper|middle|lower"
        case .highest, .lowest: "\(rawValue)(x, n)"
        case .crosses_above, .crosses_below: "\(rawValue)(a, b)"
        }
    }
}

/// The candle columns a rule can read.
enum CandleField: String, CaseIterable, Sendable {
    case open, high, low, close, volume
}
