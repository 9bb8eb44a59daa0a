import Foundation
import GRDB
import TestSupport
import Testing

/// Storage refuses and reports damage (issue 31), through the binary, on a database written
/// by wfo before its tables were STRICT (`Fixtures/before-strict`, see its README): it migrates
/// without losing a number, and a row damaged outside wfo is an error naming the table, column
/// and row, never a crash and never a 0, with nothing lost.
@Suite(.serialized) struct StrictMigrationTests {
    static let fixture = SharedData.projectRoot.appendingPathComponent("Tests/CommandTests/Fixtures/before-strict")

    /// A copy of the fixture database in a new folder, with the candles file beside it.
    func copyOfTheFixture() throws -> (folder: URL, database: String) {
        let folder = try CommandRunner.temporaryFolder()
        for name in ["before.sqlite", "candles.csv"] {
            try FileManager.default.copyItem(at: Self.fixture.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return (folder, folder.appendingPathComponent("before.sqlite").path)
    }

    /// Opening the database for writing (`wfo import` of candles it already holds) migrates it.
    func migrate(_ folder: URL) throws -> CommandResult {
        try CommandRunner.wfo(["import", "candles.csv", "--symbol", "TESTUSDT", "--timeframe", "1h", "--db", "before.sqlite"], in: folder)
    }

    func createStatements(_ database: String) throws -> [String] {
        try DatabaseDump.queue(database, readOnly: true).read { db in
            try String.fetchAll(db, sql: """
                SELECT sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations' ORDER BY name
                """)
        }
    }

    @Test func aDatabaseWrittenBeforeStrictTablesMigratesWithAnIdenticalResultsDump() throws {
        let (folder, database) = try copyOfTheFixture()
        let before = try DatabaseDump.text(of: database)
        let counters = try DatabaseDump.rows(of: database, "SELECT name, seq FROM sqlite_sequence ORDER BY name")
        let statusBefore = try CommandRunner.wfo(["status", "1", "--json", "--db", "before.sqlite"], in: folder)
        #expect(statusBefore.status == 0, "\(statusBefore.standardError)")
        #expect(try createStatements(database).allSatisfy { !$0.hasSuffix("STRICT") && !$0.contains("STRICT,") })

        let migrated = try migrate(folder)
        #expect(migrated.status == 0, "\(migrated.standardError)")
        let tables = try createStatements(database)
        #expect(tables.count == 18, "\(tables.count) tables")
        for create in tables { #expect(create.hasSuffix(" STRICT") || create.contains(" STRICT, WITHOUT ROWID"), "\(create)") }
        #expect(try DatabaseDump.text(of: database) == before)
        #expect(try DatabaseDump.rows(of: database, "SELECT name, seq FROM sqlite_sequence ORDER BY name") == counters)
        #expect(try DatabaseDump.string("PRAGMA integrity_check", in: database) == "ok")
        #expect(try DatabaseDump.rows(of: database, "PRAGMA foreign_key_check").isEmpty)
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM candle", in: database) == 12)
        for run in 1...4 {
            let status = try CommandRunner.wfo(["status", String(run), "--json", "--db", "before.sqlite"], in: folder)
            #expect(status.status == 0, "\(status.standardError)")
        }
        let statusAfter = try CommandRunner.wfo(["status", "1", "--json", "--db", "before.sqlite"], in: folder)
        #expect(statusAfter.standardOutput == statusBefore.standardOutput)

        // A STRICT table refuses a value of the wrong type, from any writer.
        #expect(throws: DatabaseError.self) {
            try DatabaseDump.execute("UPDATE run SET total_windows = 'garbage' WHERE id = 1", in: database)
        }
        // A later run into the migrated file deletes nothing of the earlier ones.
        let again = try CommandRunner.wfo(["run", Self.fixture.appendingPathComponent("small.yaml").path, "--db", "before.sqlite", "--no-report"],
                                          in: folder)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try DatabaseDump.string("SELECT MAX(id) FROM run", in: database) == "5")
    }

    /// Damage that only a file from before STRICT can hold (or a hand edit of the schema): each
    /// read names the table, column and row and exits 1; the migration refuses a value of the
    /// wrong type too and leaves the file as it was. (A text that is no value of its enum has
    /// the right type: the migration keeps it, and every read still names it.)
    @Test(arguments: [
        ("UPDATE run SET total_windows = 'garbage' WHERE id = 1", ["status", "1", "--json"],
         "table run, column total_windows, row id 1: holds TEXT where an INTEGER belongs"),
        ("UPDATE window SET best_combination = 2.5 WHERE id = 2", ["status", "1", "--json"],
         "table window, column best_combination, row id 2: holds a REAL where an INTEGER belongs"),
        ("UPDATE run SET avg_in_sample_roi = x'00ff' WHERE id = 2", ["runs", "--json"],
         "table run, column avg_in_sample_roi, row id 2: holds a BLOB where a REAL belongs"),
        ("UPDATE trial SET total_trades = 'many' WHERE window_id = 1 AND combination_index = 0", ["report", "1", "--out", "site"],
         "table trial, column total_trades, row window_id 1: holds TEXT where an INTEGER belongs"),
        ("UPDATE run SET objective = 'luck' WHERE id = 3", ["status", "3"],
         "table run, column objective, row id 3: holds TEXT that is not one of its values where one of its values (TEXT) belongs"),
        // A report used to draw held time with a zero-length candle.
        ("UPDATE run SET timeframe = '7h' WHERE id = 2", ["report", "2", "--out", "site"],
         "table run, column timeframe, row id 2: holds TEXT that is not one of its values where one of its values (TEXT) belongs"),
    ])
    func aRowDamagedOutsideWfoIsANamedErrorNeverACrashOrAZero(_ damage: String, _ command: [String], _ message: String) throws {
        let (folder, database) = try copyOfTheFixture()
        try DatabaseDump.execute(damage, in: database)
        let damaged = try DatabaseDump.text(of: database)
        let read = try CommandRunner.wfo(command + ["--db", "before.sqlite"], in: folder)
        #expect(read.status == 1, "\(command): \(read.standardError)")
        #expect(read.standardError.contains("database before.sqlite: \(message), which wfo never writes: the file was changed outside wfo. "
            + "Nothing was read in its place; repair that row or restore the database from a backup"), "\(read.standardError)")
        #expect(!read.standardError.contains("Fatal error"))
        #expect(!read.standardOutput.contains("\"total_windows\" : 0"))

