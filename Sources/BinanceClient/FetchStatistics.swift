/// What a ``BinanceKlinesClient/fetch(symbol:timeframe:from:to:onPage:)`` did.
public struct FetchStatistics: Sendable, Equatable {
    /// HTTP requests sent, failed attempts included.
    public var requests: Int
    /// Pages received and accepted (one per successful request).
    public var pages: Int
    /// Candles handed to `onPage`.
    public var candles: Int
    /// Failed attempts that were retried (`requests == pages + retries` when the fetch succeeds).
    public var retries: Int
    /// Time spent waiting: backoff, `Retry-After` and weight pacing.
    public var waited: Duration

    public init(requests: Int = 0, pages: Int = 0, candles: Int = 0, retries: Int = 0, waited: Duration = .zero) {
        self.requests = requests
        self.pages = pages
        self.candles = candles
        self.retries = retries
        self.waited = waited
    }

    /// Both fetches together (several studies filling one cache).
    public func adding(_ other: FetchStatistics) -> FetchStatistics {
        FetchStatistics(requests: requests + other.requests, pages: pages + other.pages, candles: candles + other.candles,
                        retries: retries + other.retries, waited: waited + other.waited)
    }
}
