import MarketData

/// Small hand-made candles for the series, validation and gap tests.
enum Fixture {
    /// 2024-01-01T00:00:00Z, a Monday.
    static let start: Int64 = 1_704_067_200_000

    /// A sound candle: open 100, high 110, low 90, close 105, volume 10.
    static func candle(at openTime: Int64, open: Double = 100, high: Double = 110, low: Double = 90,
                       close: Double = 105, volume: Double = 10) -> Candle {
        Candle(openTime: openTime, open: open, high: high, low: low, close: close, volume: volume)
    }

    /// Sound BTCUSDT candles opening at `start + step · interval` for each step, e.g.
    /// `[0, 1, 5]` leaves a hole of three candles after the second.
    static func series(steps: some Sequence<Int64>, timeframe: Timeframe = .fiveMinutes) -> CandleSeries {
        let interval = timeframe.milliseconds
        return CandleSeries(symbol: "BTCUSDT", timeframe: timeframe,
                            candles: steps.map { candle(at: start + $0 * interval) })
    }

    /// `count` consecutive sound candles from ``start``.
    static func series(count: Int, timeframe: Timeframe = .fiveMinutes) -> CandleSeries {
        series(steps: 0..<Int64(count), timeframe: timeframe)
    }
}
