import Foundation
import MarketData
import Synchronization

extension UTCOffsets {
    /// A time zone's offsets from Foundation's time zone database (the IANA rules in the ICU data
    /// Foundation carries, linked into the binary), as the engine takes them: every daylight-
    /// saving transition from 1900 through 2100. `UTC` and `Etc/UTC` need no database. Nil for a
    /// name the database does not know.
    public static func named(_ identifier: String) -> UTCOffsets? {
        if identifier == "UTC" || identifier == "Etc/UTC" { return .utc }
        if let cached = loaded.withLock({ $0[identifier] }) { return cached }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        let start = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
        let end = Date(timeIntervalSince1970: 4_133_980_800)  // 2101-01-01
        var transitions: [(start: Int64, offsetSeconds: Int)] = [(Int64(start.timeIntervalSince1970 * 1_000), zone.secondsFromGMT(for: start))]
        var moment = start
        while let next = zone.nextDaylightSavingTimeTransition(after: moment), next < end {
            transitions.append((Int64((next.timeIntervalSince1970 * 1_000).rounded()), zone.secondsFromGMT(for: next)))
            moment = next
        }
        let offsets = UTCOffsets(identifier: identifier, transitions: transitions)
        loaded.withLock { $0[identifier] = offsets }
        return offsets
    }

    private static let loaded = Mutex<[String: UTCOffsets]>([:])
}
