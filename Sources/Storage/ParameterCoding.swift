import Backtesting
import JSONText

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
            switch value {
            case let .integer(integer): pairs.append((name, .number(Double(integer))))
            case let .number(number): pairs.append((name, .number(number)))
            case let .string(text): pairs.append((name, .text(text)))
            case let .bool(flag): pairs.append((name, .flag(flag)))
            default: return nil
            }
        }
        return ParameterSet(pairs)
    }
}
