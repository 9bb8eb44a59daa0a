#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A deterministic, seeded market of realistic candles for demos and tests.
///
/// The market is a pure function of `(seed, symbol, timeframe)`: every candle is
/// generated forward from ``origin``, so the candle at a given time is the same
/// whatever range is asked for. The log price follows a random walk whose
///
/// - volatility clusters (GARCH(1,1): `σ²ₜ = ω + α·ε²ₜ₋₁ + β·σ²ₜ₋₁`, α 0.08, β 0.90,
///   long-run annual volatility 60 %), and whose
/// - drift switches between regimes (a Markov chain of trending up, trending down and
///   ranging, each lasting days to weeks; ranging pulls the price back toward a slowly
///   moving anchor, like an Ornstein–Uhlenbeck process).
///
/// Highs and lows extend beyond the body by half-normal wicks scaled by the current
/// volatility; volume is log-normal and rises with the size of the move. Candles open
/// at the previous close, so there are no gaps between candles.
public struct SyntheticMarket: Sendable {
    /// The first candle of every synthetic series opens at 2020-01-01T00:00Z.
    public static let origin: Int64 = 1_577_836_800_000

    public var seed: UInt64

    public init(seed: UInt64 = 1) {
        self.seed = seed
    }

    /// The candles opening in `[from, to)` (epoch milliseconds, clamped to ``origin``).
    public func candles(symbol: String, timeframe: Timeframe, from: Int64, to: Int64) -> CandleSeries {
        let step = timeframe.milliseconds
        let first = max(from, Self.origin)
        let skip = Int((first - Self.origin + step - 1) / step)
        let end = to > Self.origin ? Int((to - Self.origin + step - 1) / step) : 0
        var series = CandleSeries(symbol: symbol, timeframe: timeframe)
        guard end > skip else { return series }
        series.reserveCapacity(end - skip)
        var walk = Walk(seed: seed ^ stableHash("\(symbol)|\(timeframe.rawValue)"), timeframe: timeframe)
        for index in 0..<end {
            let candle = walk.next(openTime: Self.origin + Int64(index) * step)
            if index >= skip { series.append(candle) }
        }
        return series
    }

    /// The state of one symbol's walk.
    private struct Walk {
        enum Regime { case trendingUp, trendingDown, ranging }

        var random: SeededGenerator
        var price: Double
        var anchor: Double
        var variance: Double
        var lastShock: Double = 0
        var regime: Regime = .ranging
        let longRunVariance: Double
        let candlesPerDay: Double
        let baseVolume: Double

        init(seed: UInt64, timeframe: Timeframe) {
            random = SeededGenerator(seed: seed)
            price = 20_000 + 40_000 * random.nextUnit()
            anchor = price
            candlesPerDay = 86_400 / Double(timeframe.seconds)
            let annualVolatility = 0.6
            longRunVariance = annualVolatility * annualVolatility / (365 * candlesPerDay)
            variance = longRunVariance
            baseVolume = 50 * (Double(timeframe.seconds) / 300).squareRoot() * (0.5 + random.nextUnit())
        }

        mutating func next(openTime: Int64) -> Candle {
            switchRegime()
            let alpha = 0.08, beta = 0.90
            variance = longRunVariance * (1 - alpha - beta) + alpha * lastShock * lastShock + beta * variance
            let sigma = variance.squareRoot()
            let dailySigma = longRunVariance.squareRoot() * candlesPerDay.squareRoot()
            var drift = 0.0
            switch regime {
            case .trendingUp: drift = 0.35 * dailySigma / candlesPerDay
            case .trendingDown: drift = -0.35 * dailySigma / candlesPerDay
            case .ranging: drift = -0.02 * log(price / anchor) * 288 / candlesPerDay
            }
            // Fat tails: a Student-like mix of a normal with an occasional larger shock.
            var shock = random.nextGaussian() * sigma
            if random.nextUnit() < 0.01 { shock *= 3 }
            lastShock = shock
            let open = price
            let close = open * exp(drift + shock)
            let body = abs(shock) + sigma * 0.1
            let high = max(open, close) * exp(abs(random.nextGaussian()) * sigma * 0.6 + body * 0.05)
            let low = min(open, close) * exp(-abs(random.nextGaussian()) * sigma * 0.6 - body * 0.05)
            let surprise = abs(shock) / max(longRunVariance.squareRoot(), 1e-12)
            let volume = baseVolume * exp(0.5 * random.nextGaussian()) * (0.6 + 0.4 * surprise)
            price = close
            anchor += (price - anchor) * (1 / (candlesPerDay * 20))
            return Candle(openTime: openTime, open: open, high: high, low: low, close: close,
                          volume: (volume * 1e5).rounded() / 1e5)
        }

        /// Regimes last on average about 8 days (trending) and 12 days (ranging).
        mutating func switchRegime() {
            let meanDays: Double = regime == .ranging ? 12 : 8
            guard random.nextUnit() < 1 / (meanDays * candlesPerDay) else { return }
            let draw = random.nextUnit()
            switch regime {
            case .ranging: regime = draw < 0.5 ? .trendingUp : .trendingDown
            case .trendingUp, .trendingDown:
                regime = draw < 0.6 ? .ranging : (regime == .trendingUp ? .trendingDown : .trendingUp)
                if regime == .ranging { anchor = price }
            }
        }
    }
}
