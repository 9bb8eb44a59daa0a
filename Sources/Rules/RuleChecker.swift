import Backtesting
import MarketData

/// Checks a parsed rule before any candle is read: names resolve to candle fields, position
/// names (in exit rules) or the study's parameters, calls have the right arguments, periods
/// and offsets are whole numbers known in advance, `@` names a higher timeframe, and the rule
/// as a whole is a condition.
public struct RuleChecker: Sendable {
    /// Every parameter name with every value it takes in the study (its range, or its fixed value).
    public let parameterValues: [String: [Double]]
    /// The study's timeframe: an `@` must name a higher one (nil: any timeframe is accepted).
    public let timeframe: Timeframe?
    /// The study's symbols: an `@` that is no timeframe must name one of them (none: no `@SYMBOL`).
    public let symbols: [String]

    public init(parameterValues: [String: [Double]], timeframe: Timeframe? = nil, symbols: [String] = []) {
        self.parameterValues = parameterValues
        self.timeframe = timeframe
        self.symbols = symbols
    }

    enum Kind: Equatable { case number, condition }

    /// Where in a rule a node sits, for what may appear there.
    struct Scope {
        /// An exit rule, outside any history: position names may be read.
        var positionAllowed: Bool
        /// Inside an indicator's argument, an offset or an `@`: no position names, no `@`.
        var history: String?
        /// The function whose argument this is, if any.
        var call: String?
        var insideHigherTimeframe = false
        var insideOtherSymbol = false
    }

    /// - Parameter isExit: an exit rule (`long_exit`, `short_exit`), which may read the position.
    /// - Throws: ``RuleError`` pointing at the first problem.
    public func check(_ rule: RuleNode, isExit: Bool = false) throws(RuleError) {
        guard try kind(of: rule, Scope(positionAllowed: isExit)) == .condition else {
            throw RuleError("this is a number, but a rule must be a condition: compare it (rsi(14) < 30)", at: rule.position)
        }
    }

    /// Whether a rule reads the open position.
    public static func readsPosition(_ node: RuleNode) -> Bool {
        switch node {
        case .number: false
        case let .name(name, _): PositionName(rawValue: name) != nil
        case let .call(_, arguments, _, _): arguments.contains(where: readsPosition)
        case let .offset(value, offset, _): readsPosition(value) || readsPosition(offset)
        case let .negate(value, _), let .not(value, _), let .higherTimeframe(value, _, _), let .otherSymbol(value, _, _): readsPosition(value)
        case let .binary(_, left, right, _): readsPosition(left) || readsPosition(right)
        }
    }

    /// The parameters a rule reads.
    public static func parameters(in node: RuleNode) -> Set<String> {
        switch node {
        case .number: []
        case let .name(name, _): CandleField(rawValue: name) == nil && PositionName(rawValue: name) == nil ? [name] : []
        case let .call(_, arguments, _, _): arguments.reduce(into: []) { $0.formUnion(parameters(in: $1)) }
        case let .offset(value, offset, _): parameters(in: value).union(parameters(in: offset))
        case let .negate(value, _), let .not(value, _), let .higherTimeframe(value, _, _), let .otherSymbol(value, _, _): parameters(in: value)
        case let .binary(_, left, right, _): parameters(in: left).union(parameters(in: right))
        }
    }

