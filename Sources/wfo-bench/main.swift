import Backtesting
import CandleImport
import Foundation
import MarketData
import Reporting
import RunRecords
import Storage
import StudyFile
import StudyRunner
import WalkForward

// Benchmarks of the engine, run by `make bench` on a release build. Every figure is the
// median of several runs; nothing here asserts a time, it prints them.

/// `wfo-bench [section ...]` runs the named sections only (for profiling one of them):
/// backtest, study, report, sweep, load, scaling, rules, filters, portfolio, and search (only when named:
/// it takes minutes). Import always runs: the others need its candles.
let requestedSections = Set(CommandLine.arguments.dropFirst())
func wanted(_ section: String) -> Bool { requestedSections.isEmpty || requestedSections.contains(section) }
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
    print(name.padding(toLength: 44, withPad: " ", startingAt: 0)
        + String(format: "%10.2f ms %10.2f ms   ", figure.median, figure.minimum) + note)
}

print("wfo engine benchmarks — \(ProcessInfo.processInfo.activeProcessorCount) cores, release build")
print("benchmark".padding(toLength: 44, withPad: " ", startingAt: 0) + "    median      minimum   notes")

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
for strategy in StrategyDefinition.builtIns where wanted("backtest") {
    let backtester = try Backtester(strategy: strategy, parameters: ParameterSet(), market: market, settings: settings)
    var trades = 0
    let figure = measure(21) { trades = backtester.summarize(range: 0..<market.count).totalTrades }
    row("backtest \(strategy.name), statistics only", figure,
        "\(market.count) candles, \(trades) trades" + (strategy.name == "rsi" ? "; target < 5 ms" : ""))
    let recorded = measure(21) { trades = backtester.run(range: 0..<market.count).trades.count }
    row("backtest \(strategy.name), trades and equity", recorded, "\(market.count) candles, \(trades) trades")
}
if wanted("backtest") {
    let bindFigure = measure(11) {
        let context = SeriesContext(series: series)
        _ = try? Backtester(strategy: StrategyDefinition.rsi, parameters: ParameterSet(), market: Market([context]), settings: settings)
    }
    row("indicators for rsi (RSI 14, ATR 14)", bindFigure, "computed once per series, shared by all combinations")
}

// The original study (27 combinations × 9 windows on the 2024 candles, from the CSV files)
// into a fresh database, and the rendering of its report.
let studyText = """
    name: BTC Strategy Test
    symbols: [BTCUSDT]
    timeframe: 5m
    start_date: 2024-01-01T00:00:00Z
    end_date: 2024-12-31T23:59:59Z
    training_window_days: 90
    testing_window_days: 30
    step_days: 30
    parameter_ranges: {rsi_period: [7, 14, 21], rsi_oversold: [20, 25, 30], rsi_overbought: [70, 75, 80]}
    initial_capital: 10000
    position_size: 100
    data: {source: csv, path: \(klineFolder)}
    """
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wfo-bench-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }
var runIndex = 0
var database: WFODatabase?
let jobs = ProcessInfo.processInfo.activeProcessorCount
if wanted("study") || wanted("report") {
    let studyFigure = try measure(5) {
        runIndex += 1
        let opened = try WFODatabase(path: scratch.appendingPathComponent("study-\(runIndex).sqlite").path)
        let runner = StudyRunner(database: opened, jobs: jobs, version: "bench")
        _ = try runner.run(try StudyRunner.check(try StudyParser.parse(studyText, path: scratch.appendingPathComponent("study.yaml").path)))
        database = opened
    }
    row("original study in-process (load+run+store)", studyFigure, "9 windows × 27 combinations, --jobs \(jobs)")
    if let database {
        let generator = ReportGenerator(database: database, outputFolder: scratch.appendingPathComponent("site").path, version: "bench")
        let reportFigure = try measure(11) {
            try? FileManager.default.removeItem(at: scratch.appendingPathComponent("site"))
            try generator.renderRun(id: 1)
        }
        row("report of one run (9 windows)", reportFigure, "index.html, report.md, 17 SVGs, 2 CSVs; target <= 150 ms")
    }
    if let database {
        let loadFigure = try measure(11) { _ = try ReportData(database: database, runID: 1) }
        row("  of which reading the run", loadFigure, "windows, trials, trades, curves")
    }
}

