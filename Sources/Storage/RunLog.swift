import GRDB
import RunRecords

extension WFODatabase {
    /// Adds `message` to run `runID`'s log, stamped now.
    public func appendLog(_ message: String, toRun runID: Int64) throws(StorageError) {
        try write { db in
            try db.execute(sql: "INSERT INTO run_log (run_id, time, message) VALUES (?, ?, ?)", arguments: [runID, Self.now(), message])
        }
    }

    /// Run `runID`'s log, oldest first; empty for a database from before the log (opened read-only).
    public func log(ofRun runID: Int64) throws(StorageError) -> [RunLogEntry] {
        try read { db in
            guard try db.tableExists("run_log") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT id, time, message FROM run_log WHERE run_id = ? ORDER BY id", arguments: [runID]).map { row in
                let row = StoredRow(row, table: "run_log")
                return RunLogEntry(time: try row.value("time"), message: try row.value("message"))
            }
        }
    }
}
