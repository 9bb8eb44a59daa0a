import Cluster
import Foundation
import Storage
import StudyFile
import WalkForward

extension StudyRunner {
    /// Runs the unfinished windows of a run as a Slurm job array, then finishes the run exactly
    /// as ``execute(_:)`` does locally (same conclusion of each window from its units' results,
    /// same commit, same aggregates), so the stored results equal a local run's.
    ///
    /// A run without a submission gets one: the work folder is written (study, candles,
    /// manifest), Slurm is asked whether it accepts the array (`sbatch --test-only`), then the
    /// array is submitted. A run that has one (the client died or was stopped) is reattached:
    /// valid results are merged, tasks still queued are waited for, and only tasks without a
    /// valid result that are no longer queued are submitted again.
    ///
    /// The client merges windows in window order, each in one transaction, as soon as all of a
    /// window's units have results. A damaged result file is discarded and its task run again;
    /// a task that ends without a result is submitted again up to `maxResubmissions` times,
    /// after which its windows fail with Slurm's account of it.
    ///
    /// Ctrl-C (the cancellation flag) leaves the array running and the run INTERRUPTED:
    /// `wfo run --resume RUN` reattaches, `wfo cancel RUN` cancels the array.
    ///
    /// - Throws: ``RunnerError/badInput(_:)`` for a work folder that is missing, read-only or
    ///   not shared with the nodes, no `sbatch`, or a submission Slurm refuses; for a new run,
    ///   the run and its work folder are then removed again, so nothing is half-written.
    func executeOnSlurm(_ prepared: PreparedRun, settings: ClusterSettings) throws(RunnerError) -> Outcome {
        let runID = prepared.record.id!
        let plan = prepared.plan
        let slurm = Slurm()
        do {
            try database.resetUnfinishedWindows(runID: runID)
            let windows = try database.windows(runID: runID)
            let existing = try database.clusterRun(ofRun: runID)
            let isNew = existing == nil && !windows.contains(where: \.status.isFinished)
            let attached: (folder: WorkFolder, manifest: WorkManifest, record: ClusterRunRecord)
            do {
                if let existing {
                    let folder = WorkFolder(path: existing.workFolder)
                    try? FileManager.default.removeItem(atPath: folder.cancelMarkerPath)
                    attached = (folder, try folder.manifest(), existing)
                } else {
                    attached = try submit(prepared, windows: windows, settings: settings, slurm: slurm)
                }
            } catch {
                if isNew { try? database.deleteRun(id: runID) }
                throw Self.runnerError(error)
            }
            try database.setStatus(.running, ofRun: runID)
            progress.runStarted(runID: runID, name: prepared.record.name, windows: windows.count,
                                completedWindows: windows.filter(\.status.isFinished).count, combinations: plan.combinationCount)
            var monitor = SlurmMonitor(runner: self, plan: plan, runID: runID, folder: attached.folder,
                                       manifest: attached.manifest, record: attached.record, settings: settings, slurm: slurm)
            do {
                try monitor.run(isNew: isNew, once: detachment != nil)
            } catch where Self.runnerError(error).isBadInput && isNew && !monitor.mergedAny {
                try? slurm.cancel(jobs: monitor.jobs)
                attached.folder.remove()
                try? database.deleteRun(id: runID)
                throw Self.runnerError(error)
            }
            if attached.folder.isCancelled {
                try database.setStatus(.interrupted, ofRun: runID, error: "cancelled by `wfo cancel \(runID)`; `wfo run --resume \(runID)` submits what is left")
                return try database.run(id: runID)
            }
            if cancellation.isCancelled {
                try database.setStatus(.interrupted, ofRun: runID, error: Self.detachedMessage(runID: runID, jobs: monitor.jobs))
                return try database.run(id: runID)
            }
            if let detachment, try database.windows(runID: runID).contains(where: { !$0.status.isFinished }) {
                try leaveMergeJob(runID: runID, folder: attached.folder, after: monitor.activeJobs, detachment: detachment,
                                  settings: settings, slurm: slurm)
                return try database.run(id: runID)
            }
            try finish(runID: runID, plan: plan)
            // A merge job an earlier --detach left has nothing more to do.
            if let merge = try database.clusterRun(ofRun: runID)?.mergeJobId {
                if merge != Detachment.currentJob { try? slurm.cancel(jobs: [merge]) }
                try database.setMergeJob(nil, ofRun: runID)
            }
            return try database.run(id: runID)
        } catch let error as StorageError {
            throw .failed(error.description)
        } catch {
            throw Self.runnerError(error)
        }
    }

