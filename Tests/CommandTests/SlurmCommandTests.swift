import Foundation
import GRDB
import TestSupport
import Testing

/// `wfo run --executor slurm` end to end on a real Slurm: the one-node cluster that
/// `Scripts/slurm-local.sh start` brings up (`.ci/run` starts it before the tests). Every run
/// is compared with the same study run locally, table by table (``DatabaseDump``).
///
/// Skipped only when `sbatch` is absent and `$CI` is not set; in CI a missing Slurm fails.
@Suite(.serialized, .enabled(if: SlurmCluster.isUsable || SlurmCluster.isCI, "\(SlurmCluster.skipMessage)"))
struct SlurmCommandTests {
    /// A synthetic study whose array tasks take a few seconds each, long enough to be hit by
    /// a fault while they run: 8 windows × 60 combinations, with PBO and DSR.
    static let study = """
        name: Cluster faults
        symbols: [BTCUSDT]
        timeframe: 15m
        start_date: 2023-01-01T00:00:00Z
        end_date: 2023-11-01T00:00:00Z
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges:
          rsi_period: [7, 10, 14, 21, 28]
          rsi_oversold: [20, 25, 30, 35]
          rsi_overbought: [65, 70, 80]
        optimization_method: grid
        initial_capital: 10000
        position_size: 1000
        data:
          source: synthetic
          seed: 11

        """

    struct Setup {
        var folder: URL
        var work: String
        var studyPath: String

        func database(_ name: String) -> String { folder.appendingPathComponent(name).path }
    }

    static func setUp(study text: String = study) throws -> Setup {
        try SlurmCluster.require()
        let folder = try CommandRunner.temporaryFolder()
        let work = folder.appendingPathComponent("work").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let studyPath = folder.appendingPathComponent("study.yaml").path
        try text.write(toFile: studyPath, atomically: true, encoding: .utf8)
        return Setup(folder: folder, work: work, studyPath: studyPath)
    }

    static let fastPolling = ["WFO_CLUSTER_POLL_MS": "200"]

    static func runLocally(_ setup: Setup, database: String = "local.sqlite") throws -> String {
        let result = try CommandRunner.wfo(["run", setup.studyPath, "--db", setup.database(database), "--no-report"])
        #expect(result.status == 0, "\(result.standardError)")
        return try DatabaseDump.text(of: setup.database(database))
    }

    static func slurmArguments(_ setup: Setup, database: String = "slurm.sqlite", extra: [String] = []) -> [String] {
        ["run", setup.studyPath, "--db", setup.database(database), "--no-report", "--executor", "slurm",
         "--work-dir", setup.work] + extra
    }