    func kind(of node: RuleNode, _ scope: Scope = Scope(positionAllowed: false)) throws(RuleError) -> Kind {
        switch node {
        case .number:
            return .number
        case let .name(name, at):
            if let position = PositionName(rawValue: name) {
                if parameterValues[name] != nil {
                    throw RuleError("\(name) names the open position in exit rules; rename the parameter", at: at)
                }
                if let history = scope.history {
                    throw RuleError("\(name) describes the open position now and has no history: compare it or do arithmetic with it, "
                        + "but not inside \(history)", at: at)
                }
                guard scope.positionAllowed else {
                    throw RuleError("\(name) describes the open position: use it in long_exit or short_exit, not in an entry rule", at: at)
                }
                _ = position
                return .number
            }
            if CandleField(rawValue: name) != nil || parameterValues[name] != nil { return .number }
            if RuleFunction(rawValue: name) != nil {
                throw RuleError("\(name) is a function; call it, e.g. \(RuleFunction(rawValue: name)!.usage)", at: at)
            }
            let known = CandleField.allCases.map(\.rawValue) + (scope.positionAllowed ? PositionName.allCases.map(\.rawValue) : [])
                + parameterValues.keys.sorted()
            throw RuleError("unknown name \(name)\(didYouMean(name, among: known)); a name is a candle field "
                + "(open, high, low, close, volume), a parameter from parameter_ranges or strategy_params"
                + (scope.positionAllowed ? ", or a position name (candles_held, entry_price, trade_return_pct, highest_since_entry, lowest_since_entry)" : ""), at: at)
        case let .call(name, arguments, part, at):
            return try checkCall(name, arguments, part, at: at, scope)
        case let .offset(value, offset, at):
            if case let .higherTimeframe(_, timeframe, _) = value {
                throw RuleError("an offset after @\(timeframe) would count the study's candles; put it before the @: "
                    + "close[1]@\(timeframe) is the previous \(timeframe) candle's close", at: at)
            }
            if case let .otherSymbol(_, symbol, _) = value {
                throw RuleError("an offset after @\(symbol) would count this symbol's candles; put it before the @: "
                    + "close[1]@\(symbol) is \(symbol)'s previous close", at: at)
            }
            var inner = scope
            inner.history = inner.history ?? "an offset [...]"
            guard try kind(of: value, inner) == .number else {
                throw RuleError("[...] looks back at a number, not a condition; put the offset on the values it compares", at: at)
            }
            try requireKnownInAdvance(offset, what: "an offset", minimum: 0, whole: true)
            return .number
        case let .negate(value, at):
            guard try kind(of: value, scope) == .number else { throw RuleError("- needs a number, not a condition", at: at) }
            return .number
        case let .not(value, at):
            guard try kind(of: value, scope) == .condition else {
                throw RuleError("not needs a condition, not a number; compare the number first", at: at)
            }
            return .condition
        case let .binary(op, left, right, at):
            let leftKind = try kind(of: left, scope), rightKind = try kind(of: right, scope)
            if op.isLogical {
                if leftKind != .condition { throw RuleError("\(op.rawValue) joins conditions, but this is a number; compare it first", at: left.position) }
                if rightKind != .condition { throw RuleError("\(op.rawValue) joins conditions, but this is a number; compare it first", at: right.position) }
                return .condition
            }
            if leftKind != .number { throw RuleError("\(op.rawValue) needs numbers on both sides, but this is a condition", at: left.position) }
            if rightKind != .number { throw RuleError("\(op.rawValue) needs numbers on both sides, but this is a condition", at: right.position) }
            _ = at
            return op.isComparison ? .condition : .number
        case let .higherTimeframe(value, spelling, at):
            let higher = try higherTimeframe(spelling, at: at)
            if scope.insideHigherTimeframe {
                throw RuleError("an @ inside another @: the whole expression is already on \(spelling)'s candles; remove the inner @", at: at)
            }
            if let call = scope.call {
                throw RuleError("\(call)(...) of a value @\(spelling) would mix the two timeframes candle by candle; compute "
                    + "it on the \(spelling) candles: put the @ after the call, e.g. ema(close, 50)@\(spelling)", at: at)
            }
            if scope.history != nil {
                throw RuleError("an @ inside an offset: put the offset inside it, close[1]@\(spelling)", at: at)
            }
            _ = higher
            var inner = scope
            inner.insideHigherTimeframe = true
            inner.history = "an @ expression (it is computed on other candles)"
            return try kind(of: value, inner)
        case let .otherSymbol(value, symbol, at):
            guard symbols.contains(symbol) else {
                throw RuleError("@\(symbol) is neither a timeframe nor one of the study's symbols\(didYouMean(symbol, among: symbols)); "
                    + "an @ reads a higher timeframe (close@1d) or a symbol listed in symbols: (close@BTCUSDT)", at: at)
            }
            if scope.insideOtherSymbol {
                throw RuleError("an @\(symbol) inside another symbol's @: the whole expression is already on that symbol's candles; remove one", at: at)
            }
            if scope.insideHigherTimeframe {
                throw RuleError("@\(symbol) inside an @ of a timeframe: put the symbol outside, e.g. sma(close, 20)@1d@\(symbol)", at: at)
            }
            if let call = scope.call {
                throw RuleError("\(call)(...) of a value @\(symbol) would mix the two symbols candle by candle; compute it on "
                    + "\(symbol)'s candles: put the @ after the call, e.g. sma(close, 200)@\(symbol)", at: at)
            }
            if scope.history != nil {
                throw RuleError("an @\(symbol) inside an offset: put the offset inside it, close[1]@\(symbol)", at: at)
            }
            var inner = scope
            inner.insideOtherSymbol = true
            inner.history = "an @ expression (it is computed on other candles)"
            return try kind(of: value, inner)
        }
    }

