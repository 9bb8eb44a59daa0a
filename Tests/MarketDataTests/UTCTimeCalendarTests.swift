import MarketData
import Testing

struct UTCTimeCalendarTests {
    /// Day numbers cross-checked with Python's `datetime.date(y, m, d) - date(1970, 1, 1)`.
    @Test(arguments: [
        (1970, 1, 1, Int64(0)), (1969, 12, 31, -1), (2000, 2, 29, 11_016), (2000, 3, 1, 11_017),
        (2024, 2, 29, 19_782), (1900, 1, 1, -25_567), (2100, 12, 31, 47_846),
    ])
    func knownDatesHaveKnownDayNumbers(year: Int, month: Int, day: Int, days: Int64) {
        #expect(UTCTime.daysFromCivil(year: year, month: month, day: day) == days)
        let civil = UTCTime.civil(fromDays: days)
        #expect(civil.year == year && civil.month == month && civil.day == day)
    }

    @Test func civilAndDaysFromCivilRoundTripFrom1900To2100() {
        let first = UTCTime.daysFromCivil(year: 1900, month: 1, day: 1)
        let last = UTCTime.daysFromCivil(year: 2100, month: 12, day: 31)
        for days in stride(from: first, through: last, by: 7) {
            let (year, month, day) = UTCTime.civil(fromDays: days)
            #expect(UTCTime.daysFromCivil(year: year, month: month, day: day) == days, "day \(days)")
        }
    }

    /// Walking one day at a time, `civil` follows the calendar: the day of the month
    /// counts up to the month's length, then the month (and at December the year) turns.
    @Test func consecutiveDaysFollowTheCalendarFrom1900To2100() {
        let first = UTCTime.daysFromCivil(year: 1900, month: 1, day: 1)
        let last = UTCTime.daysFromCivil(year: 2100, month: 12, day: 31)
        var expected = (year: 1900, month: 1, day: 1)
        var mismatches = 0
        for days in first...last {
            let civil = UTCTime.civil(fromDays: days)
            if civil != expected, mismatches < 5 {
                mismatches += 1
                Issue.record("day \(days): \(civil) instead of \(expected)")
            }
            if expected.day < UTCTime.daysInMonth(year: expected.year, month: expected.month) {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
        }
        #expect(expected == (2101, 1, 1))
    }

    @Test(arguments: [
        (2024, 2, 29), (2023, 2, 28), (2000, 2, 29), (1900, 2, 28), (2100, 2, 28),
        (2023, 1, 31), (2023, 4, 30), (2023, 6, 30), (2023, 9, 30), (2023, 11, 30), (2023, 12, 31),
    ])
    func monthLengthsFollowTheGregorianLeapRule(year: Int, month: Int, length: Int) {
        #expect(UTCTime.daysInMonth(year: year, month: month) == length)
    }

    @Test func millisecondsOfADateAndTime() {
        #expect(UTCTime.milliseconds(year: 2024, month: 1, day: 1) == 1_704_067_200_000)
        #expect(UTCTime.milliseconds(year: 1970, month: 1, day: 1) == 0)
        #expect(UTCTime.milliseconds(year: 2024, month: 1, day: 1, hour: 13, minute: 5, second: 7, millisecond: 250)
            == 1_704_067_200_000 + 13 * 3_600_000 + 5 * 60_000 + 7_000 + 250)
        #expect(UTCTime.milliseconds(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999) == -1)
    }

    @Test(arguments: [
        (Int64(0), Int64(0)), (86_399_999, 0), (86_400_000, 1), (-1, -1), (-86_399_999, -1),
        (-86_400_000, -1), (-86_400_001, -2), (1_704_067_200_000, 19_723),
    ])
    func dayOfAnInstantRoundsTowardThePast(milliseconds: Int64, day: Int64) {
        #expect(UTCTime.day(ofMilliseconds: milliseconds) == day)
    }

    @Test(arguments: [
        (Int64(1_704_067_500_000), "2024-01-01T00:05:00Z", "2024-01-01"),
        (1_704_067_200_999, "2024-01-01T00:00:00Z", "2024-01-01"),
        (1_704_153_599_999, "2024-01-01T23:59:59Z", "2024-01-01"),
        (1_709_164_800_000, "2024-02-29T00:00:00Z", "2024-02-29"),
        (0, "1970-01-01T00:00:00Z", "1970-01-01"),
        (-1, "1969-12-31T23:59:59Z", "1969-12-31"),
        (-2_208_988_800_000, "1900-01-01T00:00:00Z", "1900-01-01"),
    ])
    func formatWritesISO8601InUTC(milliseconds: Int64, dateTime: String, date: String) {
        #expect(UTCTime.format(milliseconds: milliseconds) == dateTime)
        #expect(UTCTime.formatDate(milliseconds: milliseconds) == date)
    }

    @Test func formatPadsYearsBeforeOneThousand() {
        #expect(UTCTime.formatDate(milliseconds: UTCTime.milliseconds(year: 999, month: 3, day: 4)) == "0999-03-04")
    }

    @Test func formatThenParseRoundTripsWholeSeconds() {
        var random = SeededGenerator(seed: 5)
        for _ in 0..<1_000 {
            let seconds = Int64(random.nextIndex(below: 200 * 365 * 86_400)) - 70 * 365 * 86_400
            let time = seconds * 1_000
            #expect(UTCTime.parse(UTCTime.format(milliseconds: time)) == time)
        }
    }
}
