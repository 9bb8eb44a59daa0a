import Foundation
import MarketData
import TestSupport
import Testing

/// A run's life through the binary (issue 31): `wfo run --retry` of a FAILED run, and a run
/// the command refuses to retry.
@Suite(.serialized) struct RunLifecycleTests {
    /// Every window over a hole of ten months fails, so the run FAILS (exit 1); once the data
    /// is whole again, `wfo run --retry 1` runs the failed windows and COMPLETES the run with
    /// the very results of a run on whole data from the start.
    @Test func retryOfAFailedRunFromTheCommandLineCompletesIt() throws {
        let folder = try HoleStudy.folder(from: UTCTime.milliseconds(year: 2023, month: 1, day: 20),
                                          to: UTCTime.milliseconds(year: 2023, month: 12, day: 20))
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let study = folder.appendingPathComponent("hole.yaml").path
        let failed = try CommandRunner.wfo(["run", study, "--db", database, "--no-report"])
        #expect(failed.status == 1, "\(failed.standardError)")
        #expect(try DatabaseDump.string("SELECT status FROM run WHERE id = 1", in: database) == "FAILED")
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM window WHERE status = 'FAILED'", in: database) == 9)

        try HoleStudy.writeCandles(into: folder, without: 0..<0)
        let retried = try CommandRunner.wfo(["run", "--retry", "1", "--db", database, "--no-report"])
        #expect(retried.status == 0, "\(retried.standardError)")
        #expect(retried.standardOutput.contains("run 1 COMPLETED: Hole"), "\(retried.standardOutput)")
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM window WHERE status = 'COMPLETED'", in: database) == 9)

        let fresh = folder.appendingPathComponent("fresh.sqlite").path
        let whole = try CommandRunner.wfo(["run", study, "--db", fresh, "--no-report"])
        #expect(whole.status == 0, "\(whole.standardError)")
        let (retriedDump, freshDump) = (try DatabaseDump.text(of: database), try DatabaseDump.text(of: fresh))
        let difference = zip(retriedDump.split(separator: "\n"), freshDump.split(separator: "\n")).first { $0 != $1 }
        #expect(difference == nil, "first difference: \(String(describing: difference))")
        #expect(retriedDump.count == freshDump.count)

        // A COMPLETED run has nothing to retry: bad input, nothing written.
        let before = try DatabaseDump.text(of: database)
        let again = try CommandRunner.wfo(["run", "--retry", "1", "--db", database, "--no-report"])
        #expect(again.status == 2)
        #expect(again.standardError.contains("run 1 is COMPLETED; there is nothing to retry"), "\(again.standardError)")
        #expect(try DatabaseDump.text(of: database) == before)
        let missing = try CommandRunner.wfo(["run", "--retry", "7", "--db", database, "--no-report"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("there is no run 7; `wfo runs` lists the runs"), "\(missing.standardError)")
    }
}

/// One status shape (issue 31): `GET /api/walkforward/RUN/` of `wfo serve` and
/// `wfo status RUN --json` print the same JSON, cluster block and log included.
enum StatusAgreement {
    /// The API's answer and the command's output for run `runID` of `FOLDER/wfo.sqlite`.
    static func apiAndCommand(_ folder: URL, runID: Int) throws -> (api: String, command: String) {
        let server = try ServeProcess.start(folder)
        defer { server.stop() }
        let fetched = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/curl"),
                                            ["-s", "http://127.0.0.1:\(server.port)/api/walkforward/\(runID)/"])
        let command = try CommandRunner.wfo(["status", String(runID), "--json", "--db", folder.appendingPathComponent("wfo.sqlite").path])
        return (fetched.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines),
                command.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension RunLifecycleTests {
    @Test func theAPIAndTheCommandShowALocalRunInTheSameJSON() throws {
        let folder = try CommandRunner.temporaryFolder()
        let run = try CommandRunner.wfo(["run", SharedData.projectRoot.appendingPathComponent("examples/quickstart.yaml").path,
                                         "--db", folder.appendingPathComponent("wfo.sqlite").path, "--out", folder.appendingPathComponent("site").path])
        #expect(run.status == 0, "\(run.standardError)")
        let (api, command) = try StatusAgreement.apiAndCommand(folder, runID: 1)
        #expect(command.contains("\"status\": \"COMPLETED\""))
        #expect(command.contains("\"log\": ["))
        #expect(api == command)
        // JSON for people (issue 32): the checks read `(must be <= 50 %)`, not `\u003c=`.
        #expect(command.contains("(must be <= "), "\(command)")
        #expect(!command.contains("\\u003c"), "\(command)")
        // `wfo runs` says "OOS return" for the stitched return, as the index page does (issue 32).
        let runs = try CommandRunner.wfo(["runs", "--db", folder.appendingPathComponent("wfo.sqlite").path])
        #expect(runs.standardOutput.contains("OOS return") && !runs.standardOutput.contains("OOS ROI"), "\(runs.standardOutput)")
        let json = try JSONSerialization.jsonObject(with: Data(command.utf8)) as? [String: Any]
        let stitched = try #require(json?["stitched_return"] as? Double)
        #expect(runs.standardOutput.contains(String(format: "%.2f %%", stitched)), "\(runs.standardOutput)")
    }
}

extension RunLifecycleTests {
    /// `wfo validate` checks what `wfo run` checks before it writes: a study whose csv data
    /// ends months before its windows do is refused by both, with the same message, and
    /// neither writes a database.
    @Test func validateRefusesDataThatDoesNotCoverTheWindowsAsRunDoes() throws {
        let folder = try HoleStudy.folder(from: UTCTime.milliseconds(year: 2023, month: 9, day: 1),
                                          to: UTCTime.milliseconds(year: 2025, month: 1, day: 1))
        let study = folder.appendingPathComponent("hole.yaml").path
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let validate = try CommandRunner.wfo(["validate", study, "--db", database])
        let run = try CommandRunner.wfo(["run", study, "--db", database, "--no-report"])
        #expect(validate.status == 2, "\(validate.standardOutput)")
        #expect(run.status == 2)
        let message = "the csv data for BTCUSDT covers 2022-12-11T04:00:00Z .. 2023-09-01T00:00:00Z but the windows need "
            + "2023-01-01T00:00:00Z .. 2023-12-27T00:00:00Z; add the missing candles"
        #expect(validate.standardError.contains(message), "\(validate.standardError)")
        #expect(run.standardError.contains(message), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: database))

        // The whole data validates, with its candles counted.
        try HoleStudy.writeCandles(into: folder, without: 0..<0)
        let whole = try CommandRunner.wfo(["validate", study, "--db", database])
        #expect(whole.status == 0, "\(whole.standardError)")
        #expect(whole.standardOutput.contains("data: BTCUSDT"), "\(whole.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: database))
    }
}

extension RunLifecycleTests {
    /// `wfo report --help` and docs/reports.md name every file a run's folder gets (issue 32:
    /// the help listed fewer): a random search's run, which has every chart, convergence included.
    @Test func theReportHelpAndTheDocsNameEveryFileOfARunsFolder() throws {
        let folder = try CommandRunner.temporaryFolder()
        let study = folder.appendingPathComponent("random.yaml")
        let text = try String(contentsOf: SharedData.projectRoot.appendingPathComponent("examples/quickstart.yaml"), encoding: .utf8)
        try text.replacingOccurrences(of: "optimization_method: grid", with: "optimization_method: random\nmax_combinations: 6")
            .write(to: study, atomically: true, encoding: .utf8)
        let run = try CommandRunner.wfo(["run", study.path, "--db", folder.appendingPathComponent("wfo.sqlite").path,
                                         "--out", folder.appendingPathComponent("site").path])
        #expect(run.status == 0, "\(run.standardError)")
        let runs = folder.appendingPathComponent("site/runs")
        let runFolder = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: runs.appendingPathComponent(runFolder).path).map {
            $0.hasPrefix("window-") ? "window-<n>.svg" : $0
        })
        #expect(names.contains("convergence.svg") && names.contains("monte-carlo.svg"), "\(names)")
        let help = try CommandRunner.wfo(["report", "--help"]).standardOutput.replacingOccurrences(of: "\n", with: " ")
        let docs = try String(contentsOf: SharedData.projectRoot.appendingPathComponent("docs/reports.md"), encoding: .utf8)
        for name in names {
            #expect(help.contains(name), "wfo report --help names \(name)")
            #expect(docs.contains(name), "docs/reports.md names \(name)")
        }
    }
}
