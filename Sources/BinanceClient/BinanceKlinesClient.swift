import Foundation
import MarketData

/// Downloads candles from Binance's public REST API (`GET /api/v3/klines`), politely.
///
/// A fetch walks `[from, to)` in pages of 1,000 candles: each page starts one interval
/// after the last candle of the page before (see ``KlinePage``), and the fetch stops at
/// `to`, on an empty page or on a short one. Along the way it
///
/// - keeps its request weight under ``RetryPolicy/weightBudget`` per minute by reading
///   `X-MBX-USED-WEIGHT-1M` and sleeping to the next UTC minute when needed;
/// - waits out `Retry-After` on 429 and 418 (or fails with ``BinanceError/banned(status:seconds:url:)``
///   when that is longer than ``RetryPolicy/retryAfterCap``);
/// - retries 5xx, timeouts, dropped connections and malformed bodies with exponential
///   backoff and jitter, at most ``RetryPolicy/maxAttempts`` attempts per page;
/// - fails at once on other 4xx with Binance's own message.
///
/// ```swift
/// let client = BinanceKlinesClient()
/// let start = UTCTime.milliseconds(year: 2024, month: 1, day: 1)
/// let end = UTCTime.milliseconds(year: 2025, month: 1, day: 1)
/// let statistics = try await client.fetch(symbol: "BTCUSDT", timeframe: .fiveMinutes, from: start, to: end) { page in
///     try cache.store(page)              // each page as it arrives
/// }
/// print(statistics.candles, "candles in", statistics.pages, "pages")
/// ```
public struct BinanceKlinesClient: Sendable {
    /// Binance's largest page, and the one the client always asks for.
    public static let pageLimit = 1000

    /// The API root, without a trailing slash (`https://api.binance.com`).
    public let baseURL: String
    public let policy: RetryPolicy
    public let sleeper: any Sleeper
    let transport: HTTPTransport
    let pacer: SharedWeightPacer

    /// - Parameters:
    ///   - baseURL: the API root (`--base-url`, `data.base_url`); a trailing `/` is ignored.
    ///   - policy: retries, timeouts and pacing.
    ///   - sleeper: waits and tells the time; tests inject one that only records.
    /// The API root as the client uses it: without trailing `/` (`https://x/` and `https://x` are one root).
    public static func normalized(baseURL: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    public init(baseURL: String = "https://api.binance.com", policy: RetryPolicy = .init(),
                sleeper: any Sleeper = TaskSleeper()) {
        self.baseURL = Self.normalized(baseURL: baseURL)
        self.policy = policy
        self.sleeper = sleeper
        self.transport = HTTPTransport(timeout: policy.requestTimeout)
        self.pacer = SharedWeightPacer(budget: policy.weightBudget)
    }

    /// Fetches the candles opening in `[from, to)` page by page (1,000 a page), calling
    /// `onPage` with each page's candles as they arrive.
    ///
    /// Pages are delivered in time order, each non-empty, together covering exactly what
    /// Binance has in the range: no candle skipped or repeated at a page boundary.
    ///
    /// - Parameters:
    ///   - symbol: Binance's symbol (`BTCUSDT`).
    ///   - timeframe: the candle interval.
    ///   - from: the first open time wanted, UTC epoch milliseconds (inclusive).
    ///   - to: the end of the range, epoch milliseconds (exclusive; sent as `endTime = to − 1`).
    ///   - onPage: stores a page; when it throws, the fetch stops and rethrows.
    /// - Returns: how many requests, pages, candles, retries and how much waiting it took.
    /// - Throws: ``BinanceError``, `CancellationError`, or what `onPage` threw.
    public func fetch(symbol: String, timeframe: Timeframe, from: Int64, to: Int64,
                      onPage: @Sendable (CandleSeries) async throws -> Void) async throws -> FetchStatistics {
        var run = FetchRun(policy: policy)
        var start = from
        while start < to {
            let url = try requestURL(symbol: symbol, timeframe: timeframe, start: start, to: to)
            let page = try await fetchPage(url: url, start: start, to: to, timeframe: timeframe, run: &run)
            run.statistics.pages += 1
            if !page.candles.isEmpty {
                run.statistics.candles += page.candles.count
                try await onPage(CandleSeries(symbol: symbol, timeframe: timeframe, candles: page.candles))
            }
            guard let next = page.nextStartTime(limit: Self.pageLimit, to: to, timeframe: timeframe) else { break }
            start = next
        }
        return run.statistics
    }

    /// `\(baseURL)/api/v3/klines?symbol=…&interval=…&startTime=…&endTime=…&limit=1000`.
    func requestURL(symbol: String, timeframe: Timeframe, start: Int64, to: Int64) throws(BinanceError) -> URL {
        let encodedSymbol = symbol.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? symbol
        let text = "\(baseURL)/api/v3/klines?symbol=\(encodedSymbol)&interval=\(timeframe.rawValue)"
            + "&startTime=\(start)&endTime=\(to - 1)&limit=\(Self.pageLimit)"
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw .invalidBaseURL(baseURL)
        }
        return url
    }
}

/// The mutable state of one fetch: statistics and backoff.
struct FetchRun: Sendable {
    var statistics = FetchStatistics()
    var backoff: Backoff

    init(policy: RetryPolicy) {
        backoff = Backoff(policy: policy)
    }
}
