/// How ``BinanceKlinesClient`` paces its requests and rides out faults.
///
/// The defaults suit Binance's public API: 6 attempts per page, backoff from 0.5 s
/// doubling to at most 30 s with full jitter, waiting out a `Retry-After` of up to
/// 2 minutes, 30 s without an answer counts as a timeout, and at most 80 % of the
/// 6,000-per-minute request weight used.
///
/// ```swift
/// var policy = RetryPolicy()
/// policy.requestTimeout = .seconds(1)      // tests: fail fast
/// policy.weightLimitPerMinute = 40         // tests: make pacing visible
/// let client = BinanceKlinesClient(baseURL: server.baseURL, policy: policy, sleeper: recorder)
/// ```
public struct RetryPolicy: Sendable {
    /// Attempts per page, the first included, before the fetch gives up
    /// (every failed attempt counts: 5xx, timeouts, dropped connections, malformed
    /// bodies and 429/418 answers alike).
    public var maxAttempts = 6
    /// The backoff before the first retry; it doubles with each further retry.
    public var baseDelay: Duration = .milliseconds(500)
    /// The longest backoff between two attempts.
    public var maxDelay: Duration = .seconds(30)
    /// The longest `Retry-After` (429/418) the client waits out; a longer one is
    /// ``BinanceError/banned(status:seconds:url:)``.
    public var retryAfterCap: Duration = .seconds(120)
    /// How long a request may take before it is a timeout (retried); whole seconds, at
    /// least 1 (fractions are rounded up, as Linux's URLSession ignores them).
    public var requestTimeout: Duration = .seconds(30)
    /// Binance's request-weight limit per minute for one IP (`REQUEST_WEIGHT` in
    /// `exchangeInfo`); a klines call weighs 2.
    public var weightLimitPerMinute = 6000
    /// The share of ``weightLimitPerMinute`` this client allows itself, leaving room
    /// for other programs on the same IP.
    public var weightBudgetShare = 0.8
    /// The share of each backoff drawn at random: 1 is "full jitter" (a delay uniform in
    /// `(0, cap]`), 0 is no jitter (exactly `min(maxDelay, baseDelay × 2^retry)`).
    public var jitter = 1.0
    /// Seeds the jitter for reproducible delays; nil draws from the system's generator.
    public var jitterSeed: UInt64?

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
                retryAfterCap: Duration = .seconds(120), requestTimeout: Duration = .seconds(30),
                weightLimitPerMinute: Int = 6000, weightBudgetShare: Double = 0.8,
                jitter: Double = 1.0, jitterSeed: UInt64? = nil) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryAfterCap = retryAfterCap
        self.requestTimeout = requestTimeout
        self.weightLimitPerMinute = weightLimitPerMinute
        self.weightBudgetShare = weightBudgetShare
        self.jitter = jitter
        self.jitterSeed = jitterSeed
    }

    /// The request weight the client allows itself per minute:
    /// `⌊weightBudgetShare × weightLimitPerMinute⌋`.
    public var weightBudget: Int {
        Int((weightBudgetShare * Double(weightLimitPerMinute)).rounded(.down))
    }

    /// The backoff ceiling before retry number `retry` (0 for the first retry):
    /// `min(maxDelay, baseDelay × 2^retry)`.
    public func backoffCeiling(retry: Int) -> Duration {
        let doubled = baseDelay * (1 << min(max(retry, 0), 40))
        return doubled > maxDelay ? maxDelay : doubled
    }
}