    /// A cluster error as the runner reports it: bad input stays bad input (exit 2).
    static func runnerError(_ error: any Error) -> RunnerError {
        switch error {
        case let error as RunnerError: error
        case let ClusterError.badInput(message): .badInput(message)
        case let error as ClusterError: .failed(error.description)
        case let error as StorageError: .failed(error.description)
        default: .failed("\(error)")
        }
    }

    /// Writes `merge.sh` and submits the job that runs it once `after` have ended, in place of
    /// any merge job still queued from before; the run stays RUNNING.
    private func leaveMergeJob(runID: Int64, folder: WorkFolder, after jobs: Set<String>, detachment: Detachment,
                               settings: ClusterSettings, slurm: Slurm) throws {
        let record = try database.clusterRun(ofRun: runID)
        if let previous = record?.mergeJobId, previous != Detachment.currentJob { try? slurm.cancel(jobs: [previous]) }
        let databasePath = URL(fileURLWithPath: database.path).standardizedFileURL.path
        try folder.writeMergeScript(binary: settings.binary, runID: runID, databasePath: databasePath,
                                    reportFolder: detachment.reportFolder)
        let submission = record.map(Self.submissionSettings(of:)) ?? settings.submission
        let merge = try slurm.submitMerge(script: folder.mergeScriptPath, after: jobs.sorted(), jobName: "wfo-merge-\(runID)",
                                          log: folder.mergeLogPath, settings: submission)
        try database.setMergeJob(merge, ofRun: runID)
        try database.setStatus(.running, ofRun: runID)
        progress.note("detached: Slurm job \(merge) merges the results once job \(jobs.sorted().joined(separator: ", ")) has ended; "
            + "`wfo status \(runID)` follows it, `wfo run --resume \(runID)` reattaches, `wfo cancel \(runID)` cancels it")
    }

    static func detachedMessage(runID: Int64, jobs: [String]) -> String {
        "interrupted; Slurm job \(jobs.joined(separator: ", ")) goes on: `wfo run --resume \(runID)` reattaches, `wfo cancel \(runID)` cancels it"
    }

