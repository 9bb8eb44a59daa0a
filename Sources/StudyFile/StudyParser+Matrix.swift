import Backtesting
import Foundation
import WalkForward

extension StudyParser {
    /// Reads a study file that may hold a `matrix:` (``StudyMatrix``).
    /// - Throws: ``StudyError`` listing every problem of every cell, each naming its cell.
    public static func loadDocument(path: String) throws(StudyError) -> StudyDocument {
        try parseDocument(try readText(path: path), path: path)
    }

    /// Parses study text that may hold a `matrix:`; a plain study comes back as ``StudyDocument/study(_:)``.
    ///
    /// Every cell is validated before anything is returned. A problem every cell shares is
    /// reported once; one that only some cells have is reported for each of them, naming the
    /// cell by its number and values.
    /// - Throws: ``StudyError`` listing every problem.
    public static func parseDocument(_ text: String, path: String) throws(StudyError) -> StudyDocument {
        try parseDocument(text, path: path, onlyCell: nil)
    }

    /// The study of cell `index` of the matrix in `text` (how a batch's run is resumed): only
    /// that cell is built, so resuming every cell of a matrix costs one build per cell.
    /// - Throws: ``StudyError`` when the text or that cell no longer validates, or there is no such cell.
    public static func parseCell(_ text: String, path: String, cell index: Int) throws(StudyError) -> Study {
        guard case let .matrix(matrix) = try parseDocument(text, path: path, onlyCell: index) else {
            throw StudyError([StudyIssue(file: path, line: nil, keyPath: "matrix", message: "the stored study has no matrix; it cannot give cell \(index + 1)")])
        }
        guard let cell = matrix.cells.first else {
            let count = matrix.axes.reduce(1) { $0 * $1.labels.count }
            throw StudyError([StudyIssue(file: path, line: nil, keyPath: "matrix", message: "the matrix has \(count) cells, not \(index + 1)")])
        }
        return cell.study
    }

    /// - Parameter onlyCell: build just this cell (the matrix's axes are still checked whole).
    private static func parseDocument(_ text: String, path: String, onlyCell: Int?) throws(StudyError) -> StudyDocument {
        var reader = YAMLReader(file: path)
        guard let root = reader.parse(text) else { throw StudyError(reader.issues) }
        guard case let .map(entries) = root.value, let matrixEntry = entries.first(where: { $0.key == "matrix" }) else {
            return .study(try parse(root: root, text: text, path: path, issues: reader.issues))
        }
        var expander = MatrixExpander(file: path, issues: reader.issues)
        guard let matrix = expander.expand(entries: entries, matrix: matrixEntry, rootLine: root.line, text: text, onlyCell: onlyCell),
              expander.issues.isEmpty else { throw StudyError(expander.issues) }
        return .matrix(matrix)
    }
}

/// Checks a `matrix:` and builds one study per cell.
struct MatrixExpander {
    let file: String
    var issues: [StudyIssue]

    mutating func report(_ line: Int?, _ keyPath: String, _ message: String) {
        issues.append(StudyIssue(file: file, line: line, keyPath: keyPath, message: message))
    }

    mutating func expand(entries: [(key: String, keyLine: Int, value: Located)],
                         matrix: (key: String, keyLine: Int, value: Located), rootLine: Int, text: String,
                         onlyCell: Int? = nil) -> StudyMatrix? {
        guard let axes = axes(matrix.value, topLevel: Fields(entries)) else { return nil }
        let keys = axes.map(\.key)
        let shared = entries.filter { $0.key != "matrix" }
        let steps = keys.contains("testing_window_days") && !keys.contains("step_days")
        if steps, let step = entries.first(where: { $0.key == "step_days" }) {
            report(step.keyLine, "step_days", "testing_window_days is a matrix axis, so each cell steps by its own testing "
                   + "length; remove step_days, or make it an axis too")
        }
        guard issues.isEmpty else { return nil }

        var name = ""
        var cells: [StudyMatrix.Cell] = []
        var cellIssues: [[StudyIssue]] = []
        let descriptors = axes.map { MatrixAxis(key: $0.key, labels: $0.items.map(Self.label)) }
        for (index, choice) in Self.product(axes.map(\.items.count)).enumerated() where onlyCell == nil || onlyCell == index {
            let cellEntries = Self.cellEntries(shared: shared, axes: axes, choice: choice, steps: steps)
            var builder = StudyBuilder(file: file, issues: [], matrixAxes: keys)
            let study = builder.build(Located(value: .map(cellEntries), line: rootLine))
            let cellLabels = zip(descriptors, choice).map { $0.labels[$1] }
            cellIssues.append(builder.issues.map {
                var issue = $0
                issue.cell = StudyMatrix.describe(index: index, axes: descriptors, labels: cellLabels)
                return issue
            })
            guard var study, builder.issues.isEmpty else { continue }
            name = study.name
            study.name = StudyMatrix.cellName(study.name, axes: descriptors, labels: cellLabels)
            study.sourceText = text
            study.sourcePath = file
            cells.append(StudyMatrix.Cell(index: index, labels: cellLabels, study: study))
        }
        issues += Self.merge(cellIssues)
        guard issues.isEmpty else { return nil }
        return StudyMatrix(name: name, axes: descriptors, cells: cells, sourceText: text, sourcePath: file)
    }