    @Test(.enabled(if: SharedData.hasKlines, "\(SharedData.missingMessage)"))
    func theOriginalStudyThroughSlurmEqualsTheLocalRun() throws {
        let original = try String(contentsOf: SharedData.projectRoot.appendingPathComponent("examples/btcusdt-rsi-2024.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  source: binance", with: "  source: csv\n  path: \(SharedData.klinesFolder.path)")
        let setup = try Self.setUp(study: original)
        let local = try Self.runLocally(setup)
        let slurm = try CommandRunner.wfo(Self.slurmArguments(setup), environment: Self.fastPolling)
        #expect(slurm.status == 0, "\(slurm.standardError)")
        #expect(try DatabaseDump.text(of: setup.database("slurm.sqlite")) == local)
        let cluster = try SlurmCluster.clusterRow(setup.database("slurm.sqlite"))
        #expect(cluster.tasks >= 8, "the original study should run as at least 8 array tasks, not \(cluster.tasks)")
        #expect(cluster.unitsDone == cluster.unitsTotal)
        // The tasks read only the work folder: the study, the candles and the manifest.
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: setup.work).first)
        let contents = Set(try FileManager.default.contentsOfDirectory(atPath: setup.work + "/" + folder))
        #expect(contents.isSuperset(of: ["manifest.json", "study.yaml", "candles.bin", "task.sh", "results", "logs"]))
        let status = try CommandRunner.wfo(["status", "--db", setup.database("slurm.sqlite"), "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        let units = try #require((json["cluster"] as? [String: Any])?["units"] as? [String: Int])
        #expect(units["done"] == units["total"])
    }

    @Test func aMatrixThroughSlurmEqualsTheSameMatrixRunLocally() throws {
        let matrix = Self.study.replacingOccurrences(of: "timeframe: 15m\n", with: "")
            .replacingOccurrences(of: "training_window_days: 60\n", with: "")
            .replacingOccurrences(of: "end_date: 2023-11-01", with: "end_date: 2023-07-01")
            .replacingOccurrences(of: "rsi_period: [7, 10, 14, 21, 28]", with: "rsi_period: [7, 14]")
            .replacingOccurrences(of: "rsi_oversold: [20, 25, 30, 35]", with: "rsi_oversold: [25, 30]")
            + "matrix:\n  timeframe: [1h, 4h]\n  training_window_days: [45, 60, 90]\n"
        let setup = try Self.setUp(study: matrix)
        let local = try Self.runLocally(setup)
        let slurm = try CommandRunner.wfo(Self.slurmArguments(setup, extra: ["--max-parallel", "2", "--tasks", "4"]), environment: Self.fastPolling)
        #expect(slurm.status == 0, "\(slurm.standardError)")
        #expect(try DatabaseDump.text(of: setup.database("slurm.sqlite")) == local)
    }

    /// A portfolio over a universe whose symbols list late, delist and miss candles (the golden
    /// case `volatility-listing`) walks forward on Slurm exactly as locally, with any --jobs.
    @Test func aPortfolioUniverseThroughSlurmEqualsTheLocalRunWithAnyJobs() throws {
        let fixture = SharedData.projectRoot.appendingPathComponent("Tests/CommandTests/Fixtures/portfolio/volatility-listing")
        let study = try String(contentsOf: fixture.appendingPathComponent("study.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "path: \"candles/{symbol}.csv\"", with: "path: \"\(fixture.path)/candles/{symbol}.csv\"")
            .replacingOccurrences(of: "parameter_ranges: {n: [12]}", with: "parameter_ranges: {n: [8, 12, 16, 20]}")
        let setup = try Self.setUp(study: study)
        let local = try Self.runLocally(setup)
        #expect(local.contains("symbol=\"LATE\"") && local.contains("symbol=\"GONE\""), "the late and the delisted symbols trade")
        let twoJobs = try CommandRunner.wfo(["run", setup.studyPath, "--db", setup.database("jobs.sqlite"), "--no-report", "--jobs", "2"])
        #expect(twoJobs.status == 0, "\(twoJobs.standardError)")
        #expect(try DatabaseDump.text(of: setup.database("jobs.sqlite")) == local)
        let slurm = try CommandRunner.wfo(Self.slurmArguments(setup, extra: ["--tasks", "4"]), environment: Self.fastPolling)
        #expect(slurm.status == 0, "\(slurm.standardError)")
        #expect(try DatabaseDump.text(of: setup.database("slurm.sqlite")) == local)
    }

    /// A TPE search runs a window per task and the client rebuilds its proposals from the
    /// results alone: the trials equal the local run's; warm_start, which chains the windows, is refused.
    @Test func aTPESearchThroughSlurmEqualsTheLocalRunAndWarmStartIsRefused() throws {
        let tpe = Self.study.replacingOccurrences(of: "optimization_method: grid", with: "optimization_method: tpe\nmax_combinations: 40\ntpe: {batch_size: 8}")
            .replacingOccurrences(of: "rsi_period: [7, 10, 14, 21, 28]", with: "rsi_period: {from: 5, to: 40, step: 1}")
        let setup = try Self.setUp(study: tpe)
        let local = try Self.runLocally(setup)
        let slurm = try CommandRunner.wfo(Self.slurmArguments(setup), environment: Self.fastPolling)
        #expect(slurm.status == 0, "\(slurm.standardError)")
        #expect(try DatabaseDump.text(of: setup.database("slurm.sqlite")) == local)
        let cluster = try SlurmCluster.clusterRow(setup.database("slurm.sqlite"))
        #expect(cluster.unitsTotal == 8, "one unit per window")

        try (tpe + "warm_start: true\n").write(toFile: setup.studyPath, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.wfo(Self.slurmArguments(setup, database: "warm.sqlite"))
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("warm_start: each window's search starts from the previous window's results"), "\(refused.standardError)")
    }

    /// Under the permutation test each window's permutations run in array tasks of their own
    /// (a block per unit), beside its search; the client stores what they found and searches
    /// none itself: every stored permutation and p-value equals the local run's.
    @Test func thePermutationTestRunsInTheArrayTasksAndEqualsTheLocalRun() throws {
        let setup = try Self.setUp(study: Self.study + "robustness: {permutations: 6}\n")
        let local = try Self.runLocally(setup)
        let slurm = try CommandRunner.wfo(Self.slurmArguments(setup, extra: ["--tasks", "16"]), environment: Self.fastPolling)
        #expect(slurm.status == 0, "\(slurm.standardError)")
        #expect(try DatabaseDump.text(of: setup.database("slurm.sqlite")) == local)
        let stored = try SlurmCluster.open(setup.database("slurm.sqlite")).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM window_permutation") ?? 0
        }
        #expect(stored == 8 * 6)
        // 8 windows, each as 2 blocks of 30 combinations and 2 blocks of 3 permutations.
        let cluster = try SlurmCluster.clusterRow(setup.database("slurm.sqlite"))
        #expect(cluster.unitsTotal == 32 && cluster.unitsDone == 32, "\(cluster)")
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: setup.work).first)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: setup.work + "/" + folder + "/manifest.json"))) as? [String: Any])
        let units = try #require(manifest["tasks"] as? [[[Int]]]).flatMap { $0 }
        #expect(units.filter { $0.count == 5 }.map { [$0[3], $0[4]] }.sorted { $0.lexicographicallyPrecedes($1) }
            == [[Int]](repeating: [0, 3], count: 8) + [[Int]](repeating: [3, 6], count: 8))
    }

    @Test func aCancelledTaskAKilledTaskAndADamagedResultAreRecomputed() throws {
        let setup = try Self.setUp()
        let local = try Self.runLocally(setup)
        // Task 3 cuts its result in half once; one running task is scancelled, another SIGKILLed.
        let client = try SlurmCluster.start(Self.slurmArguments(setup, extra: ["--tasks", "16"]),
                                            environment: Self.fastPolling.merging(["WFO_FAULT_DAMAGE_RESULT_OF_TASK": "3"]) { $1 })
        let job = try SlurmCluster.waitForJob(named: "wfo-run-1")
        let cancelled = try SlurmCluster.waitForRunningTask(ofJob: job)
        #expect(try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/scancel"), ["\(job)_\(cancelled)"]).status == 0)
        let killed = try SlurmCluster.waitForRunningTask(ofJob: job, other: cancelled)
        try SlurmCluster.killTaskProcess(index: killed)
        let result = client.wait()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("submitting it again"), "\(result.standardError)")
        #expect(result.standardError.contains("discarded a result"), "\(result.standardError)")
        #expect(try DatabaseDump.text(of: setup.database("slurm.sqlite")) == local)
    }

    @Test func aDrainedNodeResumedDuringTheRunAndAKilledClientResumedFinishTheSame() throws {
        let setup = try Self.setUp()
        let local = try Self.runLocally(setup)
        let client = try SlurmCluster.start(Self.slurmArguments(setup, extra: ["--tasks", "16"]), environment: Self.fastPolling)
        let job = try SlurmCluster.waitForJob(named: "wfo-run-1")
        _ = try SlurmCluster.waitForRunningTask(ofJob: job)
        try SlurmCluster.scontrol(["update", "nodename=\(SlurmCluster.node)", "state=drain", "reason=wfo-test"])
        Thread.sleep(forTimeInterval: 3)
        try SlurmCluster.scontrol(["update", "nodename=\(SlurmCluster.node)", "state=resume"])
        // Kill the client once a window is merged; the array goes on without it.
        try SlurmCluster.waitUntil("a window is merged") {
            (try? SlurmCluster.completedWindows(setup.database("slurm.sqlite"))) ?? 0 >= 1
        }
        client.kill()
        let resumed = try CommandRunner.wfo(["run", "--resume", "1", "--db", setup.database("slurm.sqlite"), "--no-report"],
                                            environment: Self.fastPolling)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try DatabaseDump.text(of: setup.database("slurm.sqlite")) == local)
    }

    @Test func ctrlCLeavesTheArrayRunningThenCancelStopsItAndResumeFinishesTheSame() throws {
        let setup = try Self.setUp()
        let local = try Self.runLocally(setup)
        let database = setup.database("slurm.sqlite")
        let client = try SlurmCluster.start(Self.slurmArguments(setup, extra: ["--tasks", "8", "--max-parallel", "1"]), environment: Self.fastPolling)
        let job = try SlurmCluster.waitForJob(named: "wfo-run-1")
        _ = try SlurmCluster.waitForRunningTask(ofJob: job)
        kill(client.process.processIdentifier, SIGINT)
        let interrupted = client.wait()
        #expect(interrupted.status == 130, "\(interrupted.standardError)")
        #expect(!(try SlurmCluster.squeue(["-h", "-j", job])).isEmpty, "Ctrl-C of the client must leave the array running")
        let status = try CommandRunner.wfo(["status", "1", "--db", database])
        #expect(status.standardOutput.contains("`wfo run --resume 1` reattaches, `wfo cancel 1` cancels it"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("units: "), "\(status.standardOutput)")

        let cancel = try CommandRunner.wfo(["cancel", "1", "--db", database])
        #expect(cancel.status == 0, "\(cancel.standardError)")
        try SlurmCluster.waitUntil("the array is gone") { try SlurmCluster.squeue(["-h", "-j", job]).isEmpty }
        #expect(try CommandRunner.wfo(["cancel", "1", "--db", database, "--lock-timeout", "1"]).status == 0, "cancelling twice is harmless")
        let resumed = try CommandRunner.wfo(["run", "--resume", "1", "--db", database, "--no-report"], environment: Self.fastPolling)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try DatabaseDump.text(of: database) == local)
        let finished = try CommandRunner.wfo(["cancel", "1", "--db", database])
        #expect(finished.status == 2)
        #expect(finished.standardError.contains("is COMPLETED; there is nothing to cancel"))
    }

    /// A cluster run's sealed candles cut short while it is stopped are a cache that can be
    /// rebuilt: `--resume` loads them again from the study's data, checks them against the
    /// digest the manifest kept, writes them back, says so on stderr and in the run's log, and
    /// finishes with the results of a local run. The API and the command then show the run in
    /// the same JSON, cluster block and log included.
    @Test func aTruncatedCandleCacheIsRebuiltWithAMessageAndTheResultsAreUnchanged() throws {
        let setup = try Self.setUp()
        let local = try Self.runLocally(setup)
        let database = setup.database("wfo.sqlite")
        let client = try SlurmCluster.start(Self.slurmArguments(setup, database: "wfo.sqlite", extra: ["--tasks", "8", "--max-parallel", "1"]),
                                            environment: Self.fastPolling)
        let job = try SlurmCluster.waitForJob(named: "wfo-run-1")
        _ = try SlurmCluster.waitForRunningTask(ofJob: job)
        kill(client.process.processIdentifier, SIGINT)
        #expect(client.wait().status == 130)
        #expect(try CommandRunner.wfo(["cancel", "1", "--db", database]).status == 0)
        try SlurmCluster.waitUntil("the array is gone") { try SlurmCluster.squeue(["-h", "-j", job]).isEmpty }
        let workFolder = try #require(try FileManager.default.contentsOfDirectory(atPath: setup.work).first)
        let candles = "\(setup.work)/\(workFolder)/candles.bin"
        let sealed = try Data(contentsOf: URL(fileURLWithPath: candles))
        try sealed.prefix(sealed.count / 3).write(to: URL(fileURLWithPath: candles))

        let resumed = try CommandRunner.wfo(["run", "--resume", "1", "--db", database, "--no-report"], environment: Self.fastPolling)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let message = "\(candles) is damaged"
        #expect(resumed.standardError.contains(message), "\(resumed.standardError)")
        #expect(resumed.standardError.contains("rebuilt it from the study's synthetic data (the same candles the tasks read, by their SHA-256)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: candles)) == sealed, "written back as the client first wrote it")
        #expect(try DatabaseDump.text(of: database) == local)
        let status = try CommandRunner.wfo(["status", "1", "--db", database])
        #expect(status.standardOutput.contains("rebuilt it from the study's synthetic data"), "\(status.standardOutput)")

        let (api, command) = try StatusAgreement.apiAndCommand(setup.folder, runID: 1)
        #expect(command.contains("\"cluster\": {"), "\(command)")
        #expect(command.contains(message))
        #expect(api == command)
    }

    /// `--detach`: the client submits and exits; the merge job (`--dependency=afterany`) finds a
    /// task that was killed without a result, submits it again with the next merge job, and that
    /// one finishes the run and its report exactly as an attached client would.
    @Test func aDetachedRunIsFinishedByItsMergeJobEvenWhenATaskIsKilled() throws {
        let setup = try Self.setUp()
        let local = try Self.runLocally(setup)
        let database = setup.database("slurm.sqlite")
        let site = setup.folder.appendingPathComponent("site").path
        let arguments = Self.slurmArguments(setup, extra: ["--tasks", "8", "--max-parallel", "2", "--detach", "--out", site])
            .filter { $0 != "--no-report" }
        let detached = try CommandRunner.wfo(arguments, environment: Self.fastPolling)
        #expect(detached.status == 0, "\(detached.standardError)")
        #expect(detached.standardError.contains("detached: Slurm job"), "\(detached.standardError)")
        let status = try CommandRunner.wfo(["status", "1", "--db", database])
        #expect(status.standardOutput.contains("detached: Slurm job"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("merges the results once the array has ended"), "\(status.standardOutput)")
        let json = try CommandRunner.wfo(["status", "1", "--db", database, "--json"])
        #expect(json.standardOutput.contains("\"merge_job\": \""), "\(json.standardOutput)")

        let job = try SlurmCluster.waitForJob(named: "wfo-run-1")
        try SlurmCluster.killTaskProcess(index: try SlurmCluster.waitForRunningTask(ofJob: job))
        // The last merge job completes the run, renders its report and leaves the queue.
        try SlurmCluster.waitUntil("the merge job completes the run", seconds: 300) {
            try SlurmCluster.open(database).read { try String.fetchOne($0, sql: "SELECT status FROM run") } == "COMPLETED"
                && SlurmCluster.squeue(["-h", "-n", "wfo-merge-1"]).isEmpty
        }
        #expect(try DatabaseDump.text(of: database) == local)
        let workFolder = try #require(try FileManager.default.contentsOfDirectory(atPath: setup.work).first)
        let mergeLog = try String(contentsOfFile: "\(setup.work)/\(workFolder)/logs/merge.log", encoding: .utf8)
        #expect(mergeLog.contains("submitting it again"), "\(mergeLog)")
        #expect(mergeLog.contains("report: \(site)/runs/1-"), "\(mergeLog)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: site + "/runs")
        let page = try String(contentsOfFile: "\(site)/runs/\(try #require(runs.first))/report.md", encoding: .utf8)
        #expect(page.contains("ROBUST"), "the page the merge job rendered has the finished run's verdict")
        #expect(!page.contains("No verdict without a completed window"))
        let again = try CommandRunner.wfo(["run", "--resume", "1", "--detach", "--db", database, "--no-report"])
        #expect(again.status == 0 && again.standardOutput.contains("run 1 is COMPLETED; nothing left to merge"), "\(again.standardOutput)")
    }

    /// A calendar's holiday file is copied into the work folder: the tasks and the merge job read
    /// the copy, so the run finishes the same after the user's file is gone (issue 18).
    @Test func aHolidayFileIsReadFromTheWorkFolderNotTheUsersPath() throws {
        let calendar = """
            calendar: {timezone: America/New_York, open: "09:30", close: "16:00", holidays: holidays.csv}
            data:
              source: synthetic
              seed: 11
            """
        let setup = try Self.setUp(study: Self.study.replacingOccurrences(of: "data:\n  source: synthetic\n  seed: 11\n", with: calendar + "\n"))
        let holidays = setup.folder.appendingPathComponent("holidays.csv")
        try "2023-07-04 Independence Day\n2023-09-04 Labor Day\n".write(to: holidays, atomically: true, encoding: .utf8)
        let local = try Self.runLocally(setup)
        let database = setup.database("slurm.sqlite")
        let detached = try CommandRunner.wfo(Self.slurmArguments(setup, extra: ["--tasks", "4", "--detach"]), environment: Self.fastPolling)
        #expect(detached.status == 0, "\(detached.standardError)")
        try FileManager.default.removeItem(at: holidays)
        try SlurmCluster.waitUntil("the merge job completes the run", seconds: 300) {
            try SlurmCluster.open(database).read { try String.fetchOne($0, sql: "SELECT status FROM run") } == "COMPLETED"
                && SlurmCluster.squeue(["-h", "-n", "wfo-merge-1"]).isEmpty
        }
        #expect(try DatabaseDump.text(of: database) == local)
        let workFolder = try #require(try FileManager.default.contentsOfDirectory(atPath: setup.work).first)
        let copies = try FileManager.default.contentsOfDirectory(atPath: "\(setup.work)/\(workFolder)/files")
        #expect(copies.count == 1 && copies[0].hasSuffix("-holidays.csv"), "\(copies)")
    }

    @Test func detachIsRefusedForALocalRun() throws {
        let setup = try Self.setUp()
        let local = try CommandRunner.wfo(["run", setup.studyPath, "--db", setup.database("d.sqlite"), "--detach"])
        #expect(local.status == 2)
        #expect(local.standardError.contains("--detach is for --executor slurm"), "\(local.standardError)")
    }

    @Test func aTaskWithoutAnIndexOrAReadableFolderIsBadInput() throws {
        let noIndex = try CommandRunner.wfo(["task", "run", "/no/such/folder"], environment: ["SLURM_ARRAY_TASK_ID": ""])
        #expect(noIndex.status == 2)
        #expect(noIndex.standardError.contains("no array index: pass --index I"))
        let noFolder = try CommandRunner.wfo(["task", "run", "/no/such/folder", "--index", "0"])
        #expect(noFolder.status == 2)
        #expect(noFolder.standardError.contains("cannot read /no/such/folder/manifest.json"))
    }

    @Test func badWorkFoldersPartitionsAndAMissingSbatchAreBadInputAndWriteNothing() throws {
        let setup = try Self.setUp()
        let database = setup.database("bad.sqlite")
        func expectRefused(_ result: CommandResult, saying words: String) throws {
            #expect(result.status == 2, "\(result.standardError)")
            #expect(result.standardError.contains(words), "\(result.standardError)")
            if FileManager.default.fileExists(atPath: database) {
                #expect(try SlurmCluster.runCount(database) == 0, "a refused run left a run in the database")
            }
        }
        let arguments = Self.slurmArguments(setup, database: "bad.sqlite")
        let missing = arguments.map { $0 == setup.work ? setup.work + "/missing" : $0 }
        try expectRefused(try CommandRunner.wfo(missing), saying: "does not exist; create it on a filesystem every node")
        try expectRefused(try CommandRunner.wfo(arguments + ["--partition", "nosuch"]), saying: "Slurm refuses the job array")
        try expectRefused(try CommandRunner.wfo(arguments, environment: ["PATH": "/nonexistent"]), saying: "sbatch is not on PATH")
        // Read-only, and not shared: a private mount that only the client sees (the node does not).
        let readOnly = try SlurmCluster.inPrivateMount("mount --bind -o ro \"$1\" \"$1\"", folder: setup.work, arguments: arguments)
        try expectRefused(readOnly, saying: "is not writable")
        let notShared = try SlurmCluster.inPrivateMount("mount -t tmpfs none \"$1\"", folder: setup.work, arguments: arguments,
                                                        environment: Self.fastPolling)
        try expectRefused(notShared, saying: "every node sees at the same path")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.work).isEmpty, "a refused run left a work folder")
    }
}

