@testable import BinanceClient
import FakeBinance
import MarketData
import Testing

/// Page boundaries: each page starts exactly one interval after the last candle of the
/// page before, and the fetch stops where it should.
@Suite struct PagingTests {
    /// The original system started the next page one interval too late and lost one
    /// candle per page. With 2,500 candles and pages of 1,000 the requests must start at
    /// candles 0, 1,000 and 2,000 exactly; a rule of "last open + 2 intervals" (or "last
    /// close + 1 interval") asks for 1,001 and 2,002 instead, and the candles received
    /// are 2,498 with two holes: both `#expect`s below fail.
    @Test func pagingBoundaryNeitherSkipsNorDoublesACandle() async throws {
        let source = Fixtures.synthetic(count: 2_500)
        let to = source.openTimes[2_499] + Fixtures.fiveMinutes
        let sleeper = RecordingSleeper()
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(), sleeper: sleeper)
            let pages = PageCollector()
            let statistics = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                                    from: source.openTimes[0], to: to) { pages.add($0) }

            let step = Fixtures.fiveMinutes
            let t0 = source.openTimes[0]
            #expect(server.requests.map(\.startTime) == [t0, t0 + 1_000 * step, t0 + 2_000 * step])
            #expect(Fixtures.difference(pages.joined, source) == nil)
            #expect(server.requests.allSatisfy { $0.endTime == to - 1 && $0.limit == 1_000 })
            #expect(pages.all.map(\.count) == [1_000, 1_000, 500])
            #expect(statistics == FetchStatistics(requests: 3, pages: 3, candles: 2_500, retries: 0, waited: .zero))
        }
    }

    @Test func nextPageStartsOneIntervalAfterTheLastOpenTime() {
        for timeframe in Timeframe.allCases {
            let last = UTCTime.milliseconds(year: 2024, month: 3, day: 4)
            #expect(KlinePage.nextStartTime(afterLastOpenTime: last, timeframe: timeframe) == last + timeframe.milliseconds)
        }
    }

    @Test func fullLastPageBeforeTheEndAsksOnceMoreAndStopsOnTheEmptyPage() async throws {
        let source = Fixtures.synthetic(count: 2_000)
        let to = source.openTimes[0] + 3_000 * Fixtures.fiveMinutes   // the data ends before `to`
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(), sleeper: RecordingSleeper())
            let pages = PageCollector()
            let statistics = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                                    from: source.openTimes[0], to: to) { pages.add($0) }
            #expect(server.requests.count == 3)
            #expect(pages.all.count == 2)   // the empty third page is not handed on
            #expect(statistics.pages == 3 && statistics.candles == 2_000)
            #expect(Fixtures.difference(pages.joined, source) == nil)
        }
    }

    @Test func fetchEndingExactlyAtAPageBoundaryMakesNoExtraRequest() async throws {
        let source = Fixtures.synthetic(count: 3_000)
        let to = source.openTimes[2_000]   // [from, to) holds exactly two full pages
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(), sleeper: RecordingSleeper())
            let pages = PageCollector()
            _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                       from: source.openTimes[0], to: to) { pages.add($0) }
            #expect(server.requests.count == 2)
            #expect(Fixtures.difference(pages.joined, source.slice(0..<2_000)) == nil)
        }
    }

    @Test func holesInTheExchangeDataAreSkippedWithoutLosingCandles() async throws {
        // An exchange outage: 600 candles missing across what would be a page boundary.
        let full = Fixtures.synthetic(count: 3_000)
        let source = CandleSeries(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                  candles: full.indices.filter { !(900..<1_500).contains($0) }.map { full[$0] })
        let to = full.openTimes[2_999] + Fixtures.fiveMinutes
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(), sleeper: RecordingSleeper())
            let pages = PageCollector()
            _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                       from: full.openTimes[0], to: to) { pages.add($0) }
            #expect(Fixtures.difference(pages.joined, source) == nil)
            #expect(server.requests.map(\.startTime) == [full.openTimes[0], full.openTimes[1_600], full.openTimes[2_600]])
        }
    }

    @Test func startBetweenTwoCandlesBeginsAtTheNextCandle() async throws {
        let source = Fixtures.synthetic(count: 10)
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(), sleeper: RecordingSleeper())
            let pages = PageCollector()
            _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                       from: source.openTimes[2] + 1, to: source.openTimes[6]) { pages.add($0) }
            #expect(Fixtures.difference(pages.joined, source.slice(3..<6)) == nil)
        }
    }

    @Test func emptyRangeSendsNoRequest() async throws {
        try await FakeBinanceServer.with(candles: [Fixtures.btc: Fixtures.synthetic(count: 10)]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(), sleeper: RecordingSleeper())
            let statistics = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                                    from: Fixtures.start2025, to: Fixtures.start2025) { _ in
                Issue.record("no page expected")
            }
            #expect(statistics == FetchStatistics())
            #expect(server.requests.isEmpty)
        }
    }
}
