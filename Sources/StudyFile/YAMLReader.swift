import Backtesting
import Yams

/// A YAML value read with its position, typed the way a study file means it.
///
/// Plain scalars are typed by their text (`14` a number, `true` a flag, `~` or `null`
/// nothing); quoted scalars are always text, so `"14"` is not a number.
enum YAMLValue {
    case text(String)
    case number(Double)
    case flag(Bool)
    case null
    case list([Located])
    case map([(key: String, keyLine: Int, value: Located)])

    var kindName: String {
        switch self {
        case let .text(text): "the text \"\(text)\""
        case let .number(number): "the number \(ParameterValue.format(number))"
        case let .flag(flag): "\(flag)"
        case .null: "nothing (null)"
        case .list: "a list"
        case .map: "a mapping"
        }
    }
}

/// A value and the 1-based line it starts on.
struct Located {
    var value: YAMLValue
    var line: Int
}

/// Turns Yams nodes into ``YAMLValue``s, collecting problems instead of stopping at the first.
struct YAMLReader {
    let file: String
    var issues: [StudyIssue] = []

    init(file: String) {
        self.file = file
    }

    /// Parses the whole document; nil (with an issue) when it is not YAML.
    mutating func parse(_ text: String) -> Located? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                issues.append(StudyIssue(file: file, line: 1, keyPath: "", message: "the file is empty; see examples/quickstart.yaml for a complete study"))
                return nil
            }
            return convert(root, path: "")
        } catch let error as YamlError {
            issues.append(Self.issue(for: error, file: file))
            return nil
        } catch {
            issues.append(StudyIssue(file: file, line: nil, keyPath: "", message: "cannot read YAML: \(error)"))
            return nil
        }
    }

    static func issue(for error: YamlError, file: String) -> StudyIssue {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return StudyIssue(file: file, line: mark.line, keyPath: "", message: "not valid YAML (column \(mark.column)): \(detail)")
        case let .reader(problem, _, _, _):
            return StudyIssue(file: file, line: nil, keyPath: "", message: "cannot read the file as UTF-8 text: \(problem)")
        default:
            return StudyIssue(file: file, line: nil, keyPath: "", message: "not valid YAML: \(error)")
        }
    }

    private mutating func convert(_ node: Node, path: String) -> Located {
        let line = node.mark?.line ?? 1
        switch node {
        case let .scalar(scalar):
            return Located(value: Self.typed(scalar), line: line)
        case let .sequence(sequence):
            return Located(value: .list(sequence.enumerated().map { convert($1, path: "\(path)[\($0)]") }), line: line)
        case let .mapping(mapping):
            var entries: [(key: String, keyLine: Int, value: Located)] = []
            for (keyNode, valueNode) in mapping {
                let keyLine = keyNode.mark?.line ?? line
                guard case let .scalar(keyScalar) = keyNode else {
                    issues.append(StudyIssue(file: file, line: keyLine, keyPath: path, message: "keys must be plain words"))
                    continue
                }
                let key = keyScalar.string
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                if entries.contains(where: { $0.key == key }) {
                    issues.append(StudyIssue(file: file, line: keyLine, keyPath: keyPath, message: "appears twice; keep one"))
                    continue
                }
                entries.append((key, keyLine, convert(valueNode, path: keyPath)))
            }
            return Located(value: .map(entries), line: line)
        case let .alias(alias):
            issues.append(StudyIssue(file: file, line: alias.mark?.line, keyPath: path, message: "YAML aliases (*\(alias.anchor.rawValue)) are not supported; write the value out"))
            return Located(value: .null, line: line)
        }
    }

    private static func typed(_ scalar: Node.Scalar) -> YAMLValue {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .text(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .flag(true)
        case "false", "False", "FALSE": return .flag(false)
        default: break
        }
        if let number = parseNumber(text) { return .number(number) }
        return .text(text)
    }

    /// YAML/JSON numbers: `14`, `-0.5`, `1e3`, `1_000`; not `.inf` or `nan`.
    static func parseNumber(_ text: String) -> Double? {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard let first = cleaned.first, first.isNumber || first == "-" || first == "+" || first == "." else { return nil }
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}