// Sweep: a 1,000-combination random search of rsi over the whole year, in candle-evaluations
// per second (candles × combinations / seconds), on 1 and on all cores.
if wanted("sweep") {
    let sweepSpace = ParameterSpace([
        .init(name: "rsi_period", values: (2...60).map { .number(Double($0)) }),
        .init(name: "rsi_oversold", values: stride(from: 10.0, through: 40, by: 2.5).map { .number($0) }),
        .init(name: "rsi_overbought", values: stride(from: 60.0, through: 90, by: 2.5).map { .number($0) }),
    ])
    let sweepCombinations = try sweepSpace.random(count: 1_000, seed: 1).map {
        Combination(searched: $0, backtester: try Backtester(strategy: StrategyDefinition.rsi, parameters: $0, market: market, settings: settings))
    }
    var sweepRates: [Int: Double] = [:]
    for workers in Array(Set([1, jobs])).sorted() {
        let figure = measure(5) {
            _ = Optimizer.evaluate(sweepCombinations, range: 0..<market.count, settings: SearchSettings(objective: .score, minimumTrades: 10, jobs: workers))
        }
        let rate = Double(market.count) * Double(sweepCombinations.count) / (figure.median / 1_000)
        sweepRates[workers] = rate
        row("sweep 1,000 combinations, \(workers) job\(workers == 1 ? "" : "s")", figure,
            String(format: "%.0f M candle-evaluations/s (%.0f M per core); target 150 M per core", rate / 1e6, rate / 1e6 / Double(workers)))
    }
    if let one = sweepRates[1], let all = sweepRates[jobs], jobs > 1 {
        print(String(format: "jobs: --jobs %d is %.2fx --jobs 1 on the sweep (target 1.7x)", jobs, all / one))
    }
}

// Load: the 2024 candles from the candle cache.
if wanted("load") {
    let cache = try WFODatabase(path: scratch.appendingPathComponent("cache.sqlite").path)
    try cache.upsert(series)
    var loaded = 0
    let loadFigure = try measure(10) {
        loaded = try cache.candles(symbol: "BTCUSDT", timeframe: .fiveMinutes, from: 0, to: .max).count
    }
    row("load 2024 from the candle cache", loadFigure, "\(loaded) candles; target < 40 ms")
}

