import BinanceClient
import Synchronization

/// A sleeper that never really waits: it records each wait and moves a virtual clock
/// by it, so minutes of backoff and pacing pass in no time. Share ``now`` with the fake
/// server's clock so both agree on the minute.
final class RecordingSleeper: Sleeper {
    /// One recorded wait: when it began (virtual epoch ms) and how long it was.
    struct Wait: Sendable, Equatable {
        var start: Int64
        var duration: Duration
        /// The virtual time it ended at.
        var end: Int64 { start + duration.wholeMilliseconds }
    }

    private let state: Mutex<(now: Int64, waits: [Wait])>

    /// - Parameter start: the virtual clock's start (epoch ms); 2025-01-01T12:00:00Z by default.
    init(start: Int64 = 1_735_732_800_000) {
        state = Mutex((start, []))
    }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.waits.append(Wait(start: state.now, duration: duration))
            state.now += duration.wholeMilliseconds
        }
    }

    func currentTimeMilliseconds() -> Int64 { state.withLock { $0.now } }

    var waits: [Wait] { state.withLock { $0.waits } }
    var durations: [Duration] { waits.map(\.duration) }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var wholeMilliseconds: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// Seconds as a Double.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
