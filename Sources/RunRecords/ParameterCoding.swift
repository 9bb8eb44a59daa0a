import Backtesting
import JSONText
import WalkForward

/// Parameter sets as JSON objects in the order written: `{"rsi_period":14,"sides":"long"}`.
public enum ParameterCoding {
    public static func json(_ parameters: ParameterSet) -> JSONValue {
        .object(parameters.pairs.map { ($0.name, json($0.value)) })
    }

    public static func json(_ value: ParameterValue) -> JSONValue {
        switch value {
        case let .number(number): .number(number)
        case let .text(text): .string(text)
        case let .flag(flag): .bool(flag)
        }
    }

    public static func encode(_ parameters: ParameterSet) -> String {
        json(parameters).rendered()
    }

    /// nil when `text` is not a JSON object of numbers, strings and booleans.
    public static func decode(_ text: String) -> ParameterSet? {
        guard case let .object(members)? = JSONValue.parse(text) else { return nil }
        var pairs: [(String, ParameterValue)] = []
        for (name, value) in members {
            guard let parameter = parameterValue(value) else { return nil }
            pairs.append((name, parameter))
        }
        return ParameterSet(pairs)
    }

    /// A search space's dimensions in the order written: `{"rsi_period":[7,14],"sides":["long"]}`.
    public static func encode(_ dimensions: [ParameterSpace.Dimension]) -> String {
        JSONValue.object(dimensions.map { ($0.name, .array($0.values.map(json))) }).rendered()
    }

    /// nil when `text` is not a JSON object of arrays of numbers, strings and booleans.
    public static func decodeDimensions(_ text: String) -> [ParameterSpace.Dimension]? {
        guard case let .object(members)? = JSONValue.parse(text) else { return nil }
        var dimensions: [ParameterSpace.Dimension] = []
        for (name, value) in members {
            guard case let .array(items) = value else { return nil }
            var values: [ParameterValue] = []
            for item in items {
                guard let parameter = parameterValue(item) else { return nil }
                values.append(parameter)
            }
            dimensions.append(.init(name: name, values: values))
        }
        return dimensions
    }

    static func parameterValue(_ value: JSONValue) -> ParameterValue? {
        switch value {
        case let .integer(integer): .number(Double(integer))
        case let .number(number): .number(number)
        case let .string(text): .text(text)
        case let .bool(flag): .flag(flag)
        default: nil
        }
    }
}
