import MarketData

extension CandleSeries {
    /// The same candles up to `cut`, and a wildly different market after it (opens ×1.5,
    /// closes ×0.8, volumes ×9, highs and lows widened and kept around open and close): what a
    /// strategy decides at candles `<= cut` must not change (the no-look-ahead tests).
    public func rewritingTheFuture(after cut: Int) -> CandleSeries {
        var altered = self
        for index in (cut + 1)..<count {
            altered.opens[index] *= 1.5
            altered.closes[index] *= 0.8
            altered.volumes[index] *= 9
            altered.highs[index] = Swift.max(altered.highs[index] * 1.6, altered.opens[index], altered.closes[index])
            altered.lows[index] = Swift.min(altered.lows[index] * 0.7, altered.opens[index], altered.closes[index])
        }
        return altered
    }
}