/// The local cluster the tests submit to, and what they do to it.
enum SlurmCluster {
    static let node = "wfo-node"
    static var isCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }
    static var isUsable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/sbatch")
            && ((try? CommandRunner.run(URL(fileURLWithPath: "/usr/bin/sinfo"), ["-h"]).status) ?? 1) == 0
    }
    static let skipMessage = "sbatch is absent or no Slurm answers: the Slurm tests are skipped (Scripts/slurm-local.sh start brings one up)"

    /// In CI a missing cluster is a failure, not a skip.
    static func require() throws {
        try #require(isUsable, "CI is set but no Slurm answers: .ci/run must start it (Scripts/slurm-local.sh start)")
    }

    final class Client: @unchecked Sendable {
        let process: Process
        let errorPipe = Pipe()
        init(process: Process) { self.process = process }

        func wait() -> CommandResult {
            let error = errorPipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CommandResult(status: process.terminationStatus, standardOutput: "", standardError: String(decoding: error, as: UTF8.self))
        }

        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func start(_ arguments: [String], environment: [String: String]) throws -> Client {
        let process = Process()
        process.executableURL = SharedData.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        let client = Client(process: process)
        process.standardError = client.errorPipe
        try process.run()
        return client
    }

    static func waitUntil(_ what: String, seconds: Double = 120, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting until \(what)")
        throw CancellationError()
    }

    static func squeue(_ arguments: [String]) throws -> String {
        try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/squeue"), arguments).standardOutput
    }

    static func waitForJob(named name: String) throws -> String {
        var job = ""
        try waitUntil("job \(name) is queued") {
            job = try squeue(["-h", "-n", name, "-o", "%F"]).split(separator: "\n").first.map(String.init) ?? ""
            return !job.isEmpty
        }
        return job
    }

    /// An array task of `job` that is running now (and is not `other`).
    static func waitForRunningTask(ofJob job: String, other: Int? = nil) throws -> Int {
        var found: Int?
        try waitUntil("a task of job \(job) runs") {
            let lines = try squeue(["-h", "-r", "-j", job, "-t", "RUNNING", "-o", "%i"]).split(separator: "\n")
            found = lines.compactMap { $0.split(separator: "_").last.flatMap { Int($0) } }.first { $0 != other }
            return found != nil
        }
        return found!
    }

    /// SIGKILLs the `wfo task run` process of array task `index` (its environment names the index).
    static func killTaskProcess(index: Int) throws {
        try waitUntil("task \(index)'s process is found") {
            for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
                guard let pid = Int32(entry),
                      let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                      String(decoding: command, as: UTF8.self).contains("task\0run"),
                      let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
                      String(decoding: environment, as: UTF8.self).split(separator: "\0").contains("SLURM_ARRAY_TASK_ID=\(index)")
                else { continue }
                return Foundation.kill(pid, SIGKILL) == 0
            }
            return false
        }
    }

    static func scontrol(_ arguments: [String]) throws {
        let result = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/scontrol"), arguments)
        #expect(result.status == 0, "scontrol \(arguments): \(result.standardError)")
    }

    /// Runs `wfo arguments` in a private mount namespace where `mount` was applied to `folder`.
    static func inPrivateMount(_ mount: String, folder: String, arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        let script = "\(mount) && exec \"$2\" \"${@:3}\""
        return try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/unshare"), ["-m", "bash", "-c", script, "bash", folder, SharedData.binary.path] + arguments,
                                     environment: environment)
    }

    static func open(_ path: String) throws -> DatabaseQueue {
        try DatabaseDump.queue(path, readOnly: true)
    }

    static func runCount(_ path: String) throws -> Int {
        try open(path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM run") ?? 0 }
    }

    static func completedWindows(_ path: String) throws -> Int {
        try open(path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM window WHERE status = 'COMPLETED'") ?? 0 }
    }

    struct ClusterRow {
        var tasks: Int
        var unitsTotal: Int
        var unitsDone: Int
    }

    static func clusterRow(_ path: String) throws -> ClusterRow {
        try open(path).read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT tasks, units_total, units_done FROM cluster_run"))
            return ClusterRow(tasks: row["tasks"], unitsTotal: row["units_total"], unitsDone: row["units_done"])
        }
    }
}
