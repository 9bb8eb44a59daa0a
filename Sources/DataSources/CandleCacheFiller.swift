import BinanceClient
import Foundation
import MarketData
import RunRecords
import Storage
import StudyFile

/// Fills the candle cache from Binance: only the ranges the cache lacks are requested, and
/// every page is stored as it arrives, so an interrupted fetch keeps what it got and the
/// next one asks only for the rest.
public struct CandleCacheFiller: Sendable {
    public let database: WFODatabase
    public let client: BinanceKlinesClient

    public init(database: WFODatabase, baseURL: String) {
        self.database = database
        client = BinanceKlinesClient(baseURL: baseURL)
    }

    public init(database: WFODatabase, client: BinanceKlinesClient) {
        self.database = database
        self.client = client
    }

    /// Progress of a fill: pages and candles so far.
    public struct Progress: Sendable {
        public var symbol: String
        public var pages: Int
        public var candles: Int
        /// Candles the missing ranges hold at most.
        public var expectedCandles: Int
    }

    /// Fetches what the cache lacks of `[from, to)`, never past the last closed candle.
    public func fill(symbol: String, timeframe: Timeframe, from: Int64, to: Int64, now: Int64 = WFODatabase.now(),
                     progress: @escaping @Sendable (Progress) -> Void = { _ in }) async throws -> FetchStatistics {
        let step = timeframe.milliseconds
        let closedEnd = min(to, timeframe.openTime(containing: now))
        let missing = try database.missingRanges(symbol: symbol, timeframe: timeframe, from: from, to: closedEnd)
        let expected = missing.reduce(0) { $0 + Int(($1.upperBound - $1.lowerBound) / step) }
        var total = FetchStatistics(requests: 0, pages: 0, candles: 0, retries: 0, waited: .zero)
        let counter = ProgressCounter(symbol: symbol, expected: expected, report: progress)
        let database = self.database
        for range in missing {
            let statistics = try await client.fetch(symbol: symbol, timeframe: timeframe, from: range.lowerBound, to: range.upperBound) { page in
                try database.upsert(page)
                counter.add(page.count)
            }
            total.add(statistics)
        }
        return total
    }

    /// Fills what a study needs: its symbols from `warmup_candles` before `from` (default
    /// `start_date`) to `to` (default `end_date`).
    public func fill(study: Study, from: Int64? = nil, to: Int64? = nil,
                     progress: @escaping @Sendable (Progress) -> Void = { _ in }) async throws -> FetchStatistics {
        let span = Self.span(of: study, from: from, to: to)
        var total = FetchStatistics(requests: 0, pages: 0, candles: 0, retries: 0, waited: .zero)
        for symbol in study.symbols {
            total.add(try await fill(symbol: symbol, timeframe: study.timeframe, from: span.lowerBound, to: span.upperBound, progress: progress))
        }
        return total
    }

    /// The candles of each of a study's symbols that `cache` lacks of what a run would fill
    /// (``fill(study:from:to:progress:)``), without fetching: what `wfo validate` reports.
    public static func missingCandles(of study: Study, in cache: WFODatabase,
                                      now: Int64 = WFODatabase.now()) throws(StorageError) -> [(symbol: String, count: Int)] {
        let span = span(of: study, from: nil, to: nil)
        let end = min(span.upperBound, study.timeframe.openTime(containing: now))
        return try study.symbols.map { symbol throws(StorageError) in
            let missing = try cache.missingRanges(symbol: symbol, timeframe: study.timeframe, from: span.lowerBound, to: end)
            return (symbol, missing.reduce(0) { $0 + Int(($1.upperBound - $1.lowerBound) / study.timeframe.milliseconds) })
        }.filter { $0.count > 0 }
    }

    /// `[warm-up start, end)` of a study's candles: `warmup_candles` expected candles before `from`.
    static func span(of study: Study, from: Int64?, to: Int64?) -> Range<Int64> {
        let start = study.calendar.openTime(expectedCandles: study.warmupCandles, before: from ?? study.startDate,
                                            timeframe: study.timeframe)
        return start..<max(start, to ?? study.endDate)
    }
}

extension FetchStatistics {
    /// Adds another fetch's figures to these.
    mutating func add(_ other: FetchStatistics) {
        requests += other.requests
        pages += other.pages
        candles += other.candles
        retries += other.retries
        waited += other.waited
    }
}

/// Counts pages and candles from the fetch's callbacks and reports them.
private final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var progress: CandleCacheFiller.Progress
    private let report: @Sendable (CandleCacheFiller.Progress) -> Void

    init(symbol: String, expected: Int, report: @escaping @Sendable (CandleCacheFiller.Progress) -> Void) {
        progress = .init(symbol: symbol, pages: 0, candles: 0, expectedCandles: expected)
        self.report = report
    }

    func add(_ candles: Int) {
        let snapshot = lock.withLock {
            progress.pages += 1
            progress.candles += candles
            return progress
        }
        report(snapshot)
    }
}