// Scaling: the walk-forward search itself (bind every combination, optimize every window,
// replay the winner in and out of sample), in-process on the synthetic market, so the fixed
// costs of a process (start, generating the market, storing) do not hide the shape. One job.
// Candles scale with the window lengths (90/30/30 days over 1 year, 180/60/60 over 2, 360/120/120
// over 4: always 9 windows); combinations scale with the number of rsi_oversold values between
// 20 and 30 (3, 30, 300) over rsi_period [7, 14, 21] × rsi_overbought [70, 75, 80], so every
// case trades alike and only the amount of work changes. "search" times the optimizer alone
// (every combination on every training period); "window" adds binding the combinations
// (indicators) and replaying each winner in and out of sample, which do not grow with them.
if wanted("scaling") {
    let synthetic = SyntheticMarket(seed: 1)
    let first = UTCTime.milliseconds(year: 2021, month: 1, day: 1)
    let warmUp = Int64(500) * Timeframe.fiveMinutes.milliseconds
    let fourYears = synthetic.candles(symbol: "BTCUSDT", timeframe: .fiveMinutes, from: first - warmUp,
                                      to: UTCTime.milliseconds(year: 2025, month: 1, day: 1))
    func search(scale: Int, oversoldValues: Int) throws -> (milliseconds: Double, searchMilliseconds: Double, windows: Int,
                                                           candleEvaluations: Double) {
        let end = UTCTime.milliseconds(year: 2021 + scale, month: 1, day: 1)
        let series = fourYears.slice(fromTime: first - warmUp, toTime: end)
        let windows = try WindowLayout(start: first, end: end, trainingDays: 90 * scale, testingDays: 30 * scale,
                                       stepDays: 30 * scale).windows()
        let oversold = (0..<oversoldValues).map { 20 + 10 * Double($0) / Double(oversoldValues - 1) }
        let space = ParameterSpace([
            .init(name: "rsi_period", values: [7, 14, 21].map { .number($0) }),
            .init(name: "rsi_oversold", values: oversold.map { .number($0) }),
            .init(name: "rsi_overbought", values: [70, 75, 80].map { .number($0) }),
        ])
        let searchMarket = try Market(series)
        let searchCombinations = try space.grid().map {
            Combination(searched: $0, backtester: try Backtester(strategy: StrategyDefinition.rsi, parameters: $0,
                                                                 market: searchMarket, settings: settings))
        }
        var evaluations = 0.0
        let searchFigure = measure(3) {
            evaluations = 0
            for window in windows {
                let training = series.indexRange(fromTime: window.trainingStart, toTime: window.trainingEnd)
                _ = Optimizer.evaluate(searchCombinations, range: training, settings: SearchSettings(jobs: 1))
                evaluations += Double(training.count) * Double(searchCombinations.count)
            }
        }
        let figure = try measure(3) {
            let market = try Market(series)   // indicators are computed inside the timing
            let combinations = try space.grid().map {
                Combination(searched: $0, backtester: try Backtester(strategy: StrategyDefinition.rsi, parameters: $0,
                                                                     market: market, settings: settings))
            }
            for window in windows {
                _ = try WindowEvaluator.evaluate(window, market: market, combinations: combinations, settings: SearchSettings(jobs: 1))
            }
        }
        return (figure.median, searchFigure.median, windows.count, evaluations)
    }
    print("scaling (in-process, 1 job, synthetic 5m, 9 windows, median of 3)    search      ratio   window (all)  ratio")
    var base = (search: 0.0, window: 0.0)
    func line(_ label: String, _ result: (milliseconds: Double, searchMilliseconds: Double, windows: Int, candleEvaluations: Double)) {
        print(label.padding(toLength: 40, withPad: " ", startingAt: 0)
            + String(format: "%4.0f M/s %10.1f ms %6.2fx %10.1f ms %6.2fx", result.candleEvaluations / result.searchMilliseconds / 1e3,
                     result.searchMilliseconds, result.searchMilliseconds / base.search, result.milliseconds, result.milliseconds / base.window))
    }
    for scale in [1, 2, 4] {
        let result = try search(scale: scale, oversoldValues: 3)
        if scale == 1 { base = (result.searchMilliseconds, result.milliseconds) }
        line("  \(scale)x candles (\(90 * scale)/\(30 * scale) days), 27 combos", result)
    }
    for values in [3, 30, 300] {
        let result = try search(scale: 1, oversoldValues: values)
        if values == 3 { base = (result.searchMilliseconds, result.milliseconds) }
        line("  1x candles, \(values * 9) combos (\(values / 3)x)", result)
    }
}

// Rules: the rules form of rsi against the built-in, on the original study (in-process, the
// candles from the CSV files, 27 combinations × 9 windows) and on the search alone.
/// The rules form of `rsi`, both sides.
let rsiRulesBlock = """
    strategy: rules
    rules:
      long_entry: "rsi(rsi_period) < rsi_oversold"
      long_exit: "rsi(rsi_period) > rsi_overbought"
      short_entry: "rsi(rsi_period) > rsi_overbought"
      short_exit: "rsi(rsi_period) < rsi_oversold"
    """

