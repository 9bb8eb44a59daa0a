import MarketData
import Testing

struct TimeframeTests {
    static let table: [(Timeframe, String, Int64)] = [
        (.oneMinute, "1m", 60), (.threeMinutes, "3m", 180), (.fiveMinutes, "5m", 300),
        (.fifteenMinutes, "15m", 900), (.thirtyMinutes, "30m", 1_800), (.oneHour, "1h", 3_600),
        (.twoHours, "2h", 7_200), (.fourHours, "4h", 14_400), (.sixHours, "6h", 21_600),
        (.eightHours, "8h", 28_800), (.twelveHours, "12h", 43_200), (.oneDay, "1d", 86_400),
        (.threeDays, "3d", 259_200), (.oneWeek, "1w", 604_800),
    ]

    @Test(arguments: table)
    func lengthAndSpellingMatchBinance(timeframe: Timeframe, spelling: String, seconds: Int64) {
        #expect(timeframe.rawValue == spelling)
        #expect(timeframe.seconds == seconds)
        #expect(timeframe.milliseconds == seconds * 1_000)
    }

    @Test func tableCoversEveryCase() {
        #expect(Self.table.map(\.0) == Timeframe.allCases)
    }

    @Test(arguments: Timeframe.allCases)
    func rawValueRoundTrips(timeframe: Timeframe) {
        #expect(Timeframe(rawValue: timeframe.rawValue) == timeframe)
    }

    @Test(arguments: ["", "1", "60m", "1H", "1M", "2d", "1w ", "hour"])
    func unknownSpellingsAreRejected(spelling: String) {
        #expect(Timeframe(rawValue: spelling) == nil)
    }

    @Test func allSpellingsListsEveryIntervalShortestFirst() {
        #expect(Timeframe.allSpellings == "1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w")
    }
}
