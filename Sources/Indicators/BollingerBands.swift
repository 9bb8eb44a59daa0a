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
        let count = closes.count
        var upper = [Double](repeating: .nan, count: count)
        var middle = [Double](repeating: .nan, count: count)
        var lower = [Double](repeating: .nan, count: count)
        guard count >= period else { return BollingerBands(upper: upper, middle: middle, lower: lower) }

        let p = Double(period)
        var shift = 0.0
        var sum = 0.0
        var sumOfSquares = 0.0
        for index in (period - 1)..<count {
            if isResumIndex(index, period: period) {
                shift = closes[index]
                sum = 0
                sumOfSquares = 0
                for windowIndex in (index - period + 1)...index {
                    let deviation = closes[windowIndex] - shift
                    sum += deviation
                    sumOfSquares += deviation * deviation
                }
            } else {
                let entering = closes[index] - shift
                let leaving = closes[index - period] - shift
                sum += entering - leaving
                sumOfSquares += entering * entering - leaving * leaving
            }
            let shiftedMean = sum / p
            let variance = max(0, sumOfSquares / p - shiftedMean * shiftedMean)
            let width = deviations * variance.squareRoot()
            let mean = shift + shiftedMean
            middle[index] = mean
            upper[index] = mean + width
            lower[index] = mean - width
        }
        return BollingerBands(upper: upper, middle: middle, lower: lower)
    }
}
