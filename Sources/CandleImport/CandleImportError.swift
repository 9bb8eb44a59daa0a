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

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, or `FILE: message` when no line is to blame.
    public var description: String {
        if let line { "\(file):\(line): \(message)" } else { "\(file): \(message)" }
    }
}
