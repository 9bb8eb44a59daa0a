import MarketData
import Testing

struct UTCTimeParsingTests {
    static let newYear2024: Int64 = 1_704_067_200_000
    static let fivePast: Int64 = newYear2024 + 300_000

    static let accepted: [(String, Int64)] = [
        ("2024-01-01", newYear2024),
        ("2024-01-01T00:05:00Z", fivePast),
        ("2024-01-01 00:05:00", fivePast),
        ("2024-01-01T00:05:00", fivePast),
        ("2024-01-01T00:05", fivePast),
        ("2024-01-01T00:05Z", fivePast),
        ("2024-01-01T00:05:00.5Z", fivePast + 500),
        ("2024-01-01T00:05:00.25", fivePast + 250),
        ("2024-01-01T00:05:00.123Z", fivePast + 123),
        ("2024-01-01T00:05:00.123999Z", fivePast + 123),
        ("2024-01-01T02:05:00+02:00", fivePast),
        ("2024-01-01T02:05:00+0200", fivePast),
        ("2023-12-31T22:35:00-0130", fivePast),
        ("2023-12-31T22:35:00-01:30", fivePast),
        ("2024-02-29", newYear2024 + 59 * 86_400_000),
        ("2000-02-29T12:00:00Z", 951_825_600_000),
        ("1969-12-31T23:59:59Z", -1_000),
        ("2024-01-01T23:59:59.999Z", newYear2024 + 86_400_000 - 1),
    ]

    @Test(arguments: accepted)
    func acceptsDatesTimesFractionsAndOffsets(text: String, expected: Int64) {
        #expect(UTCTime.parse(text) == expected)
    }

    @Test(arguments: [
        "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2023-02-29", "2024-02-30", "1900-02-29",
        "2024-04-31", "2024-01-01T24:00:00Z", "2024-01-01T00:60", "2024-01-01T00:05:60", "2024-1-1",
        "24-01-01", "2024/01/01", "garbage", "", "2024-01-01x", "2024-01-01T", "2024-01-01T00",
        "2024-01-01T00:05:00Zjunk", "2024-01-01T00:05:00 ", " 2024-01-01", "2024-01-01T00:05:00.",
        "2024-01-01T00:05:00+2", "2024-01-01T00:05:00+02:", "2024-01-01T00:05:00+25:00",
        "2024-01-01T00:05:00+02:00junk", "2024-01-01t00:05:00",
    ])
    func rejectsMalformedOrOutOfRangeText(text: String) {
        #expect(UTCTime.parse(text) == nil)
    }

    @Test func parsesSubstrings() {
        let line = "open,2024-01-01T00:05:00Z,close"
        let field = line.split(separator: ",")[1]
        #expect(UTCTime.parse(field) == Self.fivePast)
    }
}
