/// Calendar arithmetic on UTC epoch milliseconds, without Foundation.
///
/// Dates use the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
public enum UTCTime {
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// Days since 1970-01-01 of a civil date.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// Epoch milliseconds of a UTC date and time.
    public static func milliseconds(year: Int, month: Int, day: Int,
                                    hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) -> Int64 {
        daysFromCivil(year: year, month: month, day: day) * millisecondsPerDay
            + Int64(hour) * 3_600_000 + Int64(minute) * 60_000 + Int64(second) * 1_000 + Int64(millisecond)
    }

    /// The UTC day number (days since 1970-01-01) containing an instant.
    @inline(__always)
    public static func day(ofMilliseconds time: Int64) -> Int64 {
        floorDivide(time, millisecondsPerDay)
    }

    /// `⌊a / b⌋` for a positive `b` (Swift's `/` rounds toward zero, wrong for times before 1970).
    @inline(__always)
    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }

    /// `2024-01-01T00:05:00Z` (years 0 to 9999).
    public static func format(milliseconds time: Int64) -> String {
        let days = day(ofMilliseconds: time)
        let secondsOfDay = Int((time - days * millisecondsPerDay) / 1_000)
        var bytes = dateBytes(days)
        bytes.append(UInt8(ascii: "T"))
        for (value, separator) in [(secondsOfDay / 3_600, ":"), (secondsOfDay / 60 % 60, ":"), (secondsOfDay % 60, "Z")] {
            bytes.append(UInt8(48 + value / 10))
            bytes.append(UInt8(48 + value % 10))
            bytes.append(UInt8(ascii: separator.unicodeScalars.first!))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2024-01-01` (years 0 to 9999).
    public static func formatDate(milliseconds time: Int64) -> String {
        String(decoding: dateBytes(day(ofMilliseconds: time)), as: UTF8.self)
    }

    private static func dateBytes(_ days: Int64) -> [UInt8] {
        let (year, month, dayOfMonth) = civil(fromDays: days)
        guard (0...9_999).contains(year) else { return Array("\(year)-\(pad(month, 2))-\(pad(dayOfMonth, 2))".utf8) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        for digit in [year / 1_000, year / 100 % 10, year / 10 % 10, year % 10] { bytes.append(UInt8(48 + digit)) }
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(48 + month / 10))
        bytes.append(UInt8(48 + month % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(48 + dayOfMonth / 10))
        bytes.append(UInt8(48 + dayOfMonth % 10))
        return bytes
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` or the same with a
    /// space instead of `T`; a time without a zone is UTC. Returns nil when malformed or
    /// when a field is out of range (month 13, February 30, hour 24).
    public static func parse(_ text: some StringProtocol) -> Int64? {
        parseWithZone(text)?.time
    }

    /// ``parse(_:)``, and whether the text gave a zone (`Z` or an offset): a time without one
    /// may be a local time, which the caller knows better than to read as UTC.
    public static func parseWithZone(_ text: some StringProtocol) -> (time: Int64, hasZone: Bool)? {
        var hasZone = false
        let bytes = Array(text.utf8)
        var position = 0
        func number(_ digits: Int) -> Int? {
            guard position + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[position + offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            position += digits
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        var hour = 0, minute = 0, second = 0, millisecond = 0, offsetMinutes = 0
        if position < bytes.count {
            guard bytes[position] == 84 || bytes[position] == 32 else { return nil } // T or space
            position += 1
            guard let h = number(2), expect(58), let m = number(2) else { return nil }
            hour = h
            minute = m
            if expect(58) {
                guard let s = number(2) else { return nil }
                second = s
                if expect(46) {
                    var digits = 0
                    var fraction = 0
                    while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                        if digits < 3 { fraction = fraction * 10 + Int(bytes[position] - 48) }
                        digits += 1
                        position += 1
                    }
                    guard digits > 0 else { return nil }
                    for _ in digits..<max(digits, 3) { fraction *= 10 }
                    millisecond = fraction
                }
            }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            if position < bytes.count {
                hasZone = true
                if expect(90) { // Z
                } else if bytes[position] == 43 || bytes[position] == 45 { // + or -
                    let sign = bytes[position] == 45 ? -1 : 1
                    position += 1
                    guard let oh = number(2) else { return nil }
                    _ = expect(58)
                    guard let om = number(2), oh < 24, om < 60 else { return nil }
                    offsetMinutes = sign * (oh * 60 + om)
                } else {
                    return nil
                }
            }
        }
        guard position == bytes.count else { return nil }
        return (milliseconds(year: year, month: month, day: day, hour: hour, minute: minute,
                             second: second, millisecond: millisecond) - Int64(offsetMinutes) * 60_000, hasZone)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