    /// The timeframe after an `@`: a known one, higher than the study's and a whole multiple of it.
    func higherTimeframe(_ spelling: String, at: Int) throws(RuleError) -> Timeframe {
        guard let higher = Timeframe(rawValue: spelling) else {
            throw RuleError("@\(spelling) is not a timeframe\(didYouMean(spelling, among: Timeframe.allCases.map(\.rawValue))); "
                + "write one of \(Timeframe.allSpellings)", at: at)
        }
        if higher == .threeDays {
            throw RuleError("@3d candles have no agreed start; use @1d or @1w", at: at)
        }
        if let timeframe {
            guard higher.milliseconds > timeframe.milliseconds else {
                throw RuleError("@\(spelling) is not higher than the study's timeframe \(timeframe.rawValue); an @ reads candles longer than the study's", at: at)
            }
            guard higher.milliseconds % timeframe.milliseconds == 0 else {
                throw RuleError("@\(spelling) is not a whole number of the study's \(timeframe.rawValue) candles; pick a timeframe that is", at: at)
            }
        }
        return higher
    }

    func checkCall(_ name: String, _ arguments: [RuleNode], _ part: String?, at: Int, _ scope: Scope) throws(RuleError) -> Kind {
        guard let function = RuleFunction(rawValue: name) else {
            if CandleField(rawValue: name) != nil || parameterValues[name] != nil {
                throw RuleError("\(name) is not a function; write \(name) without parentheses", at: at)
            }
            throw RuleError("unknown function \(name)\(didYouMean(name, among: RuleFunction.allCases.map(\.rawValue))); the functions are "
                + RuleFunction.allCases.map(\.rawValue).joined(separator: ", "), at: at)
        }
        guard let form = function.forms.first(where: { $0.count == arguments.count }) else {
            let counts = function.forms.map { String($0.count) }.joined(separator: " or ")
            throw RuleError("\(name) takes \(counts) argument\(counts == "1" ? "" : "s"), not \(arguments.count): \(function.usage)", at: at)
        }
        var inner = scope
        inner.history = inner.history ?? "the argument of \(name)(...)"
        inner.call = inner.call ?? name
        for (argument, expected) in zip(arguments, form) {
            switch expected {
            case .series:
                guard try kind(of: argument, inner) == .number else {
                    throw RuleError("\(name) needs a number here, not a condition: \(function.usage)", at: argument.position)
                }
            case .period:
                try requireKnownInAdvance(argument, what: "the period of \(name)", minimum: 1, whole: true)
            case .width:
                try requireKnownInAdvance(argument, what: "the width of \(name)", minimum: .leastNonzeroMagnitude, whole: false)
            }
        }
        if function == .macd { try checkFastBelowSlow(arguments[0], arguments[1]) }
        if function.parts.isEmpty, let part {
            throw RuleError("\(name)(...) has no parts; remove .\(part)", at: at)
        }
        if !function.parts.isEmpty {
            guard let part else {
                throw RuleError("\(name)(...) has several values; pick one with .\(function.parts.joined(separator: ", .")): \(function.usage)", at: at)
            }
            guard function.parts.contains(part) else {
                throw RuleError("\(name)(...) has no part .\(part)\(didYouMean(part, among: function.parts)); its parts are ."
                    + function.parts.joined(separator: ", ."), at: at)
            }
        }
        return function.isCondition ? .condition : .number
    }

    /// MACD needs `fast <= slow` for every combination the study searches.
    func checkFastBelowSlow(_ fast: RuleNode, _ slow: RuleNode) throws(RuleError) {
        func values(_ node: RuleNode) -> (values: [Double], source: String)? {
            switch node {
            case let .number(value, _): ([value], "")
            case let .name(name, _): parameterValues[name].map { ($0, " (parameter \(name))") }
            default: nil
            }
        }
        guard let fastValues = values(fast), let slowValues = values(slow) else { return }
        if case let .name(a, _) = fast, case let .name(b, _) = slow, a == b { return }
        guard let fastest = fastValues.values.max(), let slowest = slowValues.values.min(), fastest > slowest else { return }
        throw RuleError("the fast period of macd must not exceed its slow period, but it can be \(RuleFormatting.number(fastest))"
            + "\(fastValues.source) while the slow one is \(RuleFormatting.number(slowest))\(slowValues.source)", at: fast.position)
    }

