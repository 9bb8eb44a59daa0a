import Foundation
import MarketData
import TestSupport

/// A study over csv candles with a hole in them: windows over the hole fail, the others complete.
enum HoleStudy {
    /// 1h synthetic candles for 2023 as a generic CSV without `[holeFrom, holeTo)`, and a
    /// 90/30/30 study over them (`hole.yaml`, with `extra` lines appended).
    static func folder(from holeFrom: Int64, to holeTo: Int64, extra: String = "") throws -> URL {
        let folder = try CommandRunner.temporaryFolder()
        try writeCandles(into: folder, without: holeFrom..<holeTo)
        let study = """
            name: Hole
            symbols: [BTCUSDT]
            timeframe: 1h
            start_date: 2023-01-01
            end_date: 2024-01-01
            training_window_days: 90
            testing_window_days: 30
            step_days: 30
            parameter_ranges: {rsi_period: [7, 14], rsi_oversold: [25, 30], rsi_overbought: [70, 75]}
            min_trades: 1
            data: {source: csv, path: candles.csv\(extra)}
            """
        try study.write(to: folder.appendingPathComponent("hole.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// 1h synthetic candles (seed 5) from 2022-12-01 to 2024-01-01 as `candles.csv` in `folder`,
    /// without those opening in `hole` (an empty range: every candle).
    static func writeCandles(into folder: URL, without hole: Range<Int64>) throws {
        let series = SyntheticMarket(seed: 5).candles(symbol: "BTCUSDT", timeframe: .oneHour,
                                                      from: UTCTime.milliseconds(year: 2022, month: 12, day: 1),
                                                      to: UTCTime.milliseconds(year: 2024, month: 1, day: 1))
        var csv = "timestamp,open,high,low,close,volume\n"
        for index in series.indices where !hole.contains(series.openTimes[index]) {
            csv += "\(series.openTimes[index]),\(series.opens[index]),\(series.highs[index]),\(series.lows[index]),\(series.closes[index]),\(series.volumes[index])\n"
        }
        try csv.write(to: folder.appendingPathComponent("candles.csv"), atomically: true, encoding: .utf8)
    }
}
