/// A time zone's offsets from UTC over time: the table of transitions tzdata holds, given to the
/// engine ready-made (the edge reads tzdata), so that local times convert without any I/O.
///
/// ```swift
/// let newYork = UTCOffsets(identifier: "America/New_York", transitions: [...])  // from tzdata
/// let open = newYork.utc(fromLocal: UTCTime.milliseconds(year: 2024, month: 7, day: 1, hour: 9, minute: 30))
/// // 2024-07-01T13:30:00Z (EDT, UTC−4)
/// ```
public struct UTCOffsets: Sendable, Hashable, CustomStringConvertible {
    /// The IANA name (`America/New_York`), or `UTC`.
    public let identifier: String
    /// `starts[i]` (UTC epoch ms) is when `offsets[i]` (ms east of UTC) begins; `starts[0]` is
    /// `Int64.min`, so every instant has an offset.
    let starts: [Int64]
    let offsets: [Int64]

    /// - Parameter transitions: when each offset (seconds east of UTC) begins, in any order; the
    ///   earliest one also applies to every instant before it.
    public init(identifier: String, transitions: [(start: Int64, offsetSeconds: Int)]) {
        precondition(!transitions.isEmpty, "a time zone has at least one offset")
        let sorted = transitions.sorted { $0.start < $1.start }
        self.identifier = identifier
        starts = [Int64.min] + sorted.dropFirst().map(\.start)
        offsets = sorted.map { Int64($0.offsetSeconds) * 1_000 }
    }

    /// UTC itself: offset 0 at every instant.
    public static let utc = UTCOffsets(identifier: "UTC", transitions: [(0, 0)])

    /// A zone that is always `seconds` east of UTC (`+05:30` is 19,800).
    public static func fixed(seconds: Int, identifier: String) -> UTCOffsets {
        UTCOffsets(identifier: identifier, transitions: [(0, seconds)])
    }

    public var description: String { identifier }

    /// Milliseconds east of UTC in force at the UTC instant `time`.
    public func offset(at time: Int64) -> Int64 {
        // The last start at or before `time` (binary search; starts[0] is Int64.min).
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= time { low = middle } else { high = middle - 1 }
        }
        return offsets[low]
    }

    /// The local wall time (as epoch ms of that wall time read as UTC) of a UTC instant.
    public func local(fromUTC time: Int64) -> Int64 { time + offset(at: time) }

    /// The UTC instant of a local wall time. A wall time that happens twice (clocks set back)
    /// is its first occurrence; one that never happens (clocks set forward) is read with the
    /// offset in force just before the change, so 02:30 on a spring-forward night is 03:30.
    public func utc(fromLocal local: Int64) -> Int64 {
        let before = offset(at: local - 86_400_000)
        let guess = local - before
        let after = offset(at: guess)
        guard after != before else { return guess }
        // Both offsets could apply around a change: the earlier reading wins when it is real.
        let earlier = local - max(before, after)
        if offset(at: earlier) == max(before, after) { return earlier }
        let later = local - min(before, after)
        return offset(at: later) == min(before, after) ? later : guess
    }

    /// The local calendar day (days since 1970-01-01) of a UTC instant.
    public func localDay(of time: Int64) -> Int64 { UTCTime.day(ofMilliseconds: local(fromUTC: time)) }
}
