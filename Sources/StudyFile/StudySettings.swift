import Backtesting

/// A study's settings as flat `key path → value` pairs, for listing how two studies differ.
///
/// Mappings nest with `.` (`data.source`), a list of plain values is one value written
/// `[7, 14, 21]`, a list holding mappings or lists is indexed (`exits[0].rule`). Values are
/// written as the study means them: numbers without trailing zeros (`14`, `0.5`), flags as
/// `true`/`false`, nothing as `null`, text as it is. Keys keep the file's order.
public enum StudySettings {
    /// The pairs of a study's text (YAML or JSON); nil when it does not read as YAML.
    ///
    /// For a batch's run, whose stored text is the whole matrix, `cell` gives the cell: its
    /// pairs are those of the study the cell ran — the shared settings with each axis's value
    /// for the cell in place of `matrix:` — so two cells differ in their axes' keys, and a cell
    /// and a plain study with the same symbols do not. Nil when the matrix has no such cell.
    public static func flattened(_ text: String, cell: Int? = nil) -> [(key: String, value: String)]? {
        var reader = YAMLReader(file: "study")
        guard var root = reader.parse(text), reader.issues.isEmpty else { return nil }
        if let cell, case let .map(entries) = root.value, let matrix = entries.first(where: { $0.key == "matrix" }) {
            guard let cellRoot = MatrixExpander.cellRoot(entries: entries, matrix: matrix, rootLine: root.line, file: "study", cell: cell) else {
                return nil
            }
            root = cellRoot
        }
        var pairs: [(key: String, value: String)] = []
        flatten(root.value, path: "", into: &pairs)
        return pairs
    }

    private static func flatten(_ value: YAMLValue, path: String, into pairs: inout [(key: String, value: String)]) {
        switch value {
        case let .map(entries):
            for entry in entries { flatten(entry.value.value, path: path.isEmpty ? entry.key : path + "." + entry.key, into: &pairs) }
        case let .list(items):
            let scalars = items.compactMap { scalar($0.value) }
            if scalars.count == items.count {
                pairs.append((path, "[" + scalars.joined(separator: ", ") + "]"))
            } else {
                for (index, item) in items.enumerated() { flatten(item.value, path: "\(path)[\(index)]", into: &pairs) }
            }
        default:
            pairs.append((path, scalar(value) ?? ""))
        }
    }

    private static func scalar(_ value: YAMLValue) -> String? {
        switch value {
        case let .text(text): text
        case let .number(number): ParameterValue.format(number)
        case let .flag(flag): flag ? "true" : "false"
        case .null: "null"
        case .list, .map: nil
        }
    }
}
