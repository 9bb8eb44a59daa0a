/// One problem in a study file, located by line and key path.
public struct StudyIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the problem is not at one place (a missing key is reported at its parent).
    public var line: Int?
    /// `parameter_ranges.rsi_period[2]`; empty for the document itself.
    public var keyPath: String
    public var message: String
    /// In a matrix: the cell the problem is in (`cell 3 (symbols=ETHUSDT, timeframe=4h)`); nil
    /// for a plain study and for a problem every cell shares.
    public var cell: String?

    public init(file: String, line: Int?, keyPath: String, message: String, cell: String? = nil) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
        self.cell = cell
    }

    /// `study.yaml:12: parameter_ranges.rsi_period: values must be numbers`; in a matrix
    /// `study.yaml:4: cell 2 (training_window_days=300): training_window_days: …`.
    public var description: String {
        var location = line.map { "\(file):\($0)" } ?? file
        if let cell { location += ": \(cell)" }
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}

/// Every problem found in a study file; nothing runs while there is one.
public struct StudyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var issues: [StudyIssue]

    public init(_ issues: [StudyIssue]) {
        self.issues = issues
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
