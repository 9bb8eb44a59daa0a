import MarketData
import Testing

/// Trading calendars (issue 18): sessions as local times over UTC candles, daylight saving,
/// the exchanges' holidays and early closes, expected candles, gaps and trading days a year.
@Suite struct TradingCalendarTests {
    static func time(_ text: String) -> Int64 { UTCTime.parse(text)! }
    static func day(_ text: String) -> Int64 { UTCTime.day(ofMilliseconds: time(text)) }

    /// New York's offsets in 2024, as tzdata has them: EST (UTC−5) until 2024-03-10 07:00 UTC,
    /// EDT (UTC−4) until 2024-11-03 06:00 UTC, then EST.
    static let newYork = UTCOffsets(identifier: "America/New_York", transitions: [
        (time("2023-11-05T06:00:00Z"), -18_000), (time("2024-03-10T07:00:00Z"), -14_400),
        (time("2024-11-03T06:00:00Z"), -18_000), (time("2025-03-09T07:00:00Z"), -14_400),
    ])
    static let xnys = TradingCalendar.exchange("XNYS", newYork: newYork)!

    @Test(arguments: [
        ("2024-03-08T09:30:00", "2024-03-08T14:30:00Z"),   // EST
        ("2024-03-11T09:30:00", "2024-03-11T13:30:00Z"),   // EDT, the Monday after the change
        ("2024-03-10T02:30:00", "2024-03-10T07:30:00Z"),   // skipped by the change: read with the offset before it
        ("2024-11-03T01:30:00", "2024-11-03T05:30:00Z"),   // happens twice: the first time
        ("2024-11-04T09:30:00", "2024-11-04T14:30:00Z"),   // EST again
    ])
    func localTimesBecomeUTCAcrossDaylightSaving(local: String, utc: String) {
        #expect(Self.newYork.utc(fromLocal: Self.time(local + "Z")) == Self.time(utc))
    }

    @Test func xnysSessionsFollowDaylightSavingHolidaysAndEarlyCloses() throws {
        let before = try #require(Self.xnys.session(onDay: Self.day("2024-03-08")))
        #expect(before.open == Self.time("2024-03-08T14:30:00Z") && before.close == Self.time("2024-03-08T21:00:00Z"))
        let after = try #require(Self.xnys.session(onDay: Self.day("2024-03-11")))
        #expect(after.open == Self.time("2024-03-11T13:30:00Z") && after.close == Self.time("2024-03-11T20:00:00Z"))
        #expect(Self.xnys.session(onDay: Self.day("2024-03-29")) == nil, "Good Friday")
        #expect(Self.xnys.session(onDay: Self.day("2024-07-04")) == nil, "Independence Day")
        #expect(Self.xnys.session(onDay: Self.day("2024-03-09")) == nil, "a Saturday")
        #expect(Self.xnys.holidays[Self.day("2024-06-19")] == "Juneteenth")
        let earlyClose = try #require(Self.xnys.session(onDay: Self.day("2024-07-03")))
        #expect(earlyClose.close == Self.time("2024-07-03T17:00:00Z"), "13:00 EDT")
        #expect(Self.xnys.session(containing: Self.time("2024-07-03T16:59:00Z"))?.day == Self.day("2024-07-03"))
        #expect(Self.xnys.session(containing: Self.time("2024-07-03T17:00:00Z")) == nil)
    }

