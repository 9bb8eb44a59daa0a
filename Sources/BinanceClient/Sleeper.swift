import Foundation

/// Waits and tells the time for ``BinanceKlinesClient``.
///
/// The client never sleeps or reads the clock by itself: backoff, `Retry-After` and
/// pacing waits all go through its sleeper, so tests inject one that records the waits
/// and moves a virtual clock instead of really waiting minutes.
///
/// ```swift
/// struct Impatient: Sleeper {
///     func sleep(for duration: Duration) async throws { print("would wait", duration) }
/// }
/// ```
public protocol Sleeper: Sendable {
    /// Waits `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
    /// The current UTC time in epoch milliseconds; pacing waits until the next UTC
    /// minute by this clock. Defaults to the system clock.
    func currentTimeMilliseconds() -> Int64
}

extension Sleeper {
    public func currentTimeMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))
    }
}

/// The real sleeper: `Task.sleep` and the system clock.
public struct TaskSleeper: Sleeper {
    public init() {}

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
