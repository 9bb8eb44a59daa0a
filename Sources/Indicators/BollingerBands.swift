/// Bollinger bands, see ``Indicator/bollinger(_:period:deviations:)``. All arrays have
/// one value per candle and share the same first defined index.
public struct BollingerBands: Sendable, Equatable {
    /// `middle + deviations * std`.
    public let upper: [Double]
    /// The simple moving average of closes.
    public let middle: [Double]
    /// `middle - deviations * std`.
    public let lower: [Double]
}

extension Indicator {
    /// Bollinger bands: a simple moving average and bands `deviations` population
    /// standard deviations above and below it.
    ///
    /// Over the window `w = closes[i - p + 1 ... i]`:
    /// `middle = mean(w)`, `std = sqrt(mean(w²) - mean(w)²)` (population, ddof 0),
    /// `upper = middle + k * std`, `lower = middle - k * std`.
    ///
    /// The sums are taken of values minus a shift (a recent close, reset every `p`
    /// candles when the sums are recomputed exactly), which avoids the cancellation of
    /// `mean(w²) - mean(w)²` at price levels like 40,000 and any drift on long series.
    /// A flat window has `std = 0` and all three bands equal.
    ///
    /// First defined index: `p - 1`. Fewer than `p` closes give all NaN. Matches
    /// TA-Lib `BBANDS` with an SMA.
    ///
    /// - Parameters:
    ///   - closes: Close prices, oldest first.
    ///   - period: The window length, `p >= 1` (period 1 gives `std = 0`).
    ///   - deviations: The band width `k` in standard deviations (usually 2).
    /// - Returns: Upper, middle and lower bands; NaN before index `p - 1`.
    public static func bollinger(_ closes: [Double], period: Int, deviations: Double) -> BollingerBands {
        precondition(period >= 1, "Bollinger period must be at least 1, got \(period)")
        let moments = rollingMoments(closes, period: period)
        var upper = [Double](repeating: .nan, count: closes.count)
        var lower = [Double](repeating: .nan, count: closes.count)
        for index in closes.indices where !moments.mean[index].isNaN {
            let width = deviations * moments.deviation[index]
            upper[index] = moments.mean[index] + width
            lower[index] = moments.mean[index] - width
        }
        return BollingerBands(upper: upper, middle: moments.mean, lower: lower)
    }

    /// The mean and the population standard deviation of the last `period` values, current
    /// included: `mean = Σw / p`, `σ = √(Σw² / p − mean²)` over the window `w`.
    ///
    /// The sums are taken of values minus a shift (a recent value, reset every `p` values when
    /// the sums are recomputed exactly), which avoids the cancellation of `mean(w²) − mean(w)²`
    /// at price levels like 40,000 and any drift on long series. First defined index `p − 1`.
    /// Matches TA-Lib `SMA` and `STDDEV` (nbdev 1).
    public static func rollingMoments(_ values: [Double], period: Int) -> (mean: [Double], deviation: [Double]) {
        precondition(period >= 1, "period must be at least 1, got \(period)")
        let count = values.count
        var mean = [Double](repeating: .nan, count: count)
        var deviation = [Double](repeating: .nan, count: count)
        guard count >= period else { return (mean, deviation) }

        let p = Double(period)
        var shift = 0.0
        var sum = 0.0
        var sumOfSquares = 0.0
        for index in (period - 1)..<count {
            if isResumIndex(index, period: period) {
                shift = values[index]
                sum = 0
                sumOfSquares = 0
                for windowIndex in (index - period + 1)...index {
                    let offset = values[windowIndex] - shift
                    sum += offset
                    sumOfSquares += offset * offset
                }
            } else {
                let entering = values[index] - shift
                let leaving = values[index - period] - shift
                sum += entering - leaving
                sumOfSquares += entering * entering - leaving * leaving
            }
            let shiftedMean = sum / p
            deviation[index] = max(0, sumOfSquares / p - shiftedMean * shiftedMean).squareRoot()
            mean[index] = shift + shiftedMean
        }
        return (mean, deviation)
    }
}
