import BinanceClient
import FakeBinance
import MarketData
import TestSupport
import Testing

/// All of 2024 in 5m candles (105,408, 106 pages) through the fake server, which serves
/// every candle of ../shared/data (2023-10 to 2025-02) with Binance's paging rules.
@Suite(.serialized, .enabled(if: SharedData.hasKlines, Comment(rawValue: SharedData.missingMessage)))
struct FullYearFetchTests {
    static let pages = 106
    /// Where page `k` of 2024 starts: the data has no gaps, so 1,000 candles per page.
    static func pageStart(_ k: Int) -> Int64 { Fixtures.start2024 + Int64(k) * 1_000 * Fixtures.fiveMinutes }

    /// Every fault at once, on different pages, under a weight limit of 40 a minute
    /// (the client's budget is 32 = 16 requests), which the server enforces with 429s.
    @Test func fullYearThroughFaultsAndPacingEqualsTheSourceFiles() async throws {
        let all = try Fixtures.allKlines.get()
        let expected = try Fixtures.year2024.get()
        let faults: [ScriptedFault] = [
            .onStartTime(Self.pageStart(2), .status(429, retryAfter: 2)),
            .onStartTime(Self.pageStart(10), .status(418, retryAfter: 5)),
            .onStartTime(Self.pageStart(20), .status(500), times: 2),
            .onStartTime(Self.pageStart(35), .status(503)),
            .onStartTime(Self.pageStart(50), .delay(seconds: 7)),    // past the 5 s timeout
            .onStartTime(Self.pageStart(70), .dropConnection),
            .onStartTime(Self.pageStart(90), .truncatedBody),
            .onStartTime(Self.pageStart(105), .garbage),
        ]
        let injected = 9
        let sleeper = RecordingSleeper()
        let options = FakeBinanceServer.Options(weightLimitPerMinute: 40, clock: { sleeper.currentTimeMilliseconds() })
        try await FakeBinanceServer.with(candles: [Fixtures.btc: all], faults: faults, options: options) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL,
                                             policy: Fixtures.policy(weightLimit: 40, timeout: .seconds(5)), sleeper: sleeper)
            let pages = PageCollector()
            let statistics = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                                    from: Fixtures.start2024, to: Fixtures.start2025) { pages.add($0) }
            let fetched = pages.joined

            // Candle for candle, bit for bit, no gaps.
            #expect(fetched.count == 105_408)
            #expect(Fixtures.difference(fetched, expected) == nil)
            #expect(fetched.gaps().isEmpty)

            // 106 pages plus one request per injected fault (on a machine loaded by the rest of
            // the suite, a normal page may also time out once: that is one more retry, never a
            // lost or doubled candle, which the comparison above proves).
            let requests = server.requests
            #expect(statistics.pages == Self.pages && statistics.retries >= injected)
            #expect(requests.count == Self.pages + statistics.retries)
            #expect(statistics.requests == requests.count)
            var servedStarts: [Int64?] = []
            for start in requests.filter(\.wasServed).map(\.startTime) where servedStarts.last != start { servedStarts.append(start) }
            #expect(servedStarts == (0..<Self.pages).map { Self.pageStart($0) })
            #expect(requests.filter { $0.fault != nil }.count == injected)

            // Pacing kept the server's count under the budget: no 429 of its own.
            #expect(!requests.contains { $0.overWeightLimit })
            #expect(requests.map(\.usedWeight).max() == 32)
            let minuteWaits = sleeper.waits.filter { $0.end % 60_000 == 0 }
            #expect(minuteWaits.count >= (Self.pages + injected) / 16 - 1)
            #expect(sleeper.durations.contains(.seconds(2)) && sleeper.durations.contains(.seconds(5)))
            #expect(statistics.waited == sleeper.waits.reduce(.zero) { $0 + $1.duration })
        }
    }

    /// The plain case: 106 requests, no retry, no wait.
    @Test func fullYearWithoutFaultsTakes106Requests() async throws {
        let all = try Fixtures.allKlines.get()
        let expected = try Fixtures.year2024.get()
        let sleeper = RecordingSleeper()
        try await FakeBinanceServer.with(candles: [Fixtures.btc: all]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: RetryPolicy(), sleeper: sleeper)
            let pages = PageCollector()
            let clock = ContinuousClock()
            let began = clock.now
            let statistics = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                                    from: Fixtures.start2024, to: Fixtures.start2025) { pages.add($0) }
            let elapsed = clock.now - began
            print("Full year 2024 5m through the fake server: \(statistics.requests) requests, \(statistics.candles) candles in \(elapsed)")
            #expect(statistics == FetchStatistics(requests: 106, pages: 106, candles: 105_408, retries: 0, waited: .zero))
            #expect(server.requests.count == 106)
            #expect(pages.all.count == 106 && pages.all.last?.count == 408)
            #expect(Fixtures.difference(pages.joined, expected) == nil)
            #expect(sleeper.waits.isEmpty)
        }
    }
}