    /// Writes the work folder, checks and submits the array, and records the submission.
    private func submit(_ prepared: PreparedRun, windows: [WindowRecord], settings: ClusterSettings,
                        slurm: Slurm) throws -> (WorkFolder, WorkManifest, ClusterRunRecord) {
        let runID = prepared.record.id!
        let plan = prepared.plan
        if plan.study.warmStart {
            throw RunnerError.badInput("\(plan.study.sourcePath): warm_start: each window's search starts from the previous window's results, "
                + "so the windows cannot run side by side on a cluster; run it locally, or without warm_start")
        }
        try WorkFolder.checkUsable(settings.workDirectory)
        let unfinished = windows.filter { !$0.status.isFinished }.map(\.windowIndex)
        // A TPE search proposes batch after batch from its own results: one unit per window.
        let blockSize = plan.isTPE ? plan.combinationCount
            : ClusterSettings.blockSize(windows: unfinished.count, combinations: plan.combinationCount, tasks: settings.tasks)
        let searches = WorkUnit.plan(windows: plan.windows.count, combinations: plan.combinationCount, blockSize: blockSize)
        // Under the permutation test, each window's permutations follow its search, cut into as
        // many blocks as its combinations are.
        let permutations = plan.study.permutationTest?.permutations ?? 0
        let blocks = ClusterSettings.blocksPerWindow(windows: unfinished.count, tasks: settings.tasks)
        let units = unfinished.sorted().flatMap { window in
            searches.filter { $0.windowIndex == window }
                + WorkUnit.permutationUnits(window: window, combinations: plan.combinationCount, count: permutations, blocks: blocks)
        }
        let tasks = WorkManifest.group(units, tasks: units.count)
        let cell: Int?
        do { cell = try database.batchCell(ofRun: runID)?.cellIndex } catch { throw RunnerError.failed(error.description) }
        let manifest = WorkManifest(runID: runID, runName: prepared.record.name, studyPath: prepared.record.studyPath,
                                    cell: cell, tasks: tasks)
        let folder = WorkFolder.forRun(runID, databasePath: database.path, workDirectory: settings.workDirectory)
        do {
            try folder.create(manifest: manifest, studyText: prepared.record.studyText, candles: plan.series, binary: settings.binary,
                              files: plan.study.referencedFiles.map { ($0, StudyFileAccess.copyName(of: $0)) })
            let indices = Array(tasks.indices)
            let name = "wfo-run-\(runID)"
            try slurm.check(script: folder.scriptPath, tasks: indices, jobName: name, logPattern: folder.logPattern,
                            settings: settings.submission)
            var record = ClusterRunRecord(runId: runID, executor: "slurm", workFolder: folder.path,
                                          settings: Self.encode(settings.submission), tasks: tasks.count,
                                          unitsTotal: units.count, updatedAt: WFODatabase.now())
            record.unitsPending = units.count
            try database.saveClusterRun(record)
            let job = try slurm.submit(script: folder.scriptPath, tasks: indices, jobName: name, logPattern: folder.logPattern,
                                       settings: settings.submission)
            try database.addClusterJob(job, toRun: runID)
            record.jobIds = job
            return (folder, manifest, record)
        } catch {
            folder.remove()
            throw error
        }
    }

    static func encode(_ settings: SubmissionSettings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(settings)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The submission settings stored with a cluster run.
    public static func submissionSettings(of record: ClusterRunRecord) -> SubmissionSettings {
        (try? JSONDecoder().decode(SubmissionSettings.self, from: Data(record.settings.utf8))) ?? SubmissionSettings()
    }
}

/// The client's loop over a submitted array: looks at the queue and the result files, merges
/// finished windows in order, submits again what ended without a result.
struct SlurmMonitor {
    let runner: StudyRunner
    let plan: Plan
    let runID: Int64
    let folder: WorkFolder
    let manifest: WorkManifest
    var record: ClusterRunRecord
    let settings: ClusterSettings
    let slurm: Slurm

    /// Each task's results once read and checked.
    private var results: [Int: [UnitResult]] = [:]
    /// Tasks that ended without a result too often, with why.
    private var givenUp: [Int: String] = [:]
    private var resubmissions: [Int: Int] = [:]
    /// The job id each task was last submitted under.
    private var lastJob: [Int: String] = [:]
    private(set) var mergedAny = false
    /// The jobs that had a task in the queue at the last look (and any submitted since): what
    /// a merge job left by `--detach` waits for.
    private(set) var activeJobs: Set<String> = []

    init(runner: StudyRunner, plan: Plan, runID: Int64, folder: WorkFolder, manifest: WorkManifest, record: ClusterRunRecord,
         settings: ClusterSettings, slurm: Slurm) {
        self.runner = runner
        self.plan = plan
        self.runID = runID
        self.folder = folder
        self.manifest = manifest
        self.record = record
        self.settings = settings
        self.slurm = slurm
        // Tasks of a resubmission are found under the later job; an older job may still list
        // them (requeued), which the queue check covers by looking at every job.
        for task in manifest.tasks.indices { lastJob[task] = record.jobIdList.last }
        resubmissions = record.resubmissionCounts
    }

