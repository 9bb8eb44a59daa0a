import MarketData

/// Date and time text for axis labels and tooltips (UTC, English month abbreviations).
enum TimeText {
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    struct Parts {
        let year: Int, month: Int, day: Int, hour: Int, minute: Int
    }

    static func parts(_ time: Int64) -> Parts {
        let days = UTCTime.day(ofMilliseconds: time)
        let (year, month, day) = UTCTime.civil(fromDays: days)
        let minutes = Int((time - days * UTCTime.millisecondsPerDay) / 60_000)
        return Parts(year: year, month: month, day: day, hour: minutes / 60, minute: minutes % 60)
    }

    /// Keeps a time within years 1…9999, where the calendar arithmetic cannot overflow.
    static func clamped(_ time: Int64) -> Int64 {
        Swift.min(Swift.max(time, -62_135_596_800_000), 253_402_300_799_999)
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    /// `2024-03-01` at midnight, else `2024-03-01 14:05 UTC`; for tooltips.
    static func instant(_ time: Int64) -> String {
        let date = UTCTime.formatDate(milliseconds: time)
        let days = UTCTime.day(ofMilliseconds: time)
        guard time != days * UTCTime.millisecondsPerDay else { return date }
        let p = parts(time)
        return date + " " + twoDigits(p.hour) + ":" + twoDigits(p.minute) + " UTC"
    }
}
