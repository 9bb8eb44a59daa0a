/// Why candles could not be imported: the file, the 1-based line when one is to blame,
/// and a message that says what is wrong and what to do about it.
///
/// ```swift
/// do {
///     let series = try CandleImporter.load(paths: ["data/"], symbol: "BTCUSDT", timeframe: .fiveMinutes)
/// } catch {
///     print(error)  // data/BTCUSDT-5m-2024-03.csv:17: column 3 (high) is "4x", not a decimal number like 42283.58; fix or remove the row
/// }
/// ```
public struct CandleImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, folder or pattern at fault, as the user gave it (a file inside a ZIP
    /// archive reads `archive.zip/entry.csv`).
    public var file: String
    /// The 1-based line of the row at fault, or nil when the whole file is.
    public var line: Int?
    /// What is wrong and what to do.
    public var message: String
    /// ``message`` without anything read from the file — no header text, field, value or
    /// checksum — for clients of `wfo serve`, who may not read files (docs/security.md).
    /// Line and column numbers, counts and times the file's rows parsed to are kept.
    public var contentFreeMessage: String

    /// An error whose message quotes nothing read from the file.
    public init(file: String, line: Int? = nil, message: String) {
        self.init(file: file, line: line, message: message, withoutContent: message)
    }

    /// An error whose message quotes the file; `withoutContent` says the same without the quote.
    public init(file: String, line: Int? = nil, message: String, withoutContent: String) {
        self.file = file
        self.line = line
        self.message = message
        self.contentFreeMessage = withoutContent
    }

    /// `FILE:LINE: message`, or `FILE: message` when no line is to blame.
    public var description: String { Self.place(file, line) + message }

    /// ``description`` with ``contentFreeMessage``.
    public var contentFreeDescription: String { Self.place(file, line) + contentFreeMessage }

    private static func place(_ file: String, _ line: Int?) -> String {
        if let line { "\(file):\(line): " } else { "\(file): " }
    }
}
