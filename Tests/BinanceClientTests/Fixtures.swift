import BinanceClient
import CandleImport
import FakeBinance
import MarketData
import Synchronization
import TestSupport

/// Candles, policies and helpers shared by the client tests.
enum Fixtures {
    static let btc = "BTCUSDT"
    static let fiveMinutes = Timeframe.fiveMinutes.milliseconds
    static let start2024 = UTCTime.milliseconds(year: 2024, month: 1, day: 1)
    static let start2025 = UTCTime.milliseconds(year: 2025, month: 1, day: 1)

    /// Every BTCUSDT 5m candle in ../shared/data (2023-10 to 2025-02), loaded once.
    static let allKlines: Result<CandleSeries, CandleImportError> = Result { () throws(CandleImportError) -> CandleSeries in
        try CandleImporter.load(paths: [SharedData.klinesFolder.path], symbol: btc, timeframe: .fiveMinutes)
    }

    /// All of 2024, straight from the monthly files.
    static let year2024: Result<CandleSeries, CandleImportError> = Result { () throws(CandleImportError) -> CandleSeries in
        try CandleImporter.load(paths: SharedData.klineFiles2024.map(\.path), symbol: btc, timeframe: .fiveMinutes)
    }

    /// `count` made-up 5m candles from `start`, on the grid, no gaps, every value distinct
    /// and exact in 8 decimals (as Binance's are), so they survive the JSON round trip.
    static func synthetic(count: Int, start: Int64 = start2024, symbol: String = btc) -> CandleSeries {
        CandleSeries(symbol: symbol, timeframe: .fiveMinutes, candles: (0..<count).map { index in
            let base = 100 + Double(index) * 0.25
            return Candle(openTime: start + Int64(index) * fiveMinutes, open: base, high: base + 0.5,
                          low: base - 0.5, close: base + 0.125, volume: 1 + Double(index) * 0.125)
        })
    }

    /// Nil when both series hold the same candles bit for bit (all six columns), else
    /// where they first differ — short enough for a failure message.
    static func difference(_ actual: CandleSeries, _ expected: CandleSeries) -> String? {
        if actual.count != expected.count {
            let firstMissing = expected.openTimes.first { actual.firstIndex(openingAtOrAfter: $0) == actual.count
                || actual.openTimes[actual.firstIndex(openingAtOrAfter: $0)] != $0 }
            return "\(actual.count) candles instead of \(expected.count); first missing open time: "
                + (firstMissing.map { UTCTime.format(milliseconds: $0) } ?? "none")
        }
        let (actualColumns, expectedColumns) = (actual.bitPatterns, expected.bitPatterns)
        let names = ["openTime", "open", "high", "low", "close", "volume"]
        for column in names.indices {
            if let index = actual.indices.first(where: { actualColumns[column][$0] != expectedColumns[column][$0] }) {
                return "candle \(index) differs in \(names[column]): \(actual[index]) vs \(expected[index])"
            }
        }
        return nil
    }

    /// Tests: a 30 s timeout (tests of timeouts set a short one, and a loaded machine running
    /// the whole suite in parallel must not time a normal page out), small delays (the sleeper
    /// does not wait anyway).
    static func policy(maxAttempts: Int = 6, jitter: Double = 1, weightLimit: Int = 6000,
                      timeout: Duration = .seconds(30)) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, requestTimeout: timeout, weightLimitPerMinute: weightLimit,
                    jitter: jitter, jitterSeed: 7)
    }

    /// The request URL the client must send for a page.
    static func url(_ server: FakeBinanceServer, symbol: String = btc, start: Int64, to: Int64) -> String {
        "\(server.baseURL)/api/v3/klines?symbol=\(symbol)&interval=5m&startTime=\(start)&endTime=\(to - 1)&limit=1000"
    }
}

/// Collects the pages `onPage` receives.
final class PageCollector: Sendable {
    private let pages = Mutex<[CandleSeries]>([])

    func add(_ page: CandleSeries) { pages.withLock { $0.append(page) } }

    var all: [CandleSeries] { pages.withLock { $0 } }

    /// The pages joined into one series.
    var joined: CandleSeries {
        var series = CandleSeries(symbol: Fixtures.btc, timeframe: .fiveMinutes)
        for page in all {
            for index in page.indices { series.append(page[index]) }
        }
        return series
    }
}

extension CandleSeries {
    /// Every column, as bits: equal only when each value is identical.
    var bitPatterns: [[UInt64]] {
        [openTimes.map { UInt64(bitPattern: $0) }, opens.map(\.bitPattern), highs.map(\.bitPattern),
         lows.map(\.bitPattern), closes.map(\.bitPattern), volumes.map(\.bitPattern)]
    }
}
