import ArgumentParser
import MarketData
import RunRecords
import StudyRunner

/// What the shell offers when TAB is pressed after an argument (`wfo --generate-completion-script
/// bash|zsh|fish`, installed by `make install`).
enum Completions {
    /// Study files and matrices.
    static let study = CompletionKind.file(extensions: ["yaml", "yml", "json"])
    static let database = CompletionKind.file(extensions: ["sqlite", "db"])
    static let csvFile = CompletionKind.file(extensions: ["csv"])
    static let candleFiles = CompletionKind.file(extensions: ["csv", "zip"])
    static let folder = CompletionKind.directory
    static let timeframe = CompletionKind.list(Timeframe.allCases.map(\.rawValue))

    /// The runs (`7`) and batches (`b2`) of the database the command line names with `--db`
    /// (else `$WFO_DB`, else `wfo.sqlite`), newest first. Opened read-only: completing never
    /// creates or migrates a file, and an unreadable database completes to nothing.
    static let runReference = CompletionKind.custom { words, _, prefix in
        runReferences(database: databasePath(in: words)).filter { $0.hasPrefix(prefix) }
    }

    /// The value after the last `--db` (or `--db=`) among the shell words, else the default.
    static func databasePath(in words: [String]) -> String {
        var path: String?
        for (index, word) in words.enumerated() {
            if word == "--db", index + 1 < words.count { path = words[index + 1] }
            if word.hasPrefix("--db=") { path = String(word.dropFirst("--db=".count)) }
        }
        return path ?? DatabaseOptions.defaultPath
    }

    static func runReferences(database path: String) -> [String] {
        // Completing is best effort: an unreadable database completes to nothing.
        guard let runner = try? StudyRunner(databasePath: path, readOnly: true, version: ""),
              let runs = try? runner.runs(), let batches = try? runner.batches() else { return [] }
        return runs.map { String($0.id) } + batches.map(\.reference)
    }
}
