import Foundation
import GRDB
import RunRecords
import Storage
import StudyFile
import StudyRunner
import TestSupport

/// A small, fixed run on the synthetic market, with its wall-clock times pinned so that
/// reports of it are byte-for-byte reproducible.
enum ReportFixture {
    static let study = """
        name: Snapshot study
        description: |
          A *small* study on the **synthetic** market, used by the snapshot tests.

          | column | value |
          | --- | --- |
          | one | 1 |
        symbols: [BTCUSDT]
        timeframe: 1h
        start_date: 2023-01-01
        end_date: 2023-07-01
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges:
          rsi_period: [7, 14, 21]
          rsi_oversold: [25, 30]
          rsi_overbought: [70, 75]
        min_trades: 2
        position_size: 1000
        data: {source: synthetic, seed: 4}
        """

    /// Runs `text` (default: ``study``) into a new database and pins its times.
    static func database(study text: String = study, path: String = "/fixture/study.yaml") throws -> WFODatabase {
        let folder = try CommandRunner.temporaryFolder()
        let database = try WFODatabase(path: folder.appendingPathComponent("wfo.sqlite").path)
        let runner = StudyRunner(database: database, jobs: 2, version: "test")
        _ = try runner.run(try StudyRunner.check(try StudyParser.parse(text, path: path)))
        try pinTimes(database)
        return database
    }

    static func pinTimes(_ database: WFODatabase) throws {
        try DatabaseQueue(path: database.path).write { db in
            try db.execute(sql: "UPDATE run SET created_at = 1700000000000, started_at = 1700000001000, finished_at = 1700000002000")
            try db.execute(sql: "UPDATE window SET started_at = 1700000001000, finished_at = 1700000002000")
        }
    }

    /// Every file under `folder`, by relative path.
    static func files(in folder: String) throws -> [String: Data] {
        FolderContents.files(in: folder)
    }
}