    var jobs: [String] { record.jobIdList }

    /// Until every window of the manifest is finished, or the run is cancelled; with `once`,
    /// a single look at the queue and the files (`--detach`).
    mutating func run(isNew: Bool, once: Bool = false) throws {
        let database = runner.database
        let tasksOfWindow = Dictionary(grouping: manifest.tasks.indices.flatMap { task in
            manifest.units(ofTask: task).map { (window: $0.windowIndex, task: task) }
        }, by: \.window).mapValues { Set($0.map(\.task)) }
        var queueFailingSince: ContinuousClock.Instant?
        while true {
            if runner.cancellation.isCancelled { return }
            if folder.isCancelled { return }
            var windows = try database.windows(runID: runID)
            let pendingWindows = windows.filter { !$0.status.isFinished && tasksOfWindow[$0.windowIndex] != nil }
            if pendingWindows.isEmpty { return }
            let needed = Set(pendingWindows.flatMap { tasksOfWindow[$0.windowIndex] ?? [] })
            // The queue first, then the files: a task that ends in between has its file seen.
            guard let listing = slurm.queue(jobs: jobs) else {
                let since = queueFailingSince ?? .now
                queueFailingSince = since
                if ContinuousClock.now - since > .seconds(120) {
                    throw RunnerError.failed("squeue has failed for two minutes; the array goes on: `wfo run --resume \(runID)` reattaches")
                }
                Thread.sleep(forTimeInterval: settings.pollSeconds)
                continue
            }
            queueFailingSince = nil
            let queue = listing.tasks
            activeJobs = listing.jobs
            var ended: [Int] = []
            for task in needed.sorted() where results[task] == nil && givenUp[task] == nil {
                do {
                    if let read = try folder.readResult(task: task) {
                        results[task] = read
                        continue
                    }
                } catch {
                    folder.discardResult(task: task)
                    runner.progress.note("discarded a result: \(error.description); task \(task) runs again")
                }
                if queue[task] == nil { ended.append(task) }
            }
            try resubmit(ended, isNew: isNew)
            // Merge in window order: the next unfinished window, once all its tasks are in.
            windows = try database.windows(runID: runID)
            for window in windows where !window.status.isFinished {
                guard let tasks = tasksOfWindow[window.windowIndex] else { continue }
                if let reason = tasks.compactMap({ givenUp[$0] }).first {
                    try database.saveFailed(windowID: window.id!, message: reason)
                    runner.progress.windowFinished(index: window.windowIndex, of: windows.count, status: .failed, detail: reason, trialsPerSecond: nil)
                    continue
                }
                guard tasks.allSatisfy({ results[$0] != nil }) else { break }
                let units = tasks.flatMap { results[$0] ?? [] }.filter { $0.unit.windowIndex == window.windowIndex }
                // The tasks' permutations are stored first, so that the commit finds them all
                // and searches none itself.
                let permuted = units.flatMap { result -> [(permutation: Int, best: Double)] in
                    guard case let .permuted(bests) = result.outcome, let numbers = result.unit.permutations else { return [] }
                    return Array(zip(numbers, bests))
                }
                if !permuted.isEmpty { try database.savePermutationBests(windowID: window.id!, permuted) }
                try runner.commit(window, plan: plan) { () throws(WindowFailure) in
                    if plan.isTPE, let result = units.first(where: { $0.unit.permutations == nil }) {
                        return try WindowEvaluator.concludeTPE(window.window, market: plan.market, sampler: plan.sampler(window: window.windowIndex),
                                                               bind: plan.binder, result: result, settings: plan.search)
                    }
                    return try WindowEvaluator.conclude(window.window, market: plan.market, combinations: plan.combinations,
                                                        results: units, settings: plan.search, proposalOrder: plan.proposalOrder)
                }
                mergedAny = true
            }
            try updateCounts(queue: queue, windows: try database.windows(runID: runID), tasksOfWindow: tasksOfWindow)
            if once { return }
            Thread.sleep(forTimeInterval: settings.pollSeconds)
        }
    }

