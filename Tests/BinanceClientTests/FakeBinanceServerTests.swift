import FakeBinance
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MarketData
import Testing

/// The fake server keeps Binance's rules, so tests against it mean something.
@Suite struct FakeBinanceServerTests {
    let source = Fixtures.synthetic(count: 2_000)

    /// GETs a path with a query and returns the status, the weight header and the body text.
    func get(_ server: FakeBinanceServer, _ query: String) async throws -> (status: Int, weight: String?, body: String) {
        let url = try #require(URL(string: "\(server.baseURL)/api/v3/klines?\(query)"))
        let (data, response) = try await URLSession.shared.data(from: url)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, http.value(forHTTPHeaderField: "X-MBX-USED-WEIGHT-1M"), String(decoding: data, as: UTF8.self))
    }

    func openTimes(_ body: String) throws -> [Int64] {
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[Any]])
        return rows.compactMap { ($0.first as? NSNumber)?.int64Value }
    }

    @Test func rowsLookExactlyLikeBinances() async throws {
        let candle = Candle(openTime: 1_704_067_200_000, open: 42_283.58, high: 42_298.62, low: 42_261.02,
                            close: 42_298.61, volume: 35.92724)
        let series = CandleSeries(symbol: "BTCUSDT", timeframe: .fiveMinutes, candles: [candle])
        try await FakeBinanceServer.with(candles: ["BTCUSDT": series]) { server in
            let answer = try await get(server, "symbol=BTCUSDT&interval=5m")
            #expect(answer.status == 200)
            #expect(answer.body.hasPrefix(#"[[1704067200000,"42283.58000000","42298.62000000","42261.02000000","42298.61000000","35.92724000",1704067499999,""#))
            #expect(answer.body.hasSuffix(#","0"]]"#))
            let row = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [[Any]]).first
            #expect(row?.count == 12)
        }
    }

    @Test func startAndEndTimesAreInclusive() async throws {
        try await FakeBinanceServer.with(candles: ["BTCUSDT": source]) { server in
            let (first, last) = (source.openTimes[10], source.openTimes[14])
            let answer = try await get(server, "symbol=BTCUSDT&interval=5m&startTime=\(first)&endTime=\(last)")
            #expect(try openTimes(answer.body) == Array(source.openTimes[10...14]))
            let between = try await get(server, "symbol=BTCUSDT&interval=5m&startTime=\(first + 1)&endTime=\(last - 1)")
            #expect(try openTimes(between.body) == Array(source.openTimes[11...13]))
        }
    }

    @Test func limitDefaultsTo500AndStopsAt1000() async throws {
        try await FakeBinanceServer.with(candles: ["BTCUSDT": source]) { server in
            let start = source.openTimes[0]
            #expect(try openTimes(try await get(server, "symbol=BTCUSDT&interval=5m&startTime=\(start)").body).count == 500)
            #expect(try openTimes(try await get(server, "symbol=BTCUSDT&interval=5m&startTime=\(start)&limit=1500").body).count == 1_000)
            let latest = try openTimes(try await get(server, "symbol=BTCUSDT&interval=5m&limit=3").body)
            #expect(latest == Array(source.openTimes.suffix(3)))
            let upToEnd = try openTimes(try await get(server, "symbol=BTCUSDT&interval=5m&endTime=\(source.openTimes[99])&limit=5").body)
            #expect(upToEnd == Array(source.openTimes[95...99]))
        }
    }

    @Test func weightHeaderCountsTwoPerRequestWithinTheMinute() async throws {
        let clock = RecordingSleeper()
        let options = FakeBinanceServer.Options(clock: { clock.currentTimeMilliseconds() })
        try await FakeBinanceServer.with(candles: ["BTCUSDT": source], options: options) { server in
            var weights: [String?] = []
            for _ in 0..<3 { weights.append(try await get(server, "symbol=BTCUSDT&interval=5m&limit=1").weight) }
            try await clock.sleep(for: .seconds(60))
            weights.append(try await get(server, "symbol=BTCUSDT&interval=5m&limit=1").weight)
            #expect(weights == ["2", "4", "6", "2"])
        }
    }

    @Test(arguments: [
        ("symbol=ETHBTC&interval=5m", #"{"code":-1121,"msg":"Invalid symbol."}"#),
        ("symbol=BTCUSDT&interval=7m", #"{"code":-1120,"msg":"Invalid interval."}"#),
        ("interval=5m", #"{"code":-1102,"msg":"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."}"#),
        ("symbol=BTCUSDT&interval=5m&startTime=20&endTime=10", #"{"code":-1023,"msg":"Start time is greater than end time."}"#),
    ])
    func badRequestsGetBinancesErrors(query: String, expected: String) async throws {
        try await FakeBinanceServer.with(candles: ["BTCUSDT": source]) { server in
            let answer = try await get(server, query)
            #expect(answer.status == 400)
            #expect(answer.body == expected)
        }
    }

    @Test func faultsAreConsumedByRequestNumberAndStartTime() async throws {
        let start = source.openTimes[0]
        let faults: [ScriptedFault] = [.onRequest(1, .status(503)), .onStartTime(start, .status(500, retryAfter: 9), times: 2)]
        try await FakeBinanceServer.with(candles: ["BTCUSDT": source], faults: faults) { server in
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await get(server, "symbol=BTCUSDT&interval=5m&startTime=\(start)").status) }
            #expect(statuses == [503, 500, 500, 200])
            #expect(server.requests.map(\.fault) == [.status(503), .status(500, retryAfter: 9), .status(500, retryAfter: 9), nil])
            #expect(server.requests.map(\.number) == [1, 2, 3, 4])
            #expect(server.requests.last?.startTime == start)
        }
    }
}