    /// The axes in the order written, each value checked for shape; nil after a problem.
    private mutating func axes(_ matrix: Located, topLevel: Fields) -> [(key: String, items: [Located])]? {
        guard case let .map(pairs) = matrix.value else {
            report(matrix.line, "matrix", "must be a mapping of study field: [values], e.g. {timeframe: [1h, 4h]}, not \(matrix.value.kindName)")
            return nil
        }
        if pairs.isEmpty { report(matrix.line, "matrix", "names no axis; give at least one, e.g. timeframe: [1h, 4h], or remove matrix:") }
        var axes: [(key: String, items: [Located])] = []
        var cellCount = 1
        for (key, keyLine, value) in pairs {
            let path = "matrix.\(key)"
            guard StudyMatrix.axisKeys.contains(key) else {
                let hint = didYouMean(key, among: StudyMatrix.axisKeys)
                report(keyLine, path, "is not a field a matrix can vary" + hint
                       + (hint.isEmpty ? "; axes may be \(StudyMatrix.axisKeys.joined(separator: ", "))" : ""))
                continue
            }
            if topLevel.isPresent(key) {
                let line = topLevel.entries.first { $0.key == key }?.keyLine
                report(line, key, "is a matrix axis, so each cell takes its value from matrix.\(key); remove it here")
            }
            guard case let .list(items) = value.value else {
                report(value.line, path, "must be a list of values, e.g. \(key): [\(Self.example(key))], not \(value.value.kindName)")
                continue
            }
            guard !items.isEmpty else {
                report(value.line, path, "the list is empty, so the matrix would have no cell; give at least one value")
                continue
            }
            var seen: [String] = []
            for (index, item) in items.enumerated() {
                let label = Self.label(item)
                if seen.contains(label) { report(item.line, "\(path)[\(index)]", "\(label) is listed twice; remove one") }
                seen.append(label)
            }
            cellCount = cellCount.multipliedReportingOverflow(by: items.count).overflow ? Int.max : cellCount * items.count
            axes.append((key, items))
        }
        if cellCount > StudyMatrix.maximumCells {
            report(matrix.line, "matrix", "has \(cellCount == Int.max ? "too many" : String(cellCount)) cells (at most "
                   + "\(StudyMatrix.maximumCells)); use fewer values or split it into several files")
        }
        return issues.isEmpty ? axes : nil
    }

    /// A cell's study as written: the entries every cell shares, then each axis's value for
    /// the cell (and, when the testing length is an axis and `steps`, the same value as its
    /// `step_days`).
    static func cellEntries(shared: [(key: String, keyLine: Int, value: Located)], axes: [(key: String, items: [Located])],
                            choice: [Int], steps: Bool) -> [(key: String, keyLine: Int, value: Located)] {
        var entries = shared
        for (axis, item) in zip(axes, choice) {
            let value = axis.items[item]
            entries.append((axis.key, value.line, value))
            if steps, axis.key == "testing_window_days", case .number = value.value {
                entries.append(("step_days", value.line, value))
            }
        }
        return entries
    }

    /// The study of cell `index` of a matrix as written — what ``StudySettings`` lists of a
    /// batch's run — without building it; nil when the matrix does not read or has no such cell.
    static func cellRoot(entries: [(key: String, keyLine: Int, value: Located)], matrix: (key: String, keyLine: Int, value: Located),
                         rootLine: Int, file: String, cell index: Int) -> Located? {
        var expander = MatrixExpander(file: file, issues: [])
        guard let axes = expander.axes(matrix.value, topLevel: Fields(entries)), expander.issues.isEmpty else { return nil }
        let keys = axes.map(\.key)
        let choices = product(axes.map(\.items.count))
        guard choices.indices.contains(index) else { return nil }
        let steps = keys.contains("testing_window_days") && !keys.contains("step_days")
        return Located(value: .map(cellEntries(shared: entries.filter { $0.key != "matrix" }, axes: axes, choice: choices[index], steps: steps)),
                       line: rootLine)
    }

    /// Every combination of one index per axis, the first axis outermost.
    static func product(_ counts: [Int]) -> [[Int]] {
        counts.reduce([[]]) { combinations, count in
            combinations.flatMap { prefix in (0..<count).map { prefix + [$0] } }
        }
    }

    /// A value as a cell label: `4h`, `90`, `BTCUSDT` for `[BTCUSDT]`, `BTCUSDT,ETHUSDT` for a list.
    static func label(_ item: Located) -> String {
        switch item.value {
        case let .text(text): text
        case let .number(number): ParameterValue.format(number)
        case let .flag(flag): String(flag)
        case .null: "null"
        case let .list(items): items.map(label).joined(separator: ",")
        case let .map(pairs): "{" + pairs.map { "\($0.key): \(label($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// The problems of all cells: one every cell has is reported once, without a cell.
    static func merge(_ cellIssues: [[StudyIssue]]) -> [StudyIssue] {
        func plain(_ issue: StudyIssue) -> StudyIssue {
            var plain = issue
            plain.cell = nil
            return plain
        }
        var merged: [StudyIssue] = []
        for issue in cellIssues.flatMap({ $0 }) {
            let shared = plain(issue)
            if cellIssues.allSatisfy({ $0.map(plain).contains(shared) }) {
                if !merged.contains(shared) { merged.append(shared) }
            } else {
                merged.append(issue)
            }
        }
        return merged
    }

    static func example(_ key: String) -> String {
        switch key {
        case "symbols": "[BTCUSDT], [ETHUSDT]"
        case "timeframe": "1h, 4h"
        case "strategy": "rsi, confluence"
        case "window_mode": "rolling, anchored"
        case "objective": "score, sharpe"
        case "start_date", "end_date": "2024-01-01, 2024-07-01"
        default: "30, 60, 90"
        }
    }
}
