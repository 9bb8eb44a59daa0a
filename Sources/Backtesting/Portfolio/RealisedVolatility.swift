/// A symbol's annualised realised volatility, percent, at each of its candles: what
/// volatility sizing divides its target by (docs/portfolio.md, "Sizing").
///
/// `σ[i] = 100 × s × √(trading days a year)`, `s` the sample standard deviation (`n − 1`) of
/// the last `lookback` daily returns `c_d / c_{d−1} − 1`, `c_d` the symbol's close at the end of
/// its trading day `d` (its calendar's session; a UTC day on `24/7`), taken at the last day
/// ended at or before candle `i`. NaN until `lookback + 1` day-end closes exist.
enum RealisedVolatility {
    static func column(context: SeriesContext, lookback: Int) -> [Double] {
        context.indicator(IndicatorKey("portfolio.volatility", Double(lookback))) { series in
            var values = [Double](repeating: .nan, count: series.count)
            guard lookback >= 2 else { return values }
            let annualisation = context.tradingDaysPerYear.squareRoot() * 100
            var dayCloses: [Double] = []
            var current = Double.nan
            for index in 0..<series.count {
                if context.isLastCandleOfSession[index] {
                    dayCloses.append(series.closes[index])
                    if dayCloses.count > lookback {
                        var mean = 0.0
                        let first = dayCloses.count - lookback
                        for day in first..<dayCloses.count { mean += dayCloses[day] / dayCloses[day - 1] - 1 }
                        mean /= Double(lookback)
                        var squares = 0.0
                        for day in first..<dayCloses.count {
                            let deviation = dayCloses[day] / dayCloses[day - 1] - 1 - mean
                            squares += deviation * deviation
                        }
                        current = (squares / Double(lookback - 1)).squareRoot() * annualisation
                    }
                }
                values[index] = current
            }
            return values
        }
    }
}
