#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The statistics of a price path that tell a realistic market from a plain random walk.
///
/// Returns are log returns `rₜ = ln(pₜ / pₜ₋₁)`. Used by the realism tests of
/// ``SyntheticMarket``.
enum ReturnStatistics {
    /// Log returns of consecutive closes.
    static func logReturns(_ closes: [Double]) -> [Double] {
        guard closes.count > 1 else { return [] }
        return (1..<closes.count).map { log(closes[$0] / closes[$0 - 1]) }
    }

    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation (divisor n − 1).
    static func standardDeviation(_ values: [Double]) -> Double {
        let average = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Sample autocorrelation at `lag`: `Σ (xₜ − x̄)(xₜ₊ₖ − x̄) / Σ (xₜ − x̄)²`.
    static func autocorrelation(_ values: [Double], lag: Int) -> Double {
        let average = mean(values)
        let centred = values.map { $0 - average }
        let denominator = centred.reduce(0) { $0 + $1 * $1 }
        var numerator = 0.0
        for index in 0..<(centred.count - lag) { numerator += centred[index] * centred[index + lag] }
        return numerator / denominator
    }

    /// Excess kurtosis `m₄ / m₂² − 3` (0 for a normal distribution).
    static func excessKurtosis(_ values: [Double]) -> Double {
        let average = mean(values)
        var m2 = 0.0, m4 = 0.0
        for value in values {
            let square = (value - average) * (value - average)
            m2 += square
            m4 += square * square
        }
        m2 /= Double(values.count)
        m4 /= Double(values.count)
        return m4 / (m2 * m2) - 3
    }

    /// Every `stride`-th close, starting with the first: e.g. daily closes of hourly candles.
    static func everyNth(_ values: [Double], _ stride: Int) -> [Double] {
        Swift.stride(from: stride - 1, to: values.count, by: stride).map { values[$0] }
    }

    /// Annualized volatility (fraction) of daily closes: `σ(daily log returns) · √365`.
    static func annualizedVolatility(dailyCloses: [Double]) -> Double {
        standardDeviation(logReturns(dailyCloses)) * 365.0.squareRoot()
    }

    /// The largest rise and the largest fall (fractions) over any `days`-day window of
    /// daily closes: `max pₜ₊ₖ / pₜ − 1` and `min pₜ₊ₖ / pₜ − 1`.
    static func extremeMoves(dailyCloses: [Double], days: Int) -> (up: Double, down: Double) {
        var up = -Double.infinity, down = Double.infinity
        for index in 0..<(dailyCloses.count - days) {
            let move = dailyCloses[index + days] / dailyCloses[index] - 1
            up = max(up, move)
            down = min(down, move)
        }
        return (up, down)
    }
}
