extension Indicator {
    /// The stochastic oscillator, as TA-Lib's `STOCH` with simple moving averages.
    ///
    /// `fast %K[i] = 100 × (close[i] − LL) / (HH − LL)` with `HH`, `LL` the highest high and
    /// lowest low of the last `kPeriod` candles (0 when `HH = LL`, as TA-Lib); `%K` is the SMA of
    /// fast %K over `smoothing` candles, `%D` the SMA of `%K` over `dPeriod`.
    ///
    /// First defined index: `%K` at `kPeriod + smoothing − 2`, `%D` at `kPeriod + smoothing +
    /// dPeriod − 3` (TA-Lib starts both at the later one; the values agree from there).
    public static func stochastic(highs: [Double], lows: [Double], closes: [Double], kPeriod: Int, smoothing: Int,
                                  dPeriod: Int) -> (k: [Double], d: [Double]) {
        precondition(kPeriod >= 1 && smoothing >= 1 && dPeriod >= 1, "stochastic periods must be at least 1")
        let highest = highest(highs, period: kPeriod), lowest = lowest(lows, period: kPeriod)
        var fast = [Double](repeating: .nan, count: closes.count)
        for index in closes.indices where !highest[index].isNaN {
            let range = highest[index] - lowest[index]
            fast[index] = range != 0 ? (closes[index] - lowest[index]) / range * 100 : 0
        }
        let k = smaOfDefined(fast, period: smoothing)
        return (k, smaOfDefined(k, period: dPeriod))
    }

    /// The commodity channel index, as TA-Lib's `CCI`: with `TP = (high + low + close) / 3`,
    /// `CCI = (TP − SMA(TP, n)) / (0.015 × MD)`, `MD` the mean absolute deviation of the last `n`
    /// TPs from their mean; 0 when `MD = 0`. First defined index `n − 1`.
    public static func cci(highs: [Double], lows: [Double], closes: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "CCI period must be at least 1, got \(period)")
        var typical = [Double](repeating: 0, count: closes.count)
        for index in closes.indices { typical[index] = (highs[index] + lows[index] + closes[index]) / 3 }
        let mean = sma(typical, period: period)
        var output = [Double](repeating: .nan, count: typical.count)
        for index in typical.indices where !mean[index].isNaN {
            var deviation = 0.0
            for window in (index - period + 1)...index { deviation += abs(typical[window] - mean[index]) }
            deviation /= Double(period)
            output[index] = deviation != 0 ? (typical[index] - mean[index]) / (0.015 * deviation) : 0
        }
        return output
    }

    /// On-balance volume, as TA-Lib's `OBV`: `OBV[0] = volume[0]`, then the volume is added
    /// when the close rises, subtracted when it falls, and nothing changes when it is equal.
    /// Defined from the first candle.
    public static func obv(closes: [Double], volumes: [Double]) -> [Double] {
        guard let first = volumes.first else { return [] }
        var output = [first]
        output.reserveCapacity(closes.count)
        for index in closes.indices.dropFirst() {
            let change = closes[index] > closes[index - 1] ? volumes[index] : closes[index] < closes[index - 1] ? -volumes[index] : 0
            output.append(output[index - 1] + change)
        }
        return output
    }

    /// Rate of change in percent, as TA-Lib's `ROC`: `(x[i] / x[i − n] − 1) × 100`; 0 when
    /// `x[i − n]` is 0. First defined index `n` (after the first defined value of `x`).
    public static func roc(_ values: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "ROC period must be at least 1, got \(period)")
        var output = [Double](repeating: .nan, count: values.count)
        for index in values.indices where index >= period && !values[index].isNaN && !values[index - period].isNaN {
            let previous = values[index - period]
            output[index] = previous != 0 ? (values[index] / previous - 1) * 100 : 0
        }
        return output
    }

    /// The percent rank of the current value among the `n` before it: `100 × #{j in [i − n,
    /// i − 1] : x[j] < x[i]} / n`, 0 to 100. First defined index `n` (after `x`'s first value).
    public static func percentRank(_ values: [Double], period: Int) -> [Double] {
        precondition(period >= 1, "percent rank period must be at least 1, got \(period)")
        var output = [Double](repeating: .nan, count: values.count)
        for index in values.indices where index >= period && !values[index].isNaN {
            var below = 0
            var defined = true
            for previous in (index - period)..<index {
                if values[previous].isNaN { defined = false; break }
                if values[previous] < values[index] { below += 1 }
            }
            if defined { output[index] = Double(below) / Double(period) * 100 }
        }
        return output
    }

    /// The standard score: `(x − SMA(x, n)) / σ(x, n)` with the population standard deviation
    /// (``rollingMoments(_:period:)``); NaN when `σ = 0`. First defined index `n − 1`.
    public static func zscore(_ values: [Double], period: Int) -> [Double] {
        let moments = rollingMoments(values, period: period)
        return values.indices.map { index in
            let deviation = moments.deviation[index]
            return deviation > 0 ? (values[index] - moments.mean[index]) / deviation : .nan
        }
    }

    /// An SMA of a series whose first values are undefined: NaN until `period` defined values.
    static func smaOfDefined(_ values: [Double], period: Int) -> [Double] {
        guard let first = values.firstIndex(where: { !$0.isNaN }) else { return values }
        return [Double](repeating: .nan, count: first) + sma(Array(values[first...]), period: period)
    }
}
