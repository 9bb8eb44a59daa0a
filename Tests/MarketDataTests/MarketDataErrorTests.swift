import MarketData
import Testing

struct MarketDataErrorTests {
    static let tenPast: Int64 = Fixture.start + 600_000

    /// Every message names the symbol, the candle's index and time, and says what to do.
    @Test(arguments: [
        (MarketDataError.invalidCandle(symbol: "BTCUSDT", index: 2, openTime: tenPast, reason: "low 120.0 is above high 110.0"),
         ["low 120.0 is above high 110.0", "correct or remove"]),
        (.notIncreasing(symbol: "BTCUSDT", index: 2, openTime: tenPast, previousOpenTime: tenPast),
         ["duplicate open time", "remove the repeated row"]),
        (.notIncreasing(symbol: "BTCUSDT", index: 2, openTime: tenPast, previousOpenTime: tenPast + 300_000),
         ["before the previous candle's 2024-01-01T00:15:00Z", "sort the rows by time"]),
        (.offGrid(symbol: "BTCUSDT", index: 2, openTime: tenPast, timeframe: .oneHour),
         ["not a multiple of 1h", "is the timeframe right?"]),
    ])
    func descriptionNamesTheCandleAndTheFix(error: MarketDataError, fragments: [String]) {
        let text = error.description
        #expect(text.hasPrefix("BTCUSDT candle 2"), "\(text)")
        #expect(text.contains("2024-01-01T00:10:00Z"), "\(text)")
        for fragment in fragments { #expect(text.contains(fragment), "\(text)") }
    }

    @Test func validationErrorsReadAsSentencesAUserCanActOn() {
        var series = Fixture.series(count: 3)
        series.openTimes[2] = series.openTimes[1]
        let error = #expect(throws: MarketDataError.self) { try series.validate() }
        #expect(error?.description
            == "BTCUSDT candle 2: duplicate open time 2024-01-01T00:05:00Z; remove the repeated row")
    }
}