    /// Submits again the tasks that ended without a result, or gives up on those tried too often.
    private mutating func resubmit(_ ended: [Int], isNew: Bool) throws {
        guard !ended.isEmpty else { return }
        var again: [Int] = []
        for task in ended {
            // The job it was last submitted under; a later process (a detached merge) looks at each, newest first.
            let slurm = slurm
            let account = lastJob[task].flatMap { slurm.endedTask(job: $0, index: task) }
                ?? jobs.reversed().lazy.compactMap { slurm.endedTask(job: $0, index: task) }.first
            // Slurm could not start it and its log is not in the folder: the node does not see the folder.
            if let account, account.couldNotLaunch, !FileManager.default.fileExists(atPath: folder.logPath(task: task)),
               !mergedAny, results.isEmpty {
                throw RunnerError.badInput("""
                    array task \(task) could not start on \(account.node) (\(account)): that node cannot open its log in \
                    \(folder.path). --work-dir must be a folder every node sees at the same path (a shared filesystem)
                    """)
            }
            let tried = resubmissions[task, default: 0]
            if tried >= settings.maxResubmissions {
                let log = folder.logTail(task: task).map { "; its log ends: \($0)" } ?? ""
                givenUp[task] = "array task \(task) ended without a result \(tried + 1) times (last: \(account?.description ?? "no account left in Slurm"))\(log)"
                continue
            }
            resubmissions[task] = tried + 1
            again.append(task)
            runner.progress.note("array task \(task) ended without a result (\(account?.description ?? "gone from the queue")); submitting it again (\(tried + 1) of \(settings.maxResubmissions))")
        }
        guard !again.isEmpty else { return }
        let submission = StudyRunner.submissionSettings(of: record)
        let job = try slurm.submit(script: folder.scriptPath, tasks: again, jobName: "wfo-run-\(runID)", logPattern: folder.logPattern,
                                   settings: submission)
        try runner.database.addClusterJob(job, toRun: runID)
        record.jobIds = (record.jobIdList + [job]).joined(separator: " ")
        record.resubmissionCounts = resubmissions
        try runner.database.saveResubmissions(record)
        for task in again { lastJob[task] = job }
        activeJobs.insert(job)
    }

    private mutating func updateCounts(queue: [Int: QueueState], windows: [WindowRecord], tasksOfWindow: [Int: Set<Int>]) throws {
        var counts = UnitCounts()
        let finishedWindows = Set(windows.filter(\.status.isFinished).map(\.windowIndex))
        for task in manifest.tasks.indices {
            let units = manifest.tasks[task].count
            if results[task] != nil || manifest.units(ofTask: task).allSatisfy({ finishedWindows.contains($0.windowIndex) }) {
                counts.done += units
            } else if givenUp[task] != nil {
                counts.failed += units
            } else if queue[task] == .running {
                counts.running += units
            } else {
                counts.pending += units
            }
        }
        let previous = UnitCounts(done: record.unitsDone, running: record.unitsRunning, pending: record.unitsPending, failed: record.unitsFailed)
        guard counts != previous else { return }
        try runner.database.setUnitCounts(counts, ofRun: runID)
        (record.unitsDone, record.unitsRunning, record.unitsPending, record.unitsFailed) = (counts.done, counts.running, counts.pending, counts.failed)
        runner.progress.unitsChanged(counts, total: record.unitsTotal)
    }
}

extension ClusterSettings {
    /// This process's binary, which the tasks run unless told otherwise.
    public static var currentBinary: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    var pollSeconds: Double {
        let parts = pollInterval.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
