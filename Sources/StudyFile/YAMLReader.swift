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
    /// Values still allowed in the document. Yams resolves aliases by sharing the anchored
    /// node, so ten lines of anchors can stand for 10^10 values ("billion laughs"); a study
    /// has at most thousands, and reading stops at ``largestDocument``.
    private var remainingValues = YAMLReader.largestDocument
    static let largestDocument = 100_000

    init(file: String) {
        self.file = file
    }

    /// Parses the whole document; nil (with an issue) when it is not YAML.
    mutating func parse(_ text: String) -> Located? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                issues.append(StudyIssue(file: file, line: nil, keyPath: "", message: "the file is empty; see examples/quickstart.yaml for a complete study"))
                return nil
            }
            if file.lowercased().hasSuffix(".json") {
                for line in Self.trailingCommaLines(text) {
                    issues.append(StudyIssue(file: file, line: line, keyPath: "",
                                             message: "a comma before } or ] is not valid JSON; remove it"))
                }
            }
            return convert(root, path: "")
        } catch let error as YamlError {
            issues.append(Self.issue(for: error, file: file, text: text))
            return nil
        } catch {
            issues.append(StudyIssue(file: file, line: nil, keyPath: "", message: "cannot read YAML: \(error)"))
            return nil
        }
    }

    static func issue(for error: YamlError, file: String, text: String) -> StudyIssue {
        switch error {
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams reports the first occurrence (and the whole text as context): point at the repeat instead.
            let key = duplicates.first ?? ""
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
            let location = duplicateLocation(of: key, first: context.mark, lines: lines)
            return StudyIssue(file: file, line: location.line, keyPath: location.keyPath, message: "appears twice; keep one")
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            var detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            if let start = context?.mark.line, start != mark.line, context?.text.contains("flow") == true {
                // An unclosed [ or { is found only where the next key starts; name where it opened.
                detail = (context?.text ?? "") + " started on line \(start), " + problem
            }
            return StudyIssue(file: file, line: mark.line, keyPath: "", message: "not valid YAML (column \(mark.column)): \(detail)" + syntaxHint(problem))
        case let .reader(problem, _, _, _):
            return StudyIssue(file: file, line: nil, keyPath: "", message: "cannot read the file as UTF-8 text: \(problem)")
        default:
            return StudyIssue(file: file, line: nil, keyPath: "", message: "not valid YAML: \(error)")
        }
    }

    /// What usually causes a libyaml problem, as something to check.
    static func syntaxHint(_ problem: String) -> String {
        if problem.contains("nesting level") {
            return "; the document nests lists or mappings too deeply (a study needs three levels)"
        }
        if problem.contains("',' or ']'") || problem.contains("',' or '}'") {
            return "; close the [ or { or add the missing comma"
        }
        if problem.contains("expected key") || problem.contains("mapping values are not allowed") {
            return "; check the indentation (keys of one mapping start in the same column) and quote values containing \": \""
        }
        return ""
    }

    /// The lines of commas directly before `}` or `]` outside strings: YAML allows them, JSON does not.
    static func trailingCommaLines(_ text: String) -> [Int] {
        var lines: [Int] = []
        var line = 1, inString = false, escaped = false
        var pendingComma: Int?
        for scalar in text.unicodeScalars {
            if scalar == "\n" { line += 1 }
            if inString {
                if escaped { escaped = false } else if scalar == "\\" { escaped = true } else if scalar == "\"" { inString = false }
                continue
            }
            switch scalar {
            case "\"": inString = true; pendingComma = nil
            case ",": pendingComma = line
            case "}", "]": if let comma = pendingComma { lines.append(comma) }; pendingComma = nil
            case " ", "\t", "\r", "\n": break
            default: pendingComma = nil
            }
        }
        return lines
    }

    /// The line of the second `key:` at the column of the first (same block mapping) and its key path
    /// from the block keys above it; the first occurrence when the repeat is not found (flow style).
    static func duplicateLocation(of key: String, first: Mark, lines: [String]) -> (line: Int, keyPath: String) {
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        func keyName(_ line: String) -> String? {
            var rest = line.drop { $0 == " " || $0 == "-" }
            let quote = rest.first == "\"" || rest.first == "'" ? rest.removeFirst() : nil
            let name = rest.prefix { $0 != ":" && $0 != quote }
            rest = rest.dropFirst(name.count + (quote == nil ? 0 : 1)).drop { $0 == " " }
            let plain = !name.isEmpty && name.allSatisfy { !"{}[],\"'".contains($0) }
            return rest.first == ":" && plain ? String(name) : nil
        }
        let firstIndex = first.line - 1
        guard lines.indices.contains(firstIndex) else { return (first.line, key) }
        let column = indent(lines[firstIndex])
        // A key inside a flow mapping (`data: {seed: 1, seed: 2}`) is reported where it first appears.
        let startsItsLine = first.column - 1 == column
        var line = first.line
        for index in lines.indices.dropFirst(first.line) where startsItsLine {
            let content = lines[index].drop { $0 == " " || $0 == "\t" }
            if content.isEmpty || content.hasPrefix("#") { continue }
            if indent(lines[index]) < column { break }
            if indent(lines[index]) == column, keyName(lines[index]) == key {
                line = index + 1
                break
            }
        }
        var path = [key]
        if !startsItsLine, let owner = keyName(lines[firstIndex]), owner != key { path.insert(owner, at: 0) }
        var level = column
        for index in stride(from: firstIndex - 1, through: 0, by: -1) where level > 0 {
            guard indent(lines[index]) < level, let parent = keyName(lines[index]) else { continue }
            path.insert(parent, at: 0)
            level = indent(lines[index])
        }
        return (line, path.joined(separator: "."))
    }

    private mutating func convert(_ node: Node, path: String) -> Located {
        let line = node.mark?.line ?? 1
        remainingValues -= 1
        if remainingValues == -1 {
            issues.append(StudyIssue(file: file, line: line, keyPath: path, message: "the document holds more than "
                + "\(Self.largestDocument) values (YAML anchors and aliases expand where they are used); write the values out"))
        }
        guard remainingValues >= 0 else { return Located(value: .null, line: line) }
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
