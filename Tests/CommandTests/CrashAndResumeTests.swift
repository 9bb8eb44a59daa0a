import Foundation
import TestSupport
import Testing

/// A run killed or interrupted at any moment resumes to exactly the results of an
/// uninterrupted run (SPEC section 9).
@Suite(.serialized) struct CrashAndResumeTests {
    static let study = """
        name: Crash test
        symbols: [BTCUSDT]
        timeframe: 5m
        start_date: 2023-01-01
        end_date: 2024-01-01
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges:
          rsi_period: [7, 14, 21, 28]
          rsi_oversold: [20, 25, 30]
          rsi_overbought: [70, 75, 80]
        min_trades: 1
        position_size: 1000
        data: {source: synthetic, seed: 3}
        """

    func setUp() throws -> (folder: URL, study: String, reference: String) {
        let folder = try CommandRunner.temporaryFolder()
        let study = folder.appendingPathComponent("crash.yaml")
        try Self.study.write(to: study, atomically: true, encoding: .utf8)
        let reference = folder.appendingPathComponent("reference.sqlite").path
        let result = try CommandRunner.wfo(["run", study.path, "--db", reference, "--jobs", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        return (folder, study.path, try DatabaseDump.text(of: reference))
    }

    /// Starts `wfo` in the background.
    /// Its standard error goes to `errors` when given, for the messages of a run that ends early.
    func launch(_ arguments: [String], errors: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = SharedData.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if let errors {
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
        }
        try process.run()
        return process
    }

    /// Waits until the run has at least `windows` finished windows (or the process ended).
    /// The deadline is generous: under a sanitizer on a loaded machine a run is 20 times slower.
    func wait(for windows: Int, in database: String, while process: Process) throws {
        let deadline = Date().addingTimeInterval(600)
        while process.isRunning, Date() < deadline {
            if FileManager.default.fileExists(atPath: database),
               let done = try? DatabaseDump.count("SELECT COUNT(*) FROM window WHERE status IN ('COMPLETED', 'FAILED')", in: database),
               done >= windows { return }
            usleep(2_000)
        }
        if process.isRunning { Issue.record("no \(windows) finished windows after 600 s") }
    }

    /// The database is sound and no window is half-written.
    func checkConsistency(_ database: String) throws {
        #expect(try DatabaseDump.text(of: database).isEmpty == false)
        let integrity = try DatabaseDump.string("PRAGMA integrity_check", in: database)
        #expect(integrity == "ok")
        #expect(try DatabaseDump.count("""
            SELECT COUNT(*) FROM window w WHERE w.status = 'COMPLETED' AND (
              (SELECT COUNT(*) FROM trial t WHERE t.window_id = w.id) != 36 OR
              (SELECT COUNT(*) FROM window_performance p WHERE p.window_id = w.id) != 2)
            """, in: database) == 0)
        #expect(try DatabaseDump.count("""
            SELECT COUNT(*) FROM window w WHERE w.status != 'COMPLETED' AND (
              (SELECT COUNT(*) FROM trial t WHERE t.window_id = w.id) > 0 OR
              (SELECT COUNT(*) FROM trade t WHERE t.window_id = w.id) > 0)
            """, in: database) == 0)
    }

    @Test func killedThreeTimesThenResumedEqualsAnUninterruptedRun() throws {
        let (folder, study, reference) = try setUp()
        let database = folder.appendingPathComponent("crashed.sqlite").path
        var arguments = ["run", study, "--db", database, "--jobs", "2"]
        var kills = 0
        for (attempt, target) in [2, 5, 8].enumerated() {
            let errors = folder.appendingPathComponent("attempt-\(attempt).stderr")
            let process = try launch(arguments, errors: errors)
            try wait(for: target, in: database, while: process)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            if process.terminationReason == .exit {
                #expect(process.terminationStatus == 0, "wfo ended early: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
            }
            try checkConsistency(database)
            arguments = ["run", "--resume", "1", "--db", database, "--jobs", "2"]
        }
        #expect(kills >= 2, "the run finished before it could be killed; make the study larger")
        let status = try DatabaseDump.string("SELECT status FROM run WHERE id = 1", in: database)
        #expect(status == "RUNNING") // a killed run is left RUNNING: a crash, not a clean stop
        let resumed = try CommandRunner.wfo(arguments)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        try checkConsistency(database)
        #expect(try DatabaseDump.text(of: database) == reference)
    }

    @Test func ctrlCMarksTheRunInterruptedAndResumeFinishesIt() throws {
        let (folder, study, reference) = try setUp()
        let database = folder.appendingPathComponent("interrupted.sqlite").path
        let errors = folder.appendingPathComponent("interrupted.stderr")
        let process = try launch(["run", study, "--db", database], errors: errors)
        try wait(for: 3, in: database, while: process)
        #expect(process.isRunning, "wfo ended early: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        #expect(try DatabaseDump.string("SELECT status FROM run WHERE id = 1", in: database) == "INTERRUPTED")
        try checkConsistency(database)
        let status = try CommandRunner.wfo(["status", "1", "--db", database])
        #expect(status.standardOutput.contains("run 1 INTERRUPTED"))
        #expect(status.standardOutput.contains("wfo run --resume 1"))
        let resumed = try CommandRunner.wfo(["run", "--resume", "1", "--db", database])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try DatabaseDump.text(of: database) == reference)
    }

    @Test func aRunningRunCannotBeResumedByASecondProcess() throws {
        let (folder, study, _) = try setUp()
        let database = folder.appendingPathComponent("busy.sqlite").path
        let errors = folder.appendingPathComponent("busy.stderr")
        let process = try launch(["run", study, "--db", database, "--jobs", "1"], errors: errors)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try wait(for: 1, in: database, while: process)
        let early = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try #require(process.isRunning, "the run ended before a second process could try to resume it: \(early)")
        let second = try CommandRunner.wfo(["run", "--resume", "1", "--db", database])
        // 75: held by another process, try again later (not bad input, not a failed run).
        #expect(second.status == 75)
        #expect(second.standardError.contains("run 1 is being run by another process; wait for it to end (or stop it), then try again"))
    }
}
