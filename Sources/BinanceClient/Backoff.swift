import MarketData

/// The delays between attempts: exponential backoff with jitter.
///
/// Before retry `n` (0 for the first) the ceiling is `min(maxDelay, baseDelay × 2^n)`;
/// the delay is `ceiling × (1 − jitter × u)` with `u` uniform in `[0, 1)`. With the
/// default full jitter (`jitter = 1`) that is uniform in `(0, ceiling]`, which spreads
/// clients that failed together; with `jitter = 0` it is the ceiling itself.
struct Backoff: Sendable {
    let policy: RetryPolicy
    private var seeded: SeededGenerator?

    init(policy: RetryPolicy) {
        self.policy = policy
        self.seeded = policy.jitterSeed.map { SeededGenerator(seed: $0) }
    }

    /// The delay before retry number `retry` (0-based).
    mutating func delay(retry: Int) -> Duration {
        let ceiling = policy.backoffCeiling(retry: retry)
        let jitter = min(max(policy.jitter, 0), 1)
        guard jitter > 0 else { return ceiling }
        let unit: Double
        if var generator = seeded {
            unit = Double.random(in: 0..<1, using: &generator)
            seeded = generator
        } else {
            var system = SystemRandomNumberGenerator()
            unit = Double.random(in: 0..<1, using: &system)
        }
        return ceiling * (1 - jitter * unit)
    }
}
