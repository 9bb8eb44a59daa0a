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
///   long-run annual volatility 60 %),
/// - shocks have fat tails (1 % of them are three times larger, the mix scaled so that
///   its variance stays σ²ₜ),
/// - drift switches between regimes: a Markov chain of trending up and trending down
///   (mean 8 days, drift ±0.35 daily σ a day) and ranging (mean 12 days, pulled back
///   toward a slowly moving anchor with a half-life of 1 day, like an Ornstein–Uhlenbeck
///   process); a trend ends in a range (60 %) or turns around (40 %), and
/// - trends lean back toward the first price `p₀`: a trend starts upward with probability
///   `½ − ½·tanh(ln(p / p₀) / 1.5)`, so over years the price cycles in a band around
///   where it started instead of wandering off toward 0 or 100×.
///
/// Rates are per day and converted exactly to each timeframe, so 1m to 1w candles show
/// the same market. Highs and lows extend beyond the body by half-normal wicks scaled by
/// the current volatility; volume is log-normal and rises with the size of the move.
/// Candles open at the previous close, so there are no gaps between candles. Weekly
/// candles open on Mondays, as Binance's do (the first on 2020-01-06).
///
/// ```swift
/// let series = SyntheticMarket(seed: 1).candles(
///     symbol: "BTCUSDT", timeframe: .oneHour,
///     from: UTCTime.milliseconds(year: 2021, month: 1, day: 1),
///     to: UTCTime.milliseconds(year: 2022, month: 1, day: 1))
/// ```
public struct SyntheticMarket: Sendable {
    /// The first candle of every synthetic series opens at 2020-01-01T00:00Z (weekly
    /// candles: the first Monday after it, 2020-01-06T00:00Z).
    public static let origin: Int64 = 1_577_836_800_000

    public var seed: UInt64

    public init(seed: UInt64 = 1) {
        self.seed = seed
    }

    /// The candles opening in `[from, to)` (epoch milliseconds, clamped to ``origin``).
    public func candles(symbol: String, timeframe: Timeframe, from: Int64, to: Int64) -> CandleSeries {
        let step = timeframe.milliseconds
        let start = Self.firstOpenTime(timeframe)
        let first = max(from, start)
        let skip = Int((first - start + step - 1) / step)
        let end = to > start ? Int((to - start + step - 1) / step) : 0
        var series = CandleSeries(symbol: symbol, timeframe: timeframe)
        guard end > skip else { return series }
        series.reserveCapacity(end - skip)
        var walk = Walk(seed: seed ^ stableHash("\(symbol)|\(timeframe.rawValue)"), timeframe: timeframe)
        for index in 0..<end {
            let candle = walk.next(openTime: start + Int64(index) * step)
            if index >= skip { series.append(candle) }
        }
        return series
    }

    /// ``origin``, or for weekly candles the first Monday 00:00 UTC at or after it.
    private static func firstOpenTime(_ timeframe: Timeframe) -> Int64 {
        guard timeframe == .oneWeek else { return origin }
        // Day 4 since 1970-01-01 (a Thursday) is Monday 1970-01-05.
        let daysPastMonday = (UTCTime.day(ofMilliseconds: origin) - 4) % 7
        return origin + (daysPastMonday == 0 ? 0 : 7 - daysPastMonday) * UTCTime.millisecondsPerDay
    }

    /// The state of one symbol's walk. Rates are per day and turned into per-candle
    /// probabilities and fractions exactly (`1 − e^(−rate·Δt)`), so that every timeframe
    /// is stable: a per-candle pull can never overshoot, however long the candle.
    private struct Walk {
        enum Regime { case trendingUp, trendingDown, ranging }

        static let annualVolatility = 0.6
        static let alpha = 0.08, beta = 0.90
        static let jumpProbability = 0.01, jumpSize = 3.0
        /// Scales shocks so that the jump mix keeps variance σ²: `1 / √(1 − p + p·k²)`.
        static let jumpNormalization = 1 / (1 - jumpProbability + jumpProbability * jumpSize * jumpSize).squareRoot()
        /// Trend drift a day, in daily standard deviations at the long-run volatility.
        static let trendDriftInDailySigmas = 0.35
        static let rangingHalfLifeDays = 1.0
        static let anchorTimeConstantDays = 20.0
        /// How far (in log price) from the first price the trends lean back hard.
        static let leanScale = 1.5

        var random: SeededGenerator
        var price: Double
        let logFirstPrice: Double
        var logAnchor: Double
        var variance: Double
        var lastShock: Double = 0
        var regime: Regime = .ranging
        let longRunVariance: Double
        let days: Double
        let trendDrift: Double
        let rangingPull: Double
        let anchorFollow: Double
        let baseVolume: Double

        init(seed: UInt64, timeframe: Timeframe) {
            random = SeededGenerator(seed: seed)
            price = 20_000 + 40_000 * random.nextUnit()
            logFirstPrice = log(price)
            logAnchor = logFirstPrice
            days = Double(timeframe.seconds) / 86_400
            longRunVariance = Self.annualVolatility * Self.annualVolatility * days / 365
            variance = longRunVariance
            trendDrift = Self.trendDriftInDailySigmas * Self.annualVolatility / 365.0.squareRoot() * days
            rangingPull = 1 - exp(-log(2) / Self.rangingHalfLifeDays * days)
            anchorFollow = 1 - exp(-days / Self.anchorTimeConstantDays)
            baseVolume = 50 * (Double(timeframe.seconds) / 300).squareRoot() * (0.5 + random.nextUnit())
        }

        mutating func next(openTime: Int64) -> Candle {
            switchRegime()
            variance = longRunVariance * (1 - Self.alpha - Self.beta) + Self.alpha * lastShock * lastShock
                + Self.beta * variance
            let sigma = variance.squareRoot()
            let drift = switch regime {
            case .trendingUp: trendDrift
            case .trendingDown: -trendDrift
            case .ranging: -rangingPull * (log(price) - logAnchor)
            }
            var shock = random.nextGaussian() * sigma * Self.jumpNormalization
            if random.nextUnit() < Self.jumpProbability { shock *= Self.jumpSize }
            lastShock = shock
            let open = price
            let close = open * exp(drift + shock)
            let body = abs(shock) + sigma * 0.1
            let high = max(open, close) * exp(abs(random.nextGaussian()) * sigma * 0.6 + body * 0.05)
            let low = min(open, close) * exp(-abs(random.nextGaussian()) * sigma * 0.6 - body * 0.05)
            let surprise = abs(shock) / max(longRunVariance.squareRoot(), 1e-12)
            let volume = baseVolume * exp(0.5 * random.nextGaussian()) * (0.6 + 0.4 * surprise)
            price = close
            logAnchor += (log(price) - logAnchor) * anchorFollow
            return Candle(openTime: openTime, open: open, high: high, low: low, close: close,
                          volume: (volume * 1e5).rounded() / 1e5)
        }

        /// Regimes last on average 8 days (trending) and 12 days (ranging).
        mutating func switchRegime() {
            let meanDays: Double = regime == .ranging ? 12 : 8
            guard random.nextUnit() < 1 - exp(-days / meanDays) else { return }
            let draw = random.nextUnit()
            switch regime {
            case .ranging:
                let upProbability = 0.5 - 0.5 * tanh((log(price) - logFirstPrice) / Self.leanScale)
                regime = draw < upProbability ? .trendingUp : .trendingDown
            case .trendingUp, .trendingDown:
                regime = draw < 0.6 ? .ranging : (regime == .trendingUp ? .trendingDown : .trendingUp)
                if regime == .ranging { logAnchor = log(price) }
            }
        }
    }
}
