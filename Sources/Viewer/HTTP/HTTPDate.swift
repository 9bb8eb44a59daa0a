import MarketData

/// HTTP dates: formatting as IMF-fixdate and parsing the three formats of RFC 9110 §5.6.7.
///
/// Pure arithmetic on seconds since 1970-01-01 UTC with MarketData's `UTCTime` calendar
/// (proleptic Gregorian), so it needs neither Foundation nor a locale.
///
/// ```swift
/// HTTPDate.format(784_111_777)                        // "Sun, 06 Nov 1994 08:49:37 GMT"
/// HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")     // 784111777
/// HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")    // 784111777 (RFC 850)
/// HTTPDate.parse("Sun Nov  6 08:49:37 1994")          // 784111777 (asctime)
/// HTTPDate.parse("yesterday")                         // nil
/// ```
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let fullWeekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since 1970 as an IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    ///
    /// - Parameter secondsSince1970: Whole seconds since 1970-01-01T00:00:00Z (may be negative).
    /// - Returns: The 29-character date.
    public static func format(_ secondsSince1970: Int64) -> String {
        let days = UTCTime.floorDivide(secondsSince1970, 86_400)
        let secondOfDay = secondsSince1970 - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4).
        let hour = secondOfDay / 3600, minute = secondOfDay / 60 % 60, second = secondOfDay % 60
        return "\(weekdays[weekday]), \(pad(day)) \(months[Int(month) - 1]) \(pad(year, width: 4)) "
            + "\(pad(hour)):\(pad(minute)):\(pad(second)) GMT"
    }

    /// Parses an HTTP date in IMF-fixdate, RFC 850 or asctime format.
    ///
    /// The weekday is required in form but not checked against the date. RFC 850's
    /// two-digit years 70–99 are 19xx, 00–69 are 20xx.
    ///
    /// - Parameter text: The field value.
    /// - Returns: Seconds since 1970, or `nil` if it is not a valid HTTP date.
    public static func parse(_ text: String) -> Int64? {
        var tokens = text.split(omittingEmptySubsequences: true) { $0 == " " || $0 == "," }.map(String.init)
        if tokens.count == 4, tokens[3] == "GMT" {
            // RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT": spread the dashed date like IMF-fixdate's.
            let date = tokens[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard date.count == 3, date[2].count == 2 else { return nil }
            tokens = [tokens[0]] + date + [tokens[2], tokens[3]]
        } else if tokens.count == 6, tokens[3].count != 4 {
            return nil
        }
        let year: Int64, month: Int64, day: Int64, time: String
        if tokens.count == 6, tokens[5] == "GMT" {
            // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" (or RFC 850 spread out above).
            guard isWeekday(tokens[0]), let d = number(tokens[1], digits: 1...2),
                  let m = monthNumber(tokens[2]), let y = number(tokens[3], digits: 2...4)
            else { return nil }
            year = tokens[3].count == 2 ? (y < 70 ? 2000 + y : 1900 + y) : y
            (month, day, time) = (m, d, tokens[4])
        } else if tokens.count == 5 {
            // asctime "Sun Nov  6 08:49:37 1994".
            guard isWeekday(tokens[0]), let m = monthNumber(tokens[1]), let d = number(tokens[2], digits: 1...2),
                  let y = number(tokens[4], digits: 4...4)
            else { return nil }
            (year, month, day, time) = (y, m, d, tokens[3])
        } else {
            return nil
        }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard clock.count == 3,
              let hour = number(clock[0], digits: 2...2), hour < 24,
              let minute = number(clock[1], digits: 2...2), minute < 60,
              let second = number(clock[2], digits: 2...2), second <= 60,
              day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        return days(fromYear: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    // MARK: Calendar arithmetic (MarketData's UTCTime: one implementation of the calendar)

    /// Days since 1970-01-01 for a proleptic Gregorian date.
    static func days(fromYear year: Int64, month: Int64, day: Int64) -> Int64 {
        UTCTime.daysFromCivil(year: Int(year), month: Int(month), day: Int(day))
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let date = UTCTime.civil(fromDays: days)
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        Int64(UTCTime.daysInMonth(year: Int(year), month: Int(month)))
    }

    private static func isWeekday(_ token: String) -> Bool {
        weekdays.contains(token) || fullWeekdays.contains(token)
    }

    private static func monthNumber(_ token: String) -> Int64? {
        months.firstIndex(of: token).map { Int64($0) + 1 }
    }

    private static func number(_ token: String, digits: ClosedRange<Int>) -> Int64? {
        guard digits.contains(token.utf8.count), token.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int64(token)
    }

    private static func pad(_ value: Int64, width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
