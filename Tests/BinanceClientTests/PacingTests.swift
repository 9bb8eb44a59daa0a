@testable import BinanceClient
import FakeBinance
import MarketData
import Testing

/// Weight pacing: stay under `weightBudgetShare × weightLimitPerMinute` by reading
/// `X-MBX-USED-WEIGHT-1M` and sleeping to the next UTC minute.
@Suite struct PacingTests {
    let minute: Int64 = 60_000
    let noon = UTCTime.milliseconds(year: 2025, month: 1, day: 1, hour: 12)

    @Test func pacerWaitsToTheNextMinuteWhenTheNextCallWouldPassTheBudget() {
        var pacer = WeightPacer(budget: 32)
        pacer.record(usedWeightHeader: "30", now: noon + 12_345)
        #expect(pacer.wait(now: noon + 12_345) == nil)           // 30 + 2 = 32: still within
        pacer.record(usedWeightHeader: "32", now: noon + 20_000)
        #expect(pacer.wait(now: noon + 20_000) == .milliseconds(40_000))
        #expect(pacer.wait(now: noon + minute) == nil)           // a new minute: the count is stale
    }

    @Test func pacerIgnoresAMissingOrGarbledHeader() {
        var pacer = WeightPacer(budget: 32)
        pacer.record(usedWeightHeader: nil, now: noon)
        pacer.record(usedWeightHeader: "lots", now: noon)
        #expect(pacer.wait(now: noon) == nil)
        pacer.record(usedWeightHeader: " 40 ", now: noon)
        #expect(pacer.wait(now: noon + 1) == .milliseconds(minute - 1))
    }

    @Test func budgetIsTheShareOfTheLimit() {
        #expect(RetryPolicy().weightBudget == 4_800)
        #expect(RetryPolicy(weightLimitPerMinute: 40, weightBudgetShare: 0.8).weightBudget == 32)
    }

    /// 20 pages with a limit of 40 a minute (budget 32 = 16 requests): one wait, to the
    /// minute's end, and the server never sees more than 32 in a minute.
    @Test func fetchSleepsToTheNextMinuteInsteadOfPassingTheBudget() async throws {
        let source = Fixtures.synthetic(count: 20_000)
        let sleeper = RecordingSleeper(start: noon + 15_000)
        let options = FakeBinanceServer.Options(weightLimitPerMinute: 40, clock: { sleeper.currentTimeMilliseconds() })
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source], options: options) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(weightLimit: 40), sleeper: sleeper)
            let statistics = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes, from: source.openTimes[0],
                                                    to: source.openTimes[19_999] + Fixtures.fiveMinutes) { _ in }
            #expect(statistics.requests == 20 && statistics.retries == 0)
            #expect(sleeper.waits == [.init(start: noon + 15_000, duration: .milliseconds(45_000))])
            #expect(server.requests.map(\.usedWeight) == Array(stride(from: 2, through: 32, by: 2)) + [2, 4, 6, 8])
            #expect(server.requests.allSatisfy { !$0.overWeightLimit })
            #expect(statistics.waited == .seconds(45))
        }
    }

    /// Without pacing the same fetch would be refused: the fake server enforces the limit.
    @Test func fakeServerRefusesRequestsPastItsWeightLimit() async throws {
        let source = Fixtures.synthetic(count: 10)
        let sleeper = RecordingSleeper(start: noon)
        let options = FakeBinanceServer.Options(weightLimitPerMinute: 4, clock: { sleeper.currentTimeMilliseconds() })
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source], options: options) { server in
            // A generous budget share (1.5 × the limit) makes the client pass the limit.
            var policy = Fixtures.policy(weightLimit: 4)
            policy.weightBudgetShare = 1.5
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: policy, sleeper: sleeper)
            for _ in 0..<3 {
                _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes, from: source.openTimes[0],
                                           to: source.openTimes[9]) { _ in }
            }
            #expect(server.requests.map(\.overWeightLimit) == [false, false, true, false])
            #expect(sleeper.durations == [.seconds(60)])   // Retry-After to the next minute
        }
    }
}
