import Foundation
import GRDB
import TestSupport
import Testing

/// `optimization_method: tpe` end to end: the same trials whatever the jobs or a crash, the
/// warm start, and what the report shows.
@Suite(.serialized) struct TPECommandTests {
    static let study = """
        name: TPE search
        symbols: [BTCUSDT]
        timeframe: 1h
        start_date: 2023-01-01T00:00:00Z
        end_date: 2023-07-01T00:00:00Z
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges:
          rsi_period: {from: 2, to: 40, step: 1}
          rsi_oversold: {from: 10, to: 40, step: 1}
          rsi_overbought: {from: 60, to: 90, step: 2}
        optimization_method: tpe
        max_combinations: 96
        tpe: {batch_size: 16}
        warm_start: true
        random_seed: 5
        min_trades: 3
        position_size: 1000
        data: {source: synthetic, seed: 4}
        """

    func write(_ text: String = study) throws -> (folder: URL, study: String) {
        let folder = try CommandRunner.temporaryFolder()
        let path = folder.appendingPathComponent("tpe.yaml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        return (folder, path.path)
    }

    @Test func theTrialsAreTheSameWithOneJobTwoJobsAndAfterAKill() throws {
        let (folder, study) = try write()
        func database(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let two = try CommandRunner.wfo(["run", study, "--db", database("two.sqlite"), "--jobs", "2"], in: folder)
        #expect(two.status == 0, "\(two.standardError)")
        let reference = try DatabaseDump.text(of: database("two.sqlite"))
        #expect(try CommandRunner.wfo(["run", study, "--db", database("one.sqlite"), "--jobs", "1", "--no-report"]).status == 0)
        #expect(try DatabaseDump.text(of: database("one.sqlite")) == reference)

        // Killed once two windows are in, then resumed: the warm start reads the stored window.
        let process = Process()
        process.executableURL = SharedData.binary
        process.arguments = ["run", study, "--db", database("killed.sqlite"), "--no-report"]
        process.environment = ProcessInfo.processInfo.environment.merging(["WFO_FAULT_PAUSE_IN_COMMIT_MS": "300"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning, Date() < deadline {
            if let done = try? DatabaseDump.count("SELECT COUNT(*) FROM window WHERE status = 'COMPLETED'", in: database("killed.sqlite")),
               done >= 2 { break }
            usleep(5_000)
        }
        try #require(process.isRunning, "the run ended before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let resumed = try CommandRunner.wfo(["run", "--resume", "1", "--db", database("killed.sqlite"), "--no-report"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try DatabaseDump.text(of: database("killed.sqlite")) == reference)

        // Every window evaluated its budget, each combination once, in a recorded order; the
        // second window began with the first window's best batch.
        let queue = try DatabaseQueue(path: database("two.sqlite"))
        let (perWindow, orders, seeds, best) = try queue.read { db in
            (try Int.fetchAll(db, sql: "SELECT COUNT(DISTINCT parameters) FROM trial GROUP BY window_id ORDER BY window_id"),
             try Int.fetchAll(db, sql: "SELECT COUNT(DISTINCT proposal_order) FROM trial GROUP BY window_id ORDER BY window_id"),
             try String.fetchAll(db, sql: "SELECT parameters FROM trial JOIN window w ON w.id = trial.window_id WHERE w.window_index = 1 AND proposal_order < 16 ORDER BY proposal_order"),
             try String.fetchAll(db, sql: "SELECT parameters FROM trial JOIN window w ON w.id = trial.window_id WHERE w.window_index = 0 ORDER BY rank LIMIT 16"))
        }
        #expect(perWindow == [96, 96, 96, 96])
        #expect(orders == [96, 96, 96, 96])
        #expect(seeds == best, "warm start: window 2's first batch is window 1's best 16, best first")

        // The report says how the search ran and shows it converging.
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("site/runs").path).first)
        let markdown = try String(contentsOf: folder.appendingPathComponent("site/runs/\(run)/report.md"), encoding: .utf8)
        #expect(markdown.contains("How each window searched: TPE: 96 of 19,344 combinations (0.5 %) in batches of 16, the first 32 at random, 24 candidates per proposal, seed 5; warm start"), "\(markdown)")
        #expect(markdown.contains("![Best in-sample score so far, per window](convergence.svg)"))
        #expect(markdown.contains("over those of the 4 completed windows whose search evaluated it"), "the heatmap says TPE windows differ")
        let chart = try String(contentsOf: folder.appendingPathComponent("site/runs/\(run)/convergence.svg"), encoding: .utf8)
        #expect(chart.contains("<title>W4 · trial "))
    }

    @Test func theStatusAndValidationSayHowItSearches() throws {
        let (_, study) = try write()
        let validate = try CommandRunner.wfo(["validate", study])
        #expect(validate.status == 0, "\(validate.standardError)")
        #expect(validate.standardOutput.contains("96 combinations per window (tpe)"))
        #expect(validate.standardOutput.contains("search: TPE: 96 of 19,344 combinations"))
    }
}
