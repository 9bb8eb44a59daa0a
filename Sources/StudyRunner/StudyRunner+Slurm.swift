import Cluster
import Foundation
import RunRecords
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
        let runID = prepared.record.id
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
                                completedWindows: windows.filter(\.status.isFinished).count, combinations: plan.method.trialCount)
            var monitor = try SlurmMonitor(runner: self, plan: plan, runID: runID, folder: attached.folder,
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
        case let error as StorageError: .storage(error)
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
        let submission = try record.map { record throws(RunnerError) in try submissionSettings(of: record) } ?? settings.submission
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
        let runID = prepared.record.id
        let plan = prepared.plan
        if plan.study.warmStart {
            throw RunnerError.badInput("\(plan.study.sourcePath): warm_start: each window's search starts from the previous window's results, "
                + "so the windows cannot run side by side on a cluster; run it locally, or without warm_start")
        }
        try WorkFolder.checkUsable(settings.workDirectory)
        let unfinished = windows.filter { !$0.status.isFinished }.map(\.windowIndex)
        // A TPE search proposes batch after batch from its own results: one unit per window.
        let blockSize = plan.method.splitsWindows
            ? ClusterSettings.blockSize(windows: unfinished.count, combinations: plan.method.trialCount, tasks: settings.tasks)
            : plan.method.trialCount
        let searches = WorkUnit.plan(windows: plan.windows.count, combinations: plan.method.trialCount, blockSize: blockSize)
        // Under the permutation test, each window's permutations follow its search, cut into as
        // many blocks as its combinations are.
        let permutations = plan.study.permutationTest?.permutations ?? 0
        let blocks = ClusterSettings.blocksPerWindow(windows: unfinished.count, tasks: settings.tasks)
        let units = unfinished.sorted().flatMap { window in
            searches.filter { $0.windowIndex == window }
                + WorkUnit.permutationUnits(window: window, combinations: plan.method.trialCount, count: permutations, blocks: blocks)
        }
        let tasks = WorkManifest.group(units, tasks: units.count)
        let cell: Int?
        do { cell = try database.batchCell(ofRun: runID)?.cellIndex } catch { throw RunnerError.storage(error) }
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
    /// - Throws: ``RunnerError/storage(_:)`` naming the `cluster_run` row when they cannot be read.
    func submissionSettings(of record: ClusterRunRecord) throws(RunnerError) -> SubmissionSettings {
        do { return try record.submission(as: SubmissionSettings.self) } catch { throw .storage(.damaged(path: database.path, error)) }
    }

    /// How many times each task of a cluster run was submitted again.
    /// - Throws: ``RunnerError/storage(_:)`` naming the `cluster_run` row when they cannot be read.
    func resubmissionCounts(of record: ClusterRunRecord) throws(RunnerError) -> [Int: Int] {
        do { return try record.resubmissionCounts() } catch { throw .storage(.damaged(path: database.path, error)) }
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
