import Cluster
import DataSources
import Foundation
import RunRecords
import Storage
import WalkForward

/// The operations on a run's life that are not a run's execution: retry, cancel, delete and
/// recording a failure. With ``StudyRunner/createRun(_:)``, ``StudyRunner/execute(_:)`` and
/// ``StudyRunner/resume(runID:dataFolders:)`` they are the only code that changes a run's
/// status; `wfo` and the runs API ask them and show what they answer.
extension StudyRunner {
    /// Makes run `runID` ready to run again and returns it PENDING: a FAILED run's failed
    /// windows go back to PENDING (its completed windows are kept, and a cluster run's tasks may
    /// be submitted again as many times as a new run's); an INTERRUPTED run, or one left RUNNING
    /// or PENDING by a process that died, is resumed where it stopped. Then
    /// ``resume(runID:dataFolders:)`` runs it (``retry(runID:dataFolders:)`` does both).
    ///
    /// - Throws: ``RunnerError/busy(_:)`` while another process runs it; ``RunnerError/badInput(_:)``
    ///   for a COMPLETED run (nothing to retry); ``RunnerError/storage(_:)`` for no such run.
    @discardableResult
    public func markForRetry(runID: Int64) throws(RunnerError) -> RunRecord {
        let record: RunRecord
        do { record = try database.run(id: runID) } catch { throw .storage(error) }
        if Self.isBeingRun(runID: runID, databasePath: database.path) {
            throw .busy("run \(runID) is being run by another process; wait for it to end (or stop it), then try again")
        }
        do {
            switch record.status {
            case .completed:
                throw RunnerError.badInput("run \(runID) is COMPLETED; there is nothing to retry")
            case .failed:
                try database.resetFailedWindows(runID: runID)
                if let cluster = try database.clusterRun(ofRun: runID) {
                    var fresh = cluster
                    fresh.setResubmissionCounts([:])
                    try database.saveResubmissions(fresh)
                }
            case .pending, .running, .interrupted:
                try database.setStatus(.pending, ofRun: runID, error: nil)
            }
            return try database.run(id: runID)
        } catch {
            throw Self.runnerError(error)
        }
    }

    /// Retries run `runID` (``markForRetry(runID:)``), then runs what is left of it as
    /// ``resume(runID:dataFolders:)`` does: `wfo run --retry RUN` and the runs API's retry.
    public func retry(runID: Int64, dataFolders: DataFolders? = nil) throws(RunnerError) -> Outcome {
        try markForRetry(runID: runID)
        return try resume(runID: runID, dataFolders: dataFolders)
    }

    /// Deletes run `runID` and everything stored with it.
    /// - Throws: ``RunnerError/busy(_:)`` while a process runs it, ``RunnerError/storage(_:)``
    ///   for no such run.
    public func delete(runID: Int64) throws(RunnerError) -> RunRecord {
        let record: RunRecord
        do { record = try database.run(id: runID) } catch { throw .storage(error) }
        if Self.isBeingRun(runID: runID, databasePath: database.path) {
            throw .busy("run \(runID) is running; wait for it to end or stop it first")
        }
        do { try database.deleteRun(id: runID) } catch { throw .storage(error) }
        return record
    }

    /// Records why a run that no process runs any longer could not go on (a job of the
    /// server's queue that failed, a queue that filled up): FAILED with `reason`, unless it
    /// COMPLETED or a process still holds it.
    public func recordFailure(runID: Int64, reason: String) throws(RunnerError) {
        do {
            guard try database.run(id: runID).status != .completed,
                  !Self.isBeingRun(runID: runID, databasePath: database.path) else { return }
            try database.setStatus(.failed, ofRun: runID, error: reason)
        } catch {
            throw .storage(error)
        }
    }

    /// Cancels a cluster run's Slurm jobs (the array's and the merge job a `--detach` left); its
    /// merged windows are kept and the run becomes INTERRUPTED (unless a client is attached,
    /// which sees the cancel marker and marks it itself).
    /// - Returns: the jobs cancelled.
    /// - Throws: ``RunnerError/badInput(_:)`` for a local run or a run that has ended.
    public func cancel(runID: Int64) throws(RunnerError) -> [String] {
        do {
            let record = try database.run(id: runID)
            guard let cluster = try database.clusterRun(ofRun: runID) else {
                throw RunnerError.badInput("run \(runID) does not run on a cluster; stop a local run with Ctrl-C in its terminal")
            }
            guard !record.status.isFinal else {
                throw RunnerError.badInput("run \(runID) is \(record.status.rawValue); there is nothing to cancel")
            }
            // A client still attached stops at its next look instead of submitting again.
            _ = FileManager.default.createFile(atPath: WorkFolder(path: cluster.workFolder).cancelMarkerPath, contents: Data())
            let jobs = cluster.jobIdList + (cluster.mergeJobId.map { [$0] } ?? [])
            try Slurm().cancel(jobs: jobs)
            if !Self.isBeingRun(runID: runID, databasePath: database.path) {
                try database.setMergeJob(nil, ofRun: runID)
                try database.setStatus(.interrupted, ofRun: runID,
                                       error: "cancelled (scancel \(jobs.joined(separator: " "))); `wfo run --resume \(runID)` submits what is left")
            }
            return jobs
        } catch {
            throw Self.runnerError(error)
        }
    }
}