    @Test func candlesExpectedInASessionStartAtItsOpen() {
        let normal = (Self.time("2024-07-02T00:00:00Z"), Self.time("2024-07-03T00:00:00Z"))
        let early = (Self.time("2024-07-03T00:00:00Z"), Self.time("2024-07-04T00:00:00Z"))
        // 1h: 09:30, 10:30, ..., 15:30 (the last half an hour long); 13:00 close: 09:30 to 12:30.
        #expect(Self.xnys.expectedOpenTimes(timeframe: .oneHour, from: normal.0, to: normal.1).map(UTCTime.format(milliseconds:))
            == (0..<7).map { UTCTime.format(milliseconds: Self.time("2024-07-02T13:30:00Z") + Int64($0) * 3_600_000) })
        #expect(Self.xnys.expectedCount(timeframe: .oneHour, from: normal.0, to: normal.1) == 7)
        #expect(Self.xnys.expectedCount(timeframe: .oneHour, from: early.0, to: early.1) == 4)
        #expect(Self.xnys.expectedCount(timeframe: .fiveMinutes, from: normal.0, to: normal.1) == 78)
        #expect(Self.xnys.expectedCount(timeframe: .fiveMinutes, from: early.0, to: early.1) == 42)
        #expect(Self.xnys.expectedCount(timeframe: .oneDay, from: Self.time("2024-07-01T00:00:00Z"), to: Self.time("2024-07-08T00:00:00Z")) == 4)
        // A week of FX: Sunday 17:00 to Friday 17:00 New York, 120 hours.
        let fx = TradingCalendar.weekdays(timeZone: Self.newYork)
        #expect(fx.expectedCount(timeframe: .oneHour, from: Self.time("2024-06-08T00:00:00Z"), to: Self.time("2024-06-15T00:00:00Z")) == 120)
        #expect(fx.session(onDay: Self.day("2024-06-10"))?.open == Self.time("2024-06-09T21:00:00Z"), "Monday opens Sunday 17:00 EDT")
        // 24/7 counts as windows always did.
        #expect(TradingCalendar.alwaysOpen.expectedCount(timeframe: .fiveMinutes, from: normal.0, to: normal.1) == 288)
    }

    @Test func tradingDaysPerYearAreCountedFromTheCalendar() {
        #expect(TradingCalendar.alwaysOpen.tradingDaysPerYear == 365)
        // 9,049 sessions over 2000–2035 (exchange_calendars agrees), 7,305 weekdays over 2000–2027.
        #expect(Self.xnys.tradingDaysPerYear == 9_049.0 / 36)
        #expect(TradingCalendar.weekdays(timeZone: Self.newYork).tradingDaysPerYear == 7_305.0 / 28)
    }

    @Test func dailyCandlesAreStampedAtTheirSessionAndClosedDaysLeftOut() {
        // A CSV's dates read as UTC midnights: Friday, Saturday (closed), Monday, Good Friday (closed).
        let dates = ["2024-03-08", "2024-03-09", "2024-03-11", "2024-03-29"]
        let series = CandleSeries(symbol: "SPY", timeframe: .oneDay, candles: dates.map { date in
            Candle(openTime: Self.time(date), open: 100, high: 101, low: 99, close: 100.5, volume: 1)
        })
        let conformed = series.conformed(to: Self.xnys)
        #expect(conformed.series.openTimes == [Self.time("2024-03-08T14:30:00Z"), Self.time("2024-03-11T13:30:00Z")])
        #expect(conformed.original == [0, 2])
        #expect(conformed.outsideSessions == 2)
        #expect(conformed.firstOffGrid == nil)
        #expect(series.conformed(to: .alwaysOpen).series == series)
    }

    @Test func intradayCandlesOutsideSessionsAreLeftOutAndOffGridOnesNamed() throws {
        let times = ["2024-07-02T12:00:00Z", "2024-07-02T13:30:00Z", "2024-07-02T14:30:00Z", "2024-07-02T15:00:00Z", "2024-07-02T22:00:00Z"]
        let series = CandleSeries(symbol: "SPY", timeframe: .oneHour, candles: times.map {
            Candle(openTime: Self.time($0), open: 100, high: 101, low: 99, close: 100.5, volume: 1)
        })
        let conformed = series.conformed(to: Self.xnys)
        #expect(conformed.series.count == 2, "13:30 and 14:30 UTC are 09:30 and 10:30 EDT")
        #expect(conformed.outsideSessions == 2, "pre-market 08:00 and after-hours 18:00")
        #expect(try #require(conformed.firstOffGrid).index == 3, "11:00 EDT is between two 1h candles of the session")
        #expect(throws: MarketDataError.self) { try series.slice(3..<4).validate(calendar: Self.xnys) }
    }

    @Test func weekendsAndHolidaysAreNoGapButAMissingTradingDayIs() {
        let market = SyntheticMarket(seed: 3).candles(symbol: "SPY", timeframe: .oneDay, from: Self.time("2024-01-01T00:00:00Z"),
                                                      to: Self.time("2024-12-31T00:00:00Z"), calendar: Self.xnys)
        #expect(market.count == 251, "2024 has 252 XNYS sessions, the last on the 31st")
        #expect(market.gaps(calendar: Self.xnys).isEmpty)
        #expect(market.gaps().count > 50, "by the 24/7 rule every weekend would be a gap")
        var holed = market
        let deleted = market.firstIndex(openingAtOrAfter: Self.time("2024-05-15T00:00:00Z"))
        holed = CandleSeries(symbol: "SPY", timeframe: .oneDay, candles: market.indices.filter { $0 != deleted }.map { market[$0] })
        let gaps = holed.gaps(calendar: Self.xnys)
        #expect(gaps.count == 1 && gaps.missingCandles == 1)
        #expect(gaps.gaps.first?.afterOpenTime == market.openTimes[deleted - 1])
    }

    @Test func theSyntheticMarketFollowsTheCalendarAcrossBothDaylightSavingChanges() {
        let from = Self.time("2024-03-04T00:00:00Z"), to = Self.time("2024-11-09T00:00:00Z")
        let series = SyntheticMarket(seed: 7).candles(symbol: "SPY", timeframe: .fiveMinutes, from: from, to: to, calendar: Self.xnys)
        #expect(series.openTimes == Self.xnys.expectedOpenTimes(timeframe: .fiveMinutes, from: from, to: to))
        #expect(throws: Never.self) { try series.validate(calendar: Self.xnys) }
        #expect(series.gaps(calendar: Self.xnys).isEmpty)
        // Sessions open where the market went overnight: the open differs from the last close.
        let ends = Self.xnys.sessionEndFlags(openTimes: series.openTimes, timeframe: .fiveMinutes)
        let overnight = series.indices.dropLast().filter { ends[$0] }.map { series.opens[$0 + 1] / series.closes[$0] - 1 }
        #expect(overnight.filter { abs($0) > 1e-9 }.count > overnight.count * 9 / 10)
        #expect(ends.filter { $0 }.count == Self.xnys.sessions(overlapping: from, to).count)
    }

    @Test func sessionEndsAreTheLastCandlesOfEachSessionAndOnTwentyFourSevenOfEachUTCDay() {
        let times = Self.xnys.expectedOpenTimes(timeframe: .oneHour, from: Self.time("2024-07-01T00:00:00Z"), to: Self.time("2024-07-06T00:00:00Z"))
        let flags = Self.xnys.sessionEndFlags(openTimes: times, timeframe: .oneHour)
        #expect(zip(times, flags).filter(\.1).map { UTCTime.format(milliseconds: $0.0) }
            == ["2024-07-01T19:30:00Z", "2024-07-02T19:30:00Z", "2024-07-03T16:30:00Z", "2024-07-05T19:30:00Z"])
        let hourly = (0..<48).map { Self.time("2024-07-01T00:00:00Z") + Int64($0) * 3_600_000 }
        #expect(TradingCalendar.alwaysOpen.sessionEndFlags(openTimes: hourly, timeframe: .oneHour).enumerated().filter(\.1).map(\.0) == [23, 47])
    }

    @Test func windowBoundariesInsideASessionMoveToItsClose() {
        #expect(Self.xnys.boundary(Self.time("2024-07-02T15:00:00Z")) == Self.time("2024-07-02T20:00:00Z"))
        #expect(Self.xnys.boundary(Self.time("2024-07-02T00:00:00Z")) == Self.time("2024-07-02T00:00:00Z"))
        #expect(Self.xnys.boundary(Self.time("2024-07-02T13:30:00Z")) == Self.time("2024-07-02T13:30:00Z"), "at the open: nothing to split")
        #expect(TradingCalendar.alwaysOpen.boundary(Self.time("2024-07-02T15:00:00Z")) == Self.time("2024-07-02T15:00:00Z"))
    }

    @Test func warmUpCountsExpectedCandlesBack() {
        let start = Self.time("2024-07-08T13:30:00Z")   // a Monday's open
        // 10 daily candles back: Jun 21 (Juneteenth on the 19th and the 4th of July are closed).
        #expect(Self.xnys.openTime(expectedCandles: 10, before: start, timeframe: .oneDay) == Self.time("2024-06-21T13:30:00Z"))
        #expect(TradingCalendar.alwaysOpen.openTime(expectedCandles: 10, before: start, timeframe: .oneHour) == start - 36_000_000)
    }
}
