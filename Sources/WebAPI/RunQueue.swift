import Dispatch
import Foundation
import RunRecords
import StudyRunner
import WalkForward

/// Runs studies in the server's process: a bounded queue with `workers` at a time.
///
/// Each job executes on a thread of its own (the runner blocks: it is CPU work), then the
/// run's report and the index are rendered. Cancelling the server's task does not stop a
/// job mid-window; a run cut off by the process ending is left RUNNING and can be retried.
public actor RunQueue {
    public enum Job: Sendable {
        /// A new run, checked and created PENDING.
        case start(PreparedRun)
        /// An existing run to resume (INTERRUPTED, crashed RUNNING, or FAILED windows reset).
        case resume(Int64)
    }

    public enum QueueError: Error, Sendable { case full(capacity: Int), alreadyQueued }

    let runner: StudyRunner
    let pages: RunPages?
    let workers: Int
    let capacity: Int
    /// What resumed runs may read (the server's `--data-dir` folders).
    let rules: SubmissionRules
    private var waiting: [(Int64, Job)] = []
    private var active: Set<Int64> = []

    /// - Parameter capacity: Runs that may wait for a worker; past it ``enqueue(_:_:)`` throws `.full`.
    public init(runner: StudyRunner, pages: RunPages?, workers: Int = 1, capacity: Int = 32, rules: SubmissionRules) {
        self.runner = runner
        self.pages = pages
        self.workers = max(1, workers)
        self.capacity = max(1, capacity)
        self.rules = rules
    }

    /// Whether one more run may wait.
    public func hasRoom() -> Bool { waiting.count < capacity }

    /// Whether the run is waiting or running here.
    public func isBusy(_ runID: Int64) -> Bool {
        active.contains(runID) || waiting.contains { $0.0 == runID }
    }

    public func enqueue(_ runID: Int64, _ job: Job) throws(QueueError) {
        guard !isBusy(runID) else { throw .alreadyQueued }
        guard waiting.count < capacity else { throw .full(capacity: capacity) }
        waiting.append((runID, job))
        startNext()
    }

    private func startNext() {
        while active.count < workers, !waiting.isEmpty {
            let (runID, job) = waiting.removeFirst()
            active.insert(runID)
            let runner = runner, pages = pages, dataFolders = rules.dataFolders
            DispatchQueue.global().async {
                do throws(RunnerError) {
                    switch job {
                    case let .start(prepared): _ = try runner.execute(prepared)
                    case let .resume(id): _ = try runner.resume(runID: id, dataFolders: dataFolders)
                    }
                } catch {
                    // Said where the API's clients read it, without quoting a data file or a path.
                    try? runner.recordFailure(runID: runID, reason: error.contentFreeDescription)
                }
                pages?.runChanged(runID)
                Task { await self.finished(runID) }
            }
        }
    }

    private func finished(_ runID: Int64) {
        active.remove(runID)
        startNext()
    }
}
