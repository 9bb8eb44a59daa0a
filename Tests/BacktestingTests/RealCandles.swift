import CandleImport
import MarketData
import TestSupport

/// BTCUSDT 5m candles of 2024 from `../shared/data`, loaded once per test process.
enum RealCandles {
    static let year2024: CandleSeries? = {
        guard SharedData.hasKlines else { return nil }
        return try? CandleImporter.load(paths: SharedData.klineFiles2024.map(\.path), symbol: "BTCUSDT", timeframe: .fiveMinutes)
    }()
}
