import Backtesting
import CandleImport
import Foundation
import MarketData

// Benchmarks of the engine, run by `make bench` on a release build. Every figure is the
// median of several runs; nothing here asserts a time, it prints them.

let arguments = CommandLine.arguments
let sharedFolder = ProcessInfo.processInfo.environment["WFO_SHARED"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path
let klineFolder = sharedFolder + "/data/binance-spot-klines"
let files2024 = (1...12).map { String(format: "%@/BTCUSDT-5m-2024-%02d.csv", klineFolder, $0) }

/// Runs `body` `repetitions` times and returns the median and minimum wall time in milliseconds.
func measure(_ repetitions: Int, _ body: () throws -> Void) rethrows -> (median: Double, minimum: Double) {
    var times: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<repetitions {
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        times.append(Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15)
    }
    times.sort()
    return (times[times.count / 2], times[0])
}

func row(_ name: String, _ figure: (median: Double, minimum: Double), _ note: String) {
    print(name.padding(toLength: 34, withPad: " ", startingAt: 0)
        + String(format: "%10.2f ms %10.2f ms   ", figure.median, figure.minimum) + note)
}

print("wfo engine benchmarks — \(ProcessInfo.processInfo.activeProcessorCount) cores, release build")
print("benchmark".padding(toLength: 34, withPad: " ", startingAt: 0) + "    median      minimum   notes")

guard FileManager.default.fileExists(atPath: klineFolder) else {
    print("skipped: \(klineFolder) is missing (set WFO_SHARED to the shared folder)")
    exit(0)
}

var series = CandleSeries(symbol: "BTCUSDT", timeframe: .fiveMinutes)
let importFigure = try measure(10) {
    series = try CandleImporter.load(paths: files2024, symbol: "BTCUSDT", timeframe: .fiveMinutes)
}
row("import 2024 CSV (12 files)", importFigure, "\(series.count) candles; target < 150 ms")

let market = try Market(series)
let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(100), feePct: 0.1, slippagePct: 0)
for strategy in StrategyCatalog.all {
    let backtester = try Backtester(strategy: strategy, parameters: ParameterSet(), market: market, settings: settings)
    var trades = 0
    let figure = measure(21) { trades = backtester.summarize(range: 0..<market.count).totalTrades }
    row("backtest \(strategy.name), statistics only", figure, "\(market.count) candles, \(trades) trades; target < 5 ms")
    let recorded = measure(21) { trades = backtester.run(range: 0..<market.count).trades.count }
    row("backtest \(strategy.name), trades and equity", recorded, "\(market.count) candles, \(trades) trades")
}
let bindFigure = measure(11) {
    let context = SeriesContext(series: series)
    _ = try? Backtester(strategy: StrategyCatalog.rsi, parameters: ParameterSet(), market: Market([context]), settings: settings)
}
row("indicators for rsi (RSI 14, ATR 14)", bindFigure, "computed once per series, shared by all combinations")