        let migration = try migrate(folder)
        if damage.contains("objective") || damage.contains("timeframe") {
            #expect(migration.status == 0, "\(migration.standardError)")
            let again = try CommandRunner.wfo(command + ["--db", "before.sqlite"], in: folder)
            #expect(again.status == 1)
            #expect(again.standardError.contains(message), "\(again.standardError)")
            return
        }
        #expect(migration.status == 1)
        #expect(migration.standardError.contains(message), "\(migration.standardError)")
        #expect(try DatabaseDump.text(of: database) == damaged, "nothing lost or changed")
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM grdb_migrations WHERE identifier = 'strictTables'", in: database) == 0)
        #expect(try createStatements(database).allSatisfy { !$0.hasSuffix("STRICT") })
    }

    /// A cluster run's stored submission settings that cannot be read stop its resume with the
    /// row named, rather than submitting to the cluster's default partition.
    @Test func corruptedClusterSettingsAreANamedErrorNotTheDefaultPartition() throws {
        let (folder, database) = try copyOfTheFixture()
        #expect(try migrate(folder).status == 0)
        try DatabaseDump.execute("UPDATE run SET status = 'INTERRUPTED' WHERE id = 4", in: database)
        try DatabaseDump.execute("UPDATE cluster_run SET settings = '{\"partition\": ' WHERE run_id = 4", in: database)
        let before = try DatabaseDump.text(of: database)
        let resumed = try CommandRunner.wfo(["run", "--resume", "4", "--db", "before.sqlite", "--no-report"], in: folder)
        #expect(resumed.status == 1, "\(resumed.standardError)")
        #expect(resumed.standardError.contains("table cluster_run, column settings, row run_id 4: holds text that cannot be read as that "
            + "where the JSON of the run's Slurm submission settings belongs"), "\(resumed.standardError)")
        #expect(try DatabaseDump.text(of: database) == before)
    }
}
