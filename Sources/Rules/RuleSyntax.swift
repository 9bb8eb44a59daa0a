/// The syntax tree of one rule, e.g. `rsi(rsi_period) < rsi_oversold and close > ema(trend)`.
///
/// Every node keeps the offset (in characters, from 0) of its first character in the rule's
/// text, so errors can put a caret under it.
public indirect enum RuleNode: Sendable, Equatable {
    case number(Double, at: Int)
    /// A parameter or a candle field.
    case name(String, at: Int)
    /// `rsi(14)`, `macd(12, 26, 9).line`: a function, its arguments, and the part picked.
    case call(function: String, arguments: [RuleNode], part: String?, at: Int)
    /// `x[k]`: the value `k` candles ago.
    case offset(RuleNode, by: RuleNode, at: Int)
    case negate(RuleNode, at: Int)
    case not(RuleNode, at: Int)
    case binary(RuleOperator, RuleNode, RuleNode, at: Int)
    /// `x@1d`: `x` computed on the candles of a higher timeframe (built from the study's own),
    /// seen at each candle as it was at the last higher-timeframe candle closed by then.
    case higherTimeframe(RuleNode, timeframe: String, at: Int)
    /// `x@BTCUSDT`: `x` computed on another symbol of the study's universe, seen at each candle
    /// as it was at that symbol's last candle opening at or before it (NaN before it lists).
    case otherSymbol(RuleNode, symbol: String, at: Int)

    public var position: Int {
        switch self {
        case let .number(_, at), let .name(_, at), let .call(_, _, _, at), let .offset(_, _, at),
             let .negate(_, at), let .not(_, at), let .binary(_, _, _, at), let .higherTimeframe(_, _, at),
             let .otherSymbol(_, _, at): at
        }
    }
}

/// Binary operators, loosest first: `or`, `and`, comparisons, `+ -`, `* /`.
public enum RuleOperator: String, Sendable, CaseIterable {
    case or, and
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    case plus = "+", minus = "-", times = "*", divide = "/"

    /// Higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual: 3
        case .plus, .minus: 4
        case .times, .divide: 5
        }
    }

    var isComparison: Bool { precedence == 3 }
    var isLogical: Bool { precedence <= 2 }
}

/// A problem in a rule: what is wrong, and the character offset it points at.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var column: Int

    public init(_ message: String, at column: Int) {
        self.message = message
        self.column = column
    }

    public var description: String { message }

    /// The message, then the rule with a caret under the column:
    /// ```
    /// expected ")" to close rsi(, found "<"
    ///     rsi(rsi_period < 30
    ///                    ^
    /// ```
    public func pointing(into rule: String) -> String {
        let caretColumn = min(max(column, 0), rule.count)
        return "\(message)\n    \(rule)\n    \(String(repeating: " ", count: caretColumn))^"
    }
}
