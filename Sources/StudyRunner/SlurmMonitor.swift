import Cluster
import Foundation
import RunRecords
import Storage
import WalkForward

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
         settings: ClusterSettings, slurm: Slurm) throws(RunnerError) {
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
        resubmissions = try runner.resubmissionCounts(of: record)
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
                    try database.saveFailed(windowID: window.id, message: reason)
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
                if !permuted.isEmpty { try database.savePermutationBests(windowID: window.id, permuted) }
                // Warm starts are refused on a cluster: no seeds.
                try runner.commit(window, plan: plan) { () throws(WindowFailure) in
                    try plan.conclude(window: window.windowIndex, results: units, seeds: [])
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
        let submission = try runner.submissionSettings(of: record)
        let job = try slurm.submit(script: folder.scriptPath, tasks: again, jobName: "wfo-run-\(runID)", logPattern: folder.logPattern,
                                   settings: submission)
        try runner.database.addClusterJob(job, toRun: runID)
        record.jobIds = (record.jobIdList + [job]).joined(separator: " ")
        record.setResubmissionCounts(resubmissions)
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
