import Foundation
import RunRecords
import StudyRunner
import Synchronization
import WalkForward

/// Progress on standard error: a live bar on a terminal, one line per window otherwise.
final class CommandLineProgress: RunProgress, Sendable {
    private struct State {
        var total = 0
        var done = 0
        var startedAt = ContinuousClock.now
        var trialsPerSecond: Double?
    }

    private let isTerminal: Bool
    private let state = Mutex(State())

    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.isTerminal = isTerminal
    }

    func runStarted(runID: Int64, name: String, windows: Int, completedWindows: Int, combinations: Int) {
        state.withLock {
            $0.total = windows
            $0.done = completedWindows
            $0.startedAt = .now
        }
        let resumed = completedWindows > 0 ? " (resuming: \(completedWindows) done)" : ""
        write("run \(runID): \(name) — \(windows) windows × \(combinations) combinations\(resumed)\n")
    }

    func cellStarted(number: Int, of total: Int, finished: Int, name: String, runID: Int64) {
        write("cell \(number)/\(total) (\(finished) of \(total) cells done): \(name)\n")
    }

    func windowStarted(index: Int, of total: Int) {
        if isTerminal { drawBar(current: index + 1) }
    }

    func windowFinished(index: Int, of total: Int, status: WindowStatus, detail: String, trialsPerSecond: Double?) {
        let snapshot = state.withLock { state -> State in
            state.done += 1
            if let trialsPerSecond { state.trialsPerSecond = trialsPerSecond }
            return state
        }
        let line = "window \(index + 1)/\(total) \(status.rawValue): \(detail)"
        if isTerminal {
            write("\r\u{1B}[2K" + line + "\n")
            if snapshot.done < snapshot.total { drawBar(current: nil) }
        } else {
            write(line + "\n")
        }
    }

    func unitsChanged(_ counts: UnitCounts, total: Int) {
        let line = "units: \(counts.done)/\(total) done, \(counts.running) running, \(counts.pending) pending"
            + (counts.failed > 0 ? ", \(counts.failed) failed" : "")
        write((isTerminal ? "\r\u{1B}[2K" : "") + line + "\n")
    }

    func note(_ message: String) {
        write((isTerminal ? "\r\u{1B}[2K" : "") + "note: " + message + "\n")
    }

    /// `[██████░░░░] 6/9 windows · 1,234 trials/s · ETA 0:12`
    private func drawBar(current: Int?) {
        let snapshot = state.withLock { $0 }
        guard snapshot.total > 0 else { return }
        let width = 24
        let filled = snapshot.done * width / snapshot.total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var text = "[\(bar)] \(snapshot.done)/\(snapshot.total) windows"
        if let rate = snapshot.trialsPerSecond { text += String(format: " · %.0f trials/s", rate) }
        if snapshot.done > 0 {
            let elapsed = (ContinuousClock.now - snapshot.startedAt) / .seconds(1)
            let remaining = elapsed / Double(snapshot.done) * Double(snapshot.total - snapshot.done)
            text += String(format: " · ETA %d:%02d", Int(remaining) / 60, Int(remaining) % 60)
        }
        if let current { text += " · window \(current)" }
        write("\r\u{1B}[2K" + text)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
