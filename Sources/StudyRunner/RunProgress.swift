import RunRecords
import Storage
import WalkForward

/// What a run reports while it works; the command line draws a bar or prints lines.
public protocol RunProgress: Sendable {
    func runStarted(runID: Int64, name: String, windows: Int, completedWindows: Int, combinations: Int)
    func windowStarted(index: Int, of total: Int)
    func windowFinished(index: Int, of total: Int, status: WindowStatus, detail: String, trialsPerSecond: Double?)
    /// A batch starts cell `number` (1-based) of `total`, `finished` of them already done.
    func cellStarted(number: Int, of total: Int, finished: Int, name: String, runID: Int64)
    /// A cluster run's units changed state (``StudyRunner/executeOnSlurm(_:settings:)``).
    func unitsChanged(_ counts: UnitCounts, total: Int)
    /// Something the user should know that is not a window's end (a task submitted again, ...).
    func note(_ message: String)
}

extension RunProgress {
    public func cellStarted(number: Int, of total: Int, finished: Int, name: String, runID: Int64) {}
    public func unitsChanged(_ counts: UnitCounts, total: Int) {}
    public func note(_ message: String) {}
}

/// Reports nothing.
public struct SilentProgress: RunProgress {
    public init() {}
    public func runStarted(runID: Int64, name: String, windows: Int, completedWindows: Int, combinations: Int) {}
    public func windowStarted(index: Int, of total: Int) {}
    public func windowFinished(index: Int, of total: Int, status: WindowStatus, detail: String, trialsPerSecond: Double?) {}
}
