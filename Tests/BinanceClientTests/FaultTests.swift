import BinanceClient
import FakeBinance
import MarketData
import Testing

/// Each fault on its own: which ones are retried, which fail at once, and what the
/// error says.
@Suite struct FaultTests {
    let source = Fixtures.synthetic(count: 300)
    var from: Int64 { source.openTimes[0] }
    var to: Int64 { source.openTimes[299] + Fixtures.fiveMinutes }

    /// Fetches `source` through a fake server with `faults`; returns the outcome and the requests.
    func fetch(faults: [ScriptedFault], symbol: String = Fixtures.btc, policy: RetryPolicy = Fixtures.policy(),
               sleeper: RecordingSleeper = RecordingSleeper())
        async throws -> (result: Result<FetchStatistics, any Error>, requests: [RecordedRequest], url: String, pages: PageCollector) {
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source], faults: faults) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: policy, sleeper: sleeper)
            let pages = PageCollector()
            let result: Result<FetchStatistics, any Error>
            do {
                result = .success(try await client.fetch(symbol: symbol, timeframe: .fiveMinutes, from: from, to: to) {
                    pages.add($0)
                })
            } catch {
                result = .failure(error)
            }
            return (result, server.requests, Fixtures.url(server, symbol: symbol, start: from, to: to), pages)
        }
    }

    @Test func invalidSymbolFailsAtOnceWithBinancesMessage() async throws {
        let sleeper = RecordingSleeper()
        let (result, requests, url, _) = try await fetch(faults: [], symbol: "NOSUCHCOIN", sleeper: sleeper)
        #expect(throws: BinanceError.invalidRequest(status: 400, code: -1121, message: "Invalid symbol.", url: url)) {
            try result.get()
        }
        #expect(requests.count == 1)
        #expect(sleeper.waits.isEmpty)
        if case let .failure(error) = result {
            #expect("\(error)".contains("Invalid symbol."))
            #expect("\(error)".contains("code -1121"))
        }
    }

    @Test func longBanFailsAtOnceWithAClearMessage() async throws {
        let sleeper = RecordingSleeper()
        let (result, requests, url, _) = try await fetch(faults: [.always(.status(418, retryAfter: 3_600))], sleeper: sleeper)
        #expect(throws: BinanceError.banned(status: 418, seconds: 3_600, url: url)) { try result.get() }
        #expect(requests.count == 1)
        #expect(sleeper.waits.isEmpty)
        if case let .failure(error) = result {
            #expect("\(error)".hasPrefix(
                "Binance asks to wait 3600 s (HTTP 418: this IP is banned for too many requests); try later or use another --base-url."))
        }
    }

    @Test(arguments: [429, 418])
    func shortRetryAfterIsWaitedOutThenTheFetchGoesOn(status: Int) async throws {
        let sleeper = RecordingSleeper()
        let (result, requests, _, pages) = try await fetch(faults: [.onRequest(1, .status(status, retryAfter: 3))], sleeper: sleeper)
        let statistics = try result.get()
        #expect(sleeper.durations == [.seconds(3)])
        #expect(requests.count == 2)
        #expect(statistics == FetchStatistics(requests: 2, pages: 1, candles: 300, retries: 1, waited: .seconds(3)))
        #expect(Fixtures.difference(pages.joined, source) == nil)
    }

    @Test func retryAfterMissingWaitsAMinute() async throws {
        let sleeper = RecordingSleeper()
        let (result, _, _, _) = try await fetch(faults: [.onRequest(1, .status(429))], sleeper: sleeper)
        _ = try result.get()
        #expect(sleeper.durations == [.seconds(60)])
    }

    @Test(arguments: [Fault.status(500), .status(502), .status(503), .status(504), .delay(seconds: 2),
                      .dropConnection, .truncatedBody, .garbage])
    func transientFaultIsRetriedAndTheCandlesArrive(fault: Fault) async throws {
        let sleeper = RecordingSleeper()
        let (result, requests, _, pages) = try await fetch(
            faults: [.onRequest(1, fault)], policy: Fixtures.policy(timeout: .seconds(1)), sleeper: sleeper)
        let statistics = try result.get()
        #expect(requests.count == 2)
        #expect(statistics.requests == 2 && statistics.retries == 1 && statistics.pages == 1)
        #expect(sleeper.waits.count == 1)
        #expect(Fixtures.difference(pages.joined, source) == nil)
    }

    @Test func persistentServerErrorGivesUpAfterMaxAttemptsNamingTheRequest() async throws {
        let sleeper = RecordingSleeper()
        let (result, requests, url, _) = try await fetch(faults: [.always(.status(500))],
                                                         policy: Fixtures.policy(maxAttempts: 4), sleeper: sleeper)
        #expect(requests.count == 4)
        #expect(sleeper.waits.count == 3)
        guard case let .failure(error) = result, case let .gaveUp(attempts, lastProblem, errorURL) = error as? BinanceError else {
            Issue.record("expected gaveUp, got \(result)")
            return
        }
        #expect(attempts == 4)
        #expect(errorURL == url)
        #expect(lastProblem.contains("HTTP 500"))
        #expect("\(error)".contains("after 4 attempts") && "\(error)".contains(url))
    }

    @Test(arguments: [Fault.truncatedBody, .garbage])
    func persistentMalformedBodyIsAnErrorNamingTheRequest(fault: Fault) async throws {
        let (result, requests, url, pages) = try await fetch(faults: [.always(fault)], policy: Fixtures.policy(maxAttempts: 3))
        #expect(requests.count == 3)
        #expect(pages.all.isEmpty)
        guard case let .failure(error) = result, case let .malformed(detail, errorURL) = error as? BinanceError else {
            Issue.record("expected malformed, got \(result)")
            return
        }
        #expect(errorURL == url)
        #expect(detail.contains("3 attempts"))
        #expect("\(error)".contains(url))
    }

    @Test func persistentTimeoutGivesUp() async throws {
        let (result, requests, _, _) = try await fetch(
            faults: [.always(.delay(seconds: 2))], policy: Fixtures.policy(maxAttempts: 2, timeout: .seconds(1)))
        #expect(requests.count == 2)
        guard case let .failure(error) = result, case let .gaveUp(_, lastProblem, _) = error as? BinanceError else {
            Issue.record("expected gaveUp, got \(result)")
            return
        }
        #expect(lastProblem.contains("timeout"))
    }

    @Test func serverThatIsNotThereGivesUpAfterMaxAttempts() async throws {
        // Port 1 (tcpmux) is closed on any ordinary machine: the connection is refused.
        let sleeper = RecordingSleeper()
        let client = BinanceKlinesClient(baseURL: "http://127.0.0.1:1", policy: Fixtures.policy(maxAttempts: 3), sleeper: sleeper)
        await #expect {
            _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes, from: from, to: to) { _ in }
        } throws: { error in
            guard case let .gaveUp(attempts, lastProblem, _) = error as? BinanceError else { return false }
            return attempts == 3 && lastProblem.contains("connect")
        }
        #expect(sleeper.waits.count == 2)
    }

    @Test func wrongBaseURLPathFailsAtOnceSuggestingTheBaseURL() async throws {
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source]) { server in
            let sleeper = RecordingSleeper()
            let client = BinanceKlinesClient(baseURL: server.baseURL + "/v9/", policy: Fixtures.policy(), sleeper: sleeper)
            await #expect {
                _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes, from: from, to: to) { _ in }
            } throws: { error in
                guard case let .invalidRequest(status, code, _, url) = error as? BinanceError else { return false }
                return status == 404 && code == nil && url.hasPrefix(server.baseURL + "/v9/api/v3/klines?")
                    && "\(error)".contains("--base-url")
            }
            #expect(server.requests.isEmpty)   // only klines requests are recorded
            #expect(sleeper.waits.isEmpty)
        }
    }

    @Test func unusableBaseURLFailsWithoutARequest() async throws {
        let client = BinanceKlinesClient(baseURL: "not a url", policy: Fixtures.policy(), sleeper: RecordingSleeper())
        await #expect(throws: BinanceError.invalidBaseURL("not a url")) {
            _ = try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes, from: from, to: to) { _ in }
        }
    }

    @Test func cancellingTheFetchStopsIt() async throws {
        try await FakeBinanceServer.with(candles: [Fixtures.btc: source], faults: [.always(.status(503))]) { server in
            let client = BinanceKlinesClient(baseURL: server.baseURL, policy: Fixtures.policy(maxAttempts: 1_000),
                                             sleeper: TaskSleeper())
            let (from, to) = (from, to)
            let task = Task { try await client.fetch(symbol: Fixtures.btc, timeframe: .fiveMinutes, from: from, to: to) { _ in } }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }
}
