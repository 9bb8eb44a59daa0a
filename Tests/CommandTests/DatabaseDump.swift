import Foundation
import GRDB

/// Every stored result of a database as text, without ids and wall-clock times, so two
/// runs of the same study can be compared number for number.
enum DatabaseDump {
    /// The queries of `Scripts/results-queries.sql` (shared with `Scripts/results_dump.py`).
    static let queries: [String] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/results-queries.sql")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { fatalError("cannot read \(file.path)") }
        return text.split(separator: "\n").filter { !$0.isEmpty && !$0.hasPrefix("--") }
            .map { String($0.dropLast($0.hasSuffix(";") ? 1 : 0)) }
    }()

    /// A connection that waits for a `wfo` process's lock as wfo's own connections do (a
    /// reader can meet SQLITE_BUSY while a writer checkpoints or creates the file), instead of
    /// failing the test at once.
    static func queue(_ path: String, readOnly: Bool = false) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.readonly = readOnly
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// A query of a table or column that a database written before its migration lacks (the
    /// portfolio's `holding_point`, `window.oos_skipped_entries`) gives an empty section, as the
    /// migrated database does.
    static func text(of path: String) throws -> String {
        let database = try queue(path)
        return try database.read { db in
            try queries.map { sql in
                let addedLater = ["holding_point", "oos_skipped_entries"]
                if addedLater.contains(where: sql.contains), try !db.tableExists("holding_point") { return "" }
                return try Row.fetchAll(db, sql: sql).map { row in
                    row.columnNames.filter { $0 != "window_id" }.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: " ")
                }.joined(separator: "\n")
            }.joined(separator: "\n----\n")
        }
    }

    /// A consistent copy of the database at `path` (WAL included) holding run `runID` only
    /// (deleting the others cascades to their windows, trials, trades and curves).
    static func copy(of path: String, keepingOnly runID: Int, to copy: String) throws {
        try queue(path).writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
        try queue(copy).write { db in try db.execute(sql: "DELETE FROM run WHERE id != ?", arguments: [runID]) }
    }

    static func string(_ sql: String, in path: String) throws -> String? {
        try queue(path).read { db in try String.fetchOne(db, sql: sql) }
    }

    /// Every row of a query, each value as SQLite shows it (NULL, 3.0, 1000, "text").
    static func rows(of path: String, _ sql: String) throws -> [[String]] {
        try queue(path).read { db in
            try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map { "\($0)" } }
        }
    }

    /// Runs statements on the database (to stage a crash or a damaged state).
    static func execute(_ sql: String, in path: String) throws {
        try queue(path).write { db in try db.execute(sql: sql) }
    }

    static func count(_ sql: String, in path: String) throws -> Int {
        try queue(path).read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }
}
