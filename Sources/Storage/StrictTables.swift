import GRDB
import RunRecords

/// Migration `strictTables`: every table rebuilt as a SQLite
/// [STRICT](https://www.sqlite.org/stricttables.html) table (SQLite 3.37 or later; Debian 12
/// has 3.40), so that no value of the wrong type can be written to it, by wfo or anything else.
///
/// Each table is rebuilt the way SQLite's documentation prescribes for a schema change
/// (create the new table, copy the rows, drop the old one, rename the new one, recreate its
/// indexes), inside the migration's transaction, with foreign keys checked once at the end:
/// the same columns, constraints and rows, and the `AUTOINCREMENT` counters kept, so an id
/// of a deleted run is never handed out again. Declared types become STRICT ones:
/// `DOUBLE` → `REAL`, `BOOLEAN` → `INTEGER`, none → `ANY`.
///
/// Before a table is copied, every column is checked for values of another type (a row
/// damaged outside wfo): the first one found stops the migration with a
/// ``StoredValueError`` naming the table, column and row, and the transaction rolls back,
/// so the file is left exactly as it was.
enum StrictTables {
    /// The migration's identifier.
    static let migration = "strictTables"

    static func migrate(_ db: Database) throws {
        var counters: [(name: String, sequence: Int64)] = []
        if try db.tableExists("sqlite_sequence") {
            for row in try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence") {
                let row = StoredRow(row, table: "sqlite_sequence")
                counters.append((try row.value("name"), try row.value("seq")))
            }
        }
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
            ORDER BY name
            """)
        for table in tables {
            try rebuild(table, db)
        }
        for counter in counters {
            try db.execute(sql: "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", arguments: [counter.sequence, counter.name])
            if db.changesCount == 0 {
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [counter.name, counter.sequence])
            }
        }
    }

    /// One table rebuilt STRICT, after its values are checked.
    static func rebuild(_ table: String, _ db: Database) throws {
        guard let create = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                               arguments: [table]) else { return }
        if isStrict(create) { return }
        let indexes = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL
            """, arguments: [table])
        var columns: [(name: String, declared: String)] = []
        for row in try Row.fetchAll(db, sql: "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", arguments: [table]) {
            let row = StoredRow(row, table: "pragma_table_info")
            columns.append((try row.value("name"), try row.value("type")))
        }
        // An empty table (every table of a new database) has no value to check.
        let hasRows = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \"\(table)\")") ?? false
        var strict = create
        for column in columns {
            let type = strictType(column.declared)
            if hasRows { try checkValues(table: table, column: column.name, type: type, db) }
            let quoted = "\"\(column.name)\""
            if column.declared.isEmpty {
                strict = strict.replacingFirst(of: quoted, with: quoted + " ANY", in: table)
            } else if type != column.declared.uppercased() {
                strict = strict.replacingFirst(of: quoted + " " + column.declared, with: quoted + " " + type, in: table)
            }
        }
        let rebuilt = "\(table)_strict"
        strict = strict.replacingFirst(of: "CREATE TABLE \"\(table)\"", with: "CREATE TABLE \"\(rebuilt)\"", in: table)
        strict = strictOptions(strict)
        try db.execute(sql: strict)
        try db.execute(sql: "INSERT INTO \"\(rebuilt)\" SELECT * FROM \"\(table)\"")
        try db.execute(sql: "DROP TABLE \"\(table)\"")
        try db.execute(sql: "ALTER TABLE \"\(rebuilt)\" RENAME TO \"\(table)\"")
        for index in indexes { try db.execute(sql: index) }
    }

    /// The STRICT type of a declared type, by SQLite's affinity rules for the types wfo declares.
    static func strictType(_ declared: String) -> String {
        let type = declared.uppercased()
        switch type {
        case "": return "ANY"
        case "INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY": return type
        case "BOOLEAN", "DATETIME", "DATE": return "INTEGER"
        case "DOUBLE", "FLOAT", "NUMERIC": return "REAL"
        default:
            if type.contains("INT") { return "INTEGER" }
            if type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") { return "TEXT" }
            return "ANY"
        }
    }

    /// The storage classes a STRICT column of `type` takes without converting, by `typeof()`:
    /// a text in an INTEGER column, which STRICT would convert when it looks like a number, is
    /// damage all the same (wfo never writes one).
    static func checkValues(table: String, column: String, type: String, _ db: Database) throws {
        let allowed: [String]
        switch type {
        case "INT", "INTEGER": allowed = ["integer"]
        case "REAL": allowed = ["real", "integer"]
        case "TEXT": allowed = ["text"]
        case "BLOB": allowed = ["blob"]
        default: return
        }
        let list = (allowed + ["null"]).map { "'\($0)'" }.joined(separator: ", ")
        guard let row = try Row.fetchOne(db, sql: """
            SELECT *, typeof("\(column)") AS wfo_found_type FROM "\(table)" WHERE typeof("\(column)") NOT IN (\(list)) LIMIT 1
            """) else { return }
        let stored = StoredRow(row, table: table)
        let found = try stored.value("wfo_found_type") as String
        throw stored.damage(column, found: found == "text" ? "TEXT" : "a " + found.uppercased(),
                            expected: type == "REAL" ? "a REAL" : type == "TEXT" ? "TEXT" : "an \(type)")
    }

    static func isStrict(_ create: String) -> Bool {
        let tail = create.uppercased().split(separator: ")").last ?? ""
        return tail.contains("STRICT")
    }

    /// `… )` → `… ) STRICT`; `… ) WITHOUT ROWID` → `… ) STRICT, WITHOUT ROWID`.
    static func strictOptions(_ create: String) -> String {
        guard let close = create.lastIndex(of: ")") else { return create }
        let options = create[create.index(after: close)...].trimmingCharacters(in: .whitespaces)
        return String(create[...close]) + " STRICT" + (options.isEmpty ? "" : ", " + options)
    }
}

private extension String {
    /// The text with the first `target` replaced; the table's schema must hold it.
    func replacingFirst(of target: String, with replacement: String, in table: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
