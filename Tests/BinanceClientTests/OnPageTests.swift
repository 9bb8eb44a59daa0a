import BinanceClient
import FakeBinance
import MarketData
import Synchronization
import Testing

/// `onPage` sees each page as it arrives, in order, and can stop the fetch.
@Suite struct OnPageTests {
    struct StorageFull: Error {}

    let source = Fixtures.synthetic(count: 2_500)
    var to: Int64 { source.openTimes[2_499] + Fixtures.fiveMinutes }

    @Test func onPageIsCalledOncePerPageInOrder() async throws {
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(), sleeper: RecordingSleeper())
            let pages = PageCollector()
            _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes, from: source.openTimes[0], to: to) {
                pages.add($0)
            }
            #expect(pages.all.map { $0.openTimes.first } == [source.openTimes[0], source.openTimes[1_000], source.openTimes[2_000]])
            #expect(pages.all.allSatisfy { $0.symbol == Fixtures.btc && $0.timeframe == .fiveMinutes })
            #expect(pages.all.allSatisfy { (try? $0.validate()) != nil })
        }
    }

    @Test func throwingOnPageStopsTheFetchAndRethrows() async throws {
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(), sleeper: RecordingSleeper())
            let calls = Mutex(0)
            await #expect(throws: StorageFull.self) {
                _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes, from: source.openTimes[0], to: to) { _ in
                    let call = calls.withLock { $0 += 1; return $0 }
                    if call == 2 { throw StorageFull() }
                }
            }
            #expect(calls.withLock { $0 } == 2)
            #expect(server.requests.count == 2)
        }
    }

    /// A resumed fetch (what a cache does after storing part of a range) asks only for
    /// the rest.
    @Test func resumedFetchAsksOnlyForWhatIsMissing() async throws {
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(), sleeper: RecordingSleeper())
            let pages = PageCollector()
            _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes,
                                       from: source.openTimes[1_700], to: to) { pages.add($0) }
            #expect(server.requests.map(\.startTime) == [source.openTimes[1_700]])
            #expect(Fixtures.difference(pages.joined, source.slice(1_700..<2_500)) == nil)
        }
    }
}
