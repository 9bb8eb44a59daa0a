/// One strategy parameter value: a number, a word from a fixed set, or a flag.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case flag(Bool)

    /// `14`, `0.5`, `both`, `true`: integers without a decimal point.
    public var description: String {
        switch self {
        case let .number(value): Self.format(value)
        case let .text(value): value
        case let .flag(value): value ? "true" : "false"
        }
    }

    public var number: Double? {
        if case let .number(value) = self { return value }
        return nil
    }

    /// Shortest round-trip text of a number; whole numbers without `.0`.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// What values a parameter accepts.
public enum ParameterKind: Sendable, Hashable {
    /// A whole number in the closed range.
    case integer(ClosedRange<Int>)
    /// A real number in the closed range.
    case number(ClosedRange<Double>)
    /// One word of a fixed set.
    case choice([String])
    /// true or false.
    case flag
}

/// A parameter a strategy reads, with its default and accepted values.
public struct ParameterSpec: Sendable, Hashable {
    public var name: String
    public var kind: ParameterKind
    /// The value used when the study neither fixes nor searches it; nil means "not used"
    /// (an optional feature such as a percent stop-loss).
    public var defaultValue: ParameterValue?
    public var summary: String

    public init(_ name: String, _ kind: ParameterKind, default defaultValue: ParameterValue?, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// Why `value` is not acceptable, or nil when it is.
    public func problem(with value: ParameterValue) -> String? {
        switch (kind, value) {
        case let (.integer(range), .number(number)):
            guard number == number.rounded() else { return "\(name) must be a whole number, got \(value)" }
            guard number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
                return "\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)"
            }
            return nil
        case let (.number(range), .number(number)):
            guard number.isFinite, range.contains(number) else {
                return "\(name) must be between \(ParameterValue.format(range.lowerBound)) and \(ParameterValue.format(range.upperBound)), got \(value)"
            }
            return nil
        case let (.choice(words), .text(word)):
            return words.contains(word) ? nil : "\(name) must be one of \(words.joined(separator: ", ")), got \(word)"
        case (.flag, .flag):
            return nil
        case (.integer, _): return "\(name) must be a whole number, got \(value)"
        case (.number, _): return "\(name) must be a number, got \(value)"
        case let (.choice(words), _): return "\(name) must be one of \(words.joined(separator: ", ")), got \(value)"
        case (.flag, _): return "\(name) must be true or false, got \(value)"
        }
    }
}

/// Named parameter values in a stable order (the order they were written in).
public struct ParameterSet: Sendable, Hashable, CustomStringConvertible {
    public private(set) var names: [String] = []
    public private(set) var values: [ParameterValue] = []

    public init() {}

    public init(_ pairs: [(String, ParameterValue)]) {
        for (name, value) in pairs { self[name] = value }
    }

    public subscript(name: String) -> ParameterValue? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let index = names.firstIndex(of: name) {
                if let newValue { values[index] = newValue } else {
                    names.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    public var isEmpty: Bool { names.isEmpty }
    public var pairs: [(name: String, value: ParameterValue)] { Array(zip(names, values)) }

    /// `rsi_period=14, rsi_oversold=30`.
    public var description: String {
        pairs.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
    }

    /// These values over `base`: a name in both takes this set's value.
    public func overriding(_ base: ParameterSet) -> ParameterSet {
        var merged = base
        for (name, value) in pairs { merged[name] = value }
        return merged
    }

    /// The number named `name`; the caller has validated the set against the specs.
    public func number(_ name: String) -> Double? { self[name]?.number }

    public func text(_ name: String) -> String? {
        if case let .text(value)? = self[name] { return value }
        return nil
    }

    public func flag(_ name: String) -> Bool? {
        if case let .flag(value)? = self[name] { return value }
        return nil
    }
}
