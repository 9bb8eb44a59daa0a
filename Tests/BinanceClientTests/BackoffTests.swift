@testable import BinanceClient
import FakeBinance
import Testing

/// Backoff between attempts: `min(maxDelay, baseDelay × 2^retry)`, with jitter below it.
@Suite struct BackoffTests {
    let source = Fixtures.synthetic(count: 10)

    /// Runs a fetch against a server that always answers 503, returning the waits.
    func waitsAgainstAFailingServer(policy: RetryPolicy) async throws -> [Duration] {
        let sleeper = RecordingSleeper()
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source], faults: [.always(.status(503))]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: policy, sleeper: sleeper)
            await #expect(throws: BinanceError.self) {
                _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes, from: source.openTimes[0],
                                           to: source.openTimes[9] + Fixtures.fiveMinutes) { _ in }
            }
            #expect(server.requests.count == policy.maxAttempts)
        }
        return sleeper.durations
    }

    @Test func delaysDoubleUpToTheCeilingWithoutJitter() async throws {
        let policy = RetryPolicy(maxAttempts: 9, baseDelay: .milliseconds(500), maxDelay: .seconds(10),
                                 requestTimeout: .seconds(1), jitter: 0)
        let waits = try await waitsAgainstAFailingServer(policy: policy)
        #expect(waits == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8),
                          .seconds(10), .seconds(10), .seconds(10)])
    }

    @Test func fullJitterDelaysStayWithinTheirGrowingCeilings() async throws {
        let policy = RetryPolicy(maxAttempts: 9, baseDelay: .milliseconds(500), maxDelay: .seconds(10),
                                 requestTimeout: .seconds(1), jitter: 1, jitterSeed: 42)
        let waits = try await waitsAgainstAFailingServer(policy: policy)
        #expect(waits.count == 8)
        for (retry, wait) in waits.enumerated() {
            #expect(wait > .zero && wait <= policy.backoffCeiling(retry: retry), "retry \(retry): \(wait)")
        }
        #expect((0..<8).map { policy.backoffCeiling(retry: $0) }
            == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10), .seconds(10)])
    }

    @Test func jitteredDelaysGrowOnAverage() {
        let policy = RetryPolicy(baseDelay: .milliseconds(500), maxDelay: .seconds(30), jitterSeed: 3)
        var backoff = Backoff(policy: policy)
        let means = (0..<6).map { retry in
            (0..<2_000).map { _ in backoff.delay(retry: retry).inSeconds }.reduce(0, +) / 2_000
        }
        // Full jitter averages half the ceiling: 0.25, 0.5, 1, 2, 4, 8 s.
        for (retry, mean) in means.enumerated() {
            let half = policy.backoffCeiling(retry: retry).inSeconds / 2
            #expect(abs(mean - half) < half * 0.1, "retry \(retry): mean \(mean)")
        }
        #expect(zip(means, means.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func seededJitterIsReproducible() {
        let policy = RetryPolicy(jitterSeed: 99)
        var first = Backoff(policy: policy)
        var second = Backoff(policy: policy)
        #expect((0..<6).map { first.delay(retry: $0) } == (0..<6).map { second.delay(retry: $0) })
    }

    @Test func hugeRetryNumbersStayAtTheMaximumDelay() {
        let policy = RetryPolicy(maxDelay: .seconds(30))
        #expect(policy.backoffCeiling(retry: 1_000) == .seconds(30))
        #expect(policy.backoffCeiling(retry: -1) == .milliseconds(500))
    }
}