if wanted("rules") {
    let rulesBlock = rsiRulesBlock
    var figures: [String: (median: Double, minimum: Double)] = [:]
    for (label, text) in [("built-in rsi", studyText), ("rules form of rsi", studyText + "\n" + rulesBlock)] {
        figures[label] = try measure(7) {
            runIndex += 1
            let opened = try WFODatabase(path: scratch.appendingPathComponent("rules-\(runIndex).sqlite").path)
            let runner = StudyRunner(database: opened, jobs: jobs, version: "bench")
            _ = try runner.run(try StudyRunner.check(try StudyParser.parse(text, path: scratch.appendingPathComponent("study.yaml").path)))
        }
        row("original study, \(label)", figures[label]!, "in-process: load, bind, 9 windows × 27 combinations, store; --jobs \(jobs)")
    }
    if let builtIn = figures["built-in rsi"], let rules = figures["rules form of rsi"] {
        print(String(format: "rules: the rules form takes %.2fx the built-in's time on the original study (target <= 2x)", rules.median / builtIn.median))
    }
    // The search alone: 27 combinations over the whole year, bound once.
    let rulesStudy = try StudyParser.parse(studyText + "\n" + rulesBlock, path: "bench.yaml")
    for (label, strategy) in [("built-in rsi", StrategyDefinition.rsi), ("rules form of rsi", rulesStudy.strategy)] {
        let fresh = try Market(series)
        var combinations: [Combination] = []
        let bind = try measure(1) {
            combinations = try rulesStudy.combinations.map {
                Combination(searched: $0, backtester: try Backtester(strategy: strategy, parameters: $0, market: fresh, settings: settings))
            }
        }
        let search = measure(7) {
            _ = Optimizer.evaluate(combinations, range: 0..<fresh.count, settings: SearchSettings(jobs: 1))
        }
        row("  bind 27 combinations, \(label)", bind, "indicators and, for rules, the condition columns")
        row("  search 27 × 105,408 candles, \(label)", search, String(format: "%.0f M candle-evaluations/s, 1 job",
                                                                       Double(fresh.count) * 27 / (search.median / 1_000) / 1e6))
    }
}

// Higher timeframes and position-aware exits (issue 19): the rules form of rsi on the original
// study, then the same with a daily trend filter (`close@1d > ema(close, 50)@1d`, each 5m candle
// seeing the last closed daily candle) and a trailing stop, side by side, alternated.
if wanted("filters") {
    let plain = rsiRulesBlock
    let filtered = """
        strategy: rules
        rules:
          long_entry: "rsi(rsi_period) < rsi_oversold and close@1d > ema(close, 50)@1d"
          long_exit: "rsi(rsi_period) > rsi_overbought"
          short_entry: "rsi(rsi_period) > rsi_overbought and close@1d < ema(close, 50)@1d"
          short_exit: "rsi(rsi_period) < rsi_oversold"
        strategy_params: {trailing_stop_pct: 1.5}
        """
    var times: [String: [Double]] = [:]
    for _ in 0..<7 {
        for (label, block) in [("rules form of rsi", plain), ("with @1d filter and trailing stop", filtered)] {
            let figure = try measure(1) {
                runIndex += 1
                let opened = try WFODatabase(path: scratch.appendingPathComponent("filters-\(runIndex).sqlite").path)
                let runner = StudyRunner(database: opened, jobs: jobs, version: "bench")
                _ = try runner.run(try StudyRunner.check(try StudyParser.parse(studyText + "\n" + block,
                                                                               path: scratch.appendingPathComponent("study.yaml").path)))
            }
            times[label, default: []].append(figure.median)
        }
    }
    func median(_ values: [Double]) -> (median: Double, minimum: Double) {
        let sorted = values.sorted()
        return (sorted[sorted.count / 2], sorted[0])
    }
    let plainTime = median(times["rules form of rsi"]!), filteredTime = median(times["with @1d filter and trailing stop"]!)
    row("original study, rules form of rsi", plainTime, "in-process, --jobs \(jobs), alternated with the next row")
    row("  with @1d filter and trailing stop", filteredTime, "close@1d > ema(close, 50)@1d; trailing_stop_pct 1.5; warm-up raised")
    print(String(format: "filters: %.2fx the plain rules' time (target <= 1.5x)", filteredTime.median / plainTime.median))
}

if wanted("portfolio") {
    try PortfolioBenchmark.run()
}

// TPE against random search and the grid (issue 21): several minutes, so only when asked for
// by name (`wfo-bench search`), never in the default run.
if requestedSections.contains("search") {
    try SearchBenchmark.run(series: series, jobs: jobs, originalStudy: studyText)
}
