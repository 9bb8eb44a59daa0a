import Backtesting

/// Checks a parsed rule before any candle is read: names resolve to candle fields or to
/// the study's parameters, calls have the right arguments, periods and offsets are whole
/// numbers known in advance, and the rule as a whole is a condition.
public struct RuleChecker: Sendable {
    /// Every parameter name with every value it takes in the study (its range, or its fixed value).
    public let parameterValues: [String: [Double]]

    public init(parameterValues: [String: [Double]]) {
        self.parameterValues = parameterValues
    }

    enum Kind: Equatable { case number, condition }

    /// - Throws: ``RuleError`` pointing at the first problem.
    public func check(_ rule: RuleNode) throws(RuleError) {
        guard try kind(of: rule) == .condition else {
            throw RuleError("this is a number, but a rule must be a condition: compare it (rsi(14) < 30)", at: rule.position)
        }
    }

    /// The parameters a rule reads.
    public static func parameters(in node: RuleNode) -> Set<String> {
        switch node {
        case .number: []
        case let .name(name, _): CandleField(rawValue: name) == nil ? [name] : []
        case let .call(_, arguments, _, _): arguments.reduce(into: []) { $0.formUnion(parameters(in: $1)) }
        case let .offset(value, offset, _): parameters(in: value).union(parameters(in: offset))
        case let .negate(value, _), let .not(value, _): parameters(in: value)
        case let .binary(_, left, right, _): parameters(in: left).union(parameters(in: right))
        }
    }

    func kind(of node: RuleNode) throws(RuleError) -> Kind {
        switch node {
        case .number:
            return .number
        case let .name(name, at):
            if CandleField(rawValue: name) != nil || parameterValues[name] != nil { return .number }
            if RuleFunction(rawValue: name) != nil {
                throw RuleError("\(name) is a function; call it, e.g. \(RuleFunction(rawValue: name)!.usage)", at: at)
            }
            let known = CandleField.allCases.map(\.rawValue) + parameterValues.keys.sorted()
            throw RuleError("unknown name \(name)\(didYouMean(name, among: known)); a name is a candle field "
                + "(open, high, low, close, volume) or a parameter from parameter_ranges or strategy_params", at: at)
        case let .call(name, arguments, part, at):
            return try checkCall(name, arguments, part, at: at)
        case let .offset(value, offset, at):
            guard try kind(of: value) == .number else {
                throw RuleError("[...] looks back at a number, not a condition; put the offset on the values it compares", at: at)
            }
            try requireKnownInAdvance(offset, what: "an offset", minimum: 0, whole: true)
            return .number
        case let .negate(value, at):
            guard try kind(of: value) == .number else { throw RuleError("- needs a number, not a condition", at: at) }
            return .number
        case let .not(value, at):
            guard try kind(of: value) == .condition else {
                throw RuleError("not needs a condition, not a number; compare the number first", at: at)
            }
            return .condition
        case let .binary(op, left, right, at):
            let leftKind = try kind(of: left), rightKind = try kind(of: right)
            if op.isLogical {
                if leftKind != .condition { throw RuleError("\(op.rawValue) joins conditions, but this is a number; compare it first", at: left.position) }
                if rightKind != .condition { throw RuleError("\(op.rawValue) joins conditions, but this is a number; compare it first", at: right.position) }
                return .condition
            }
            if leftKind != .number { throw RuleError("\(op.rawValue) needs numbers on both sides, but this is a condition", at: left.position) }
            if rightKind != .number { throw RuleError("\(op.rawValue) needs numbers on both sides, but this is a condition", at: right.position) }
            _ = at
            return op.isComparison ? .condition : .number
        }
    }

    func checkCall(_ name: String, _ arguments: [RuleNode], _ part: String?, at: Int) throws(RuleError) -> Kind {
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
        for (argument, expected) in zip(arguments, form) {
            switch expected {
            case .series:
                guard try kind(of: argument) == .number else {
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
