import Synchronization

/// Keeps the client's request weight under its budget for the current minute.
///
/// Binance reports the IP's weight used in the current UTC minute in
/// `X-MBX-USED-WEIGHT-1M` on every answer. Before each request the pacer checks
/// whether the last reported weight plus this request's would pass the budget
/// (``RetryPolicy/weightBudget``); if so the client sleeps until the next UTC minute
/// starts, when Binance's counter resets. A report from an earlier minute is stale and
/// counts as zero.
struct WeightPacer: Sendable {
    /// The weight of one `GET /api/v3/klines`, whatever its `limit`.
    static let klinesWeight = 2

    let budget: Int
    private(set) var usedWeight = 0
    private(set) var minute: Int64 = .min

    init(budget: Int) {
        self.budget = budget
    }

    /// Records the `X-MBX-USED-WEIGHT-1M` header of an answer received at `now` (ms).
    mutating func record(usedWeightHeader: String?, now: Int64) {
        guard let text = usedWeightHeader?.trimmingSpaces, let used = Int(text), used >= 0 else { return }
        let current = Self.minute(of: now)
        // Binance's count only grows within a minute: a late answer never lowers it.
        usedWeight = current == minute ? max(usedWeight, used) : used
        minute = current
    }

    /// How long to wait before the next request at `now` (ms), or nil to go ahead.
    func wait(now: Int64) -> Duration? {
        guard Self.minute(of: now) == minute, usedWeight > 0,
              usedWeight + Self.klinesWeight > budget else { return nil }
        let nextMinute = (minute + 1) * 60_000
        return .milliseconds(max(1, nextMinute - now))
    }

    static func minute(of time: Int64) -> Int64 {
        time >= 0 ? time / 60_000 : (time - 59_999) / 60_000
    }
}

private extension String {
    var trimmingSpaces: Substring {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// A client's ``WeightPacer``, shared by all its fetches (sequential or concurrent), so
/// one fetch's last weight report paces the next.
final class SharedWeightPacer: Sendable {
    private let pacer: Mutex<WeightPacer>

    init(budget: Int) {
        pacer = Mutex(WeightPacer(budget: budget))
    }

    func record(usedWeightHeader: String?, now: Int64) {
        pacer.withLock { $0.record(usedWeightHeader: usedWeightHeader, now: now) }
    }

    func wait(now: Int64) -> Duration? {
        pacer.withLock { $0.wait(now: now) }
    }
}
