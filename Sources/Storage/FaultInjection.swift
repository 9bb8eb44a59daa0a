import Foundation
import RunRecords

/// A pause inside a window's commit, for `Scripts/crash-check.sh`: with
/// `WFO_FAULT_PAUSE_IN_COMMIT_MS=N` set, ``WFODatabase/saveCompleted(windowID:evaluation:)``
/// sleeps N ms after writing a window's rows and before its transaction commits, and says so
/// on standard error, so that a SIGKILL can be aimed into the middle of a commit. Unset (as
/// always outside that script) it costs one environment lookup per process.
enum FaultInjection {
    static let pauseInCommit: UInt32? = ProcessInfo.processInfo.environment["WFO_FAULT_PAUSE_IN_COMMIT_MS"]
        .flatMap { UInt32($0) }

    static func pauseInsideCommit(windowID: Int64) {
        guard let milliseconds = pauseInCommit else { return }
        FileHandle.standardError.write(Data("fault-injection: inside the commit of window \(windowID)\n".utf8))
        usleep(milliseconds * 1_000)
        FileHandle.standardError.write(Data("fault-injection: leaving the commit of window \(windowID)\n".utf8))
    }
}