    /// Periods, widths and offsets above this are refused: no study has a million candles of
    /// look-back, and a bound keeps every value a valid `Int`.
    static let largestConstant = 1_000_000.0

    /// A period, width or offset: a number or a parameter, every value of which is at least
    /// `minimum`, at most ``largestConstant`` (and whole when `whole`).
    func requireKnownInAdvance(_ node: RuleNode, what: String, minimum: Double, whole: Bool) throws(RuleError) {
        let requirement = whole ? (minimum == 0 ? "a whole number from 0" : "a whole number from \(Int(minimum))") + " to 1000000"
            : "a number > 0 and at most 1000000"
        func problem(_ value: Double) -> Bool {
            value < minimum || value > Self.largestConstant || (whole && value != value.rounded()) || !value.isFinite
        }
        switch node {
        case let .number(value, at):
            if problem(value) { throw RuleError("\(what) must be \(requirement), not \(RuleFormatting.number(value))", at: at) }
        case let .name(name, at):
            guard let values = parameterValues[name] else {
                if CandleField(rawValue: name) != nil {
                    throw RuleError("\(what) must be known before the candles are read (a number or a parameter), not the candle field \(name)", at: at)
                }
                _ = try kind(of: node)   // unknown name: the usual message
                return
            }
            if let bad = values.first(where: problem) {
                throw RuleError("\(what) must be \(requirement), but parameter \(name) takes the value \(RuleFormatting.number(bad))", at: at)
            }
        default:
            throw RuleError("\(what) must be \(requirement) written as a number or a parameter name", at: node.position)
        }
    }
}

extension RuleChecker {
    /// How many candles of the study's `timeframe` a rule reads before its first defined value,
    /// at the largest value each parameter takes: periods and offsets add up along the rule
    /// (an EMA of an RSI needs both), and an `@` expression needs its own look-back in higher
    /// candles, each as many study candles as it spans. What the warm-up must cover.
    func lookback(_ node: RuleNode, timeframe: Timeframe) -> Int {
        func largest(_ node: RuleNode) -> Int {
            switch node {
            case let .number(value, _): return value.isFinite ? Int(min(max(value, 0), Self.largestConstant).rounded(.up)) : 0
            case let .name(name, _): return Int((parameterValues[name]?.max() ?? 0).rounded(.up))
            default: return 0
            }
        }
        switch node {
        case .number, .name:
            return 0
        case let .call(name, arguments, _, _):
            guard let function = RuleFunction(rawValue: name) else { return 0 }
            let form = function.forms.first { $0.count == arguments.count } ?? []
            let periods = zip(form, arguments).filter { $0.0 == .period }.map { largest($0.1) }
            let inputs = zip(form, arguments).filter { $0.0 == .series }.map { lookback($0.1, timeframe: timeframe) }.max() ?? 0
            let own: Int
            switch function {
            case .adx: own = 2 * (periods.first ?? 0)
            case .macd: own = periods.count == 3 ? periods[1] + periods[2] : 0
            case .stoch: own = periods.reduce(0, +)
            case .crosses_above, .crosses_below: own = 1
            default: own = periods.max() ?? 0
            }
            return inputs + own
        case let .offset(value, offset, _):
            return lookback(value, timeframe: timeframe) + largest(offset)
        case let .negate(value, _), let .not(value, _):
            return lookback(value, timeframe: timeframe)
        case let .binary(_, left, right, _):
            return max(lookback(left, timeframe: timeframe), lookback(right, timeframe: timeframe))
        case let .higherTimeframe(value, spelling, _):
            guard let higher = Timeframe(rawValue: spelling), higher.milliseconds > timeframe.milliseconds else { return 0 }
            // One more higher candle: the first may be partial, and is left out.
            let ratio = Int(higher.milliseconds / timeframe.milliseconds)
            return (lookback(value, timeframe: higher) + 2) * ratio
        case let .otherSymbol(value, _, _):
            // The other symbol's candles are of the same timeframe.
            return lookback(value, timeframe: timeframe)
        }
    }
}
