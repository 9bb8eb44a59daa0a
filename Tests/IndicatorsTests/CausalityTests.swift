import Indicators
import Testing

/// Every indicator, on a prefix `[0 ... i]`, must give the values the full series gives
/// at indices `<= i`: nothing may look ahead.
struct CausalityTests {
    static func allIndicators(_ candles: RandomCandles, upTo end: Int) -> [String: [Double]] {
        let o = Array(candles.opens[...end]), h = Array(candles.highs[...end])
        let l = Array(candles.lows[...end]), c = Array(candles.closes[...end])
        let v = Array(candles.volumes[...end])
        let macd = Indicator.macd(c, fast: 12, slow: 26, signal: 9)
        let bands = Indicator.bollinger(c, period: 20, deviations: 2)
        let movement = Indicator.directionalMovement(highs: h, lows: l, closes: c, period: 14)
        let heikinAshi = Indicator.heikinAshi(opens: o, highs: h, lows: l, closes: c)
        return [
            "rsi": Indicator.rsi(c, period: 14),
            "atr": Indicator.atr(highs: h, lows: l, closes: c, period: 14),
            "trueRange": Indicator.trueRange(highs: h, lows: l, closes: c),
            "sma": Indicator.sma(c, period: 20),
            "ema": Indicator.ema(c, period: 21),
            "emaOfMacdLine": Indicator.ema(macd.line, period: 5),
            "macd": macd.line, "macdSignal": macd.signal, "macdHistogram": macd.histogram,
            "bollingerUpper": bands.upper, "bollingerMiddle": bands.middle, "bollingerLower": bands.lower,
            "adx": movement.adx, "plusDI": movement.plusDI, "minusDI": movement.minusDI,
            "haOpen": heikinAshi.open, "haHigh": heikinAshi.high, "haLow": heikinAshi.low, "haClose": heikinAshi.close,
            "volumeTrend": Indicator.volumeTrend(v, period: 20),
            "highest": Indicator.highest(h, period: 20),
            "lowest": Indicator.lowest(l, period: 20),
        ]
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func prefixGivesTheSameValuesAsTheFullSeries(seed: UInt64) {
        let candles = RandomCandles(count: 400, seed: seed)
        let full = Self.allIndicators(candles, upTo: candles.closes.count - 1)
        #expect(full.count == 22)
        for end in [0, 1, 13, 14, 19, 26, 27, 33, 34, 57, 150, 398] {
            let prefix = Self.allIndicators(candles, upTo: end)
            for (name, values) in prefix {
                #expect(values.count == end + 1, "\(name)")
                expectSeries(values, Array(full[name]![...end]), relative: 0, absolute: 0)
            }
        }
    }
}
