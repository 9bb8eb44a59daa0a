import Foundation
import Backtesting
import MarketData
import WalkForward

/// A walk-forward study as written in a study file (SPEC section 2), with every default
/// applied. Field names follow the original JSON API.
public struct Study: Sendable {
    /// The study trades its symbols as one portfolio (``StrategyDefinition/portfolio``).
    public var isPortfolio: Bool { strategy.portfolio != nil }

    public enum OptimizationMethod: String, Sendable, CaseIterable { case grid, random, tpe }

    /// Where candles come from.
    public struct DataSettings: Sendable, Equatable {
        public enum Source: String, Sendable, CaseIterable { case binance, csv, synthetic }
        /// What a hole in the candles does: `warn` (default) reports it and lets each window
        /// fail on its own when it misses more than 10 % of its candles; `fail` refuses the
        /// study before anything is written.
        public enum GapPolicy: String, Sendable, CaseIterable { case fail, warn }
        public var source: Source = .binance
        /// csv: a file, folder or glob, resolved against the study file's folder.
        public var path: String?
        public var baseURL: String = "https://api.binance.com"
        /// synthetic: the market is a pure function of (seed, symbol, timeframe).
        public var seed: UInt64 = 1
        public var onGap: GapPolicy = .warn
        /// csv: the time zone of times written without one (`2024-01-02 09:30:00`); nil: UTC.
        public var timeZone: UTCOffsets?
        /// csv: prices scaled by `Adj Close / Close` (splits and dividends), when the file has it.
        public var adjusted = false

        public init(source: Source = .binance, path: String? = nil, baseURL: String = "https://api.binance.com", seed: UInt64 = 1,
                    onGap: GapPolicy = .warn, timeZone: UTCOffsets? = nil, adjusted: Bool = false) {
            self.source = source
            self.path = path
            self.baseURL = baseURL
            self.seed = seed
            self.onGap = onGap
            self.timeZone = timeZone
            self.adjusted = adjusted
        }

        /// What each placeholder of `path` stands for: the matrix axis giving its value.
        public static let placeholderAxes = ["symbol": "symbols", "timeframe": "timeframe"]

        /// The `{word}` placeholders of a path, in order.
        public static func placeholders(in path: String) -> [String] {
            var words: [String] = []
            var rest = path[...]
            while let open = rest.firstIndex(of: "{") {
                let after = rest[rest.index(after: open)...]
                guard let close = after.firstIndex(of: "}") else { break }
                let word = after[..<close]
                if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0 == "_" }) { words.append(String(word)) }
                rest = after[after.index(after: close)...]
            }
            return words
        }

        /// The csv path of one symbol: `path` with `{symbol}` and `{timeframe}` filled in.
        public func path(symbol: String, timeframe: Timeframe) -> String? {
            path?.replacingOccurrences(of: "{symbol}", with: symbol).replacingOccurrences(of: "{timeframe}", with: timeframe.rawValue)
        }
    }

    /// How a TPE search proposes (`tpe:` in a study file); see ``TPESampler``.
    public struct TPESettings: Sendable, Equatable {
        /// Trials proposed together: the unit of parallelism.
        public var batchSize = 16
        /// Random trials before the first proposal; nil: ``TPESampler/Settings/defaultStartupTrials(budget:batchSize:)``.
        public var startupTrials: Int?
        /// Candidates drawn from l per proposal.
        public var candidates = 24

        public init(batchSize: Int = 16, startupTrials: Int? = nil, candidates: Int = 24) {
            self.batchSize = batchSize
            self.startupTrials = startupTrials
            self.candidates = candidates
        }
    }

    /// The overfitting statistics (`overfitting:` in a study file).
    public struct OverfittingSettings: Sendable, Equatable {
        /// CSCV blocks S of each window's in-sample days (even, 2 to 20; 0: no PBO and DSR).
        public var cscvBlocks = 16
        /// Bootstrap paths of the stitched out-of-sample trades (100 or more; 0: no Monte Carlo).
        public var monteCarloPaths = 10_000

        public init(cscvBlocks: Int = 16, monteCarloPaths: Int = 10_000) {
            self.cscvBlocks = cscvBlocks
            self.monteCarloPaths = monteCarloPaths
        }
    }

    public var name: String
    public var description: String = ""
    public var symbols: [String]
    public var timeframe: Timeframe
    /// Epoch milliseconds, UTC.
    public var startDate: Int64
    public var endDate: Int64
    public var trainingWindowDays: Int
    public var testingWindowDays: Int
    public var stepDays: Int
    /// The searched parameters and their candidate values, in the order written: the
    /// dimensions of the search space the optimizer walks (``parameterSpace``).
    public var parameterRanges: [ParameterSpace.Dimension]
    public var optimizationMethod: OptimizationMethod = .grid
    public var initialCapital: Double = 10_000
    public var positionSize: Double = 100
    public var strategy: StrategyDefinition = StrategyDefinition.rsi
    public var overfitting = OverfittingSettings()
    public var strategyParams = ParameterSet()
    public var windowMode: WindowLayout.Mode = .rolling
    public var gapDays: Int = 0
    public var maxCombinations: Int = 50
    public var tpe = TPESettings()
    /// `warm_start: true` (TPE only): each window's search starts from the previous window's
    /// best trials, one batch of them.
    public var warmStart = false
    public var randomSeed: UInt64 = 1
    public var objective: Objective = .score
    public var minTrades: Int = 10
    public var positionSizePct: Double?
    public var feePct: Double = 0.1
    public var slippagePct: Double = 0
    public var warmupCandles: Int = 500
    public var data = DataSettings()
    public var robustness = RobustnessThresholds()
    /// The data-snooping settings (`robustness.benchmark`, `block_length`, `spa_resamples`).
    public var snooping = DataSnooping()

    /// The data-snooping tests as each window runs them, seeded by `random_seed`; nil when
    /// they are off (no resamples, or no overfitting statistics, whose daily returns they need).
    public var dataSnooping: DataSnooping? {
        guard overfitting.cscvBlocks > 0, snooping.resamples > 0 else { return nil }
        var tests = snooping
        tests.seed = randomSeed
        return tests
    }
    /// `robustness.permutations`: M of the permutation test (0: off).
    public var permutations = 0

    /// The permutation test of each window's search; nil when off.
    public var permutationTest: PermutationTest? {
        permutations > 0 ? PermutationTest(permutations: permutations, seed: randomSeed) : nil
    }
    /// When the market trades (`calendar:`; `data.calendar` of a synthetic market is the same
    /// thing): which candles are expected, where trading days end, how ratios are annualised.
    public var calendar = TradingCalendar.alwaysOpen
    /// `flat_at_session_close`: positions close at each session's last candle.
    public var flatAtSessionClose = false
    /// What the parser changed that a person should know (a start_date on a closed day moved
    /// to the next session), one line each.
    public var notes: [String] = []
    /// The files the study names besides its data (a calendar's holiday file), absolute: what a
    /// cluster run copies into its work folder (``StudyFileAccess``).
    public var referencedFiles: [String] = []

    /// The file as read, kept with each run so it can be resumed and reported.
    public var sourceText: String = ""
    /// The path the study was read from (for messages and relative data paths).
    public var sourcePath: String = ""

    /// The broker settings the study asks for.
    public var simulationSettings: SimulationSettings {
        SimulationSettings(
            initialCapital: initialCapital,
            sizing: positionSizePct.map { .percentOfEquity($0) } ?? .fixedQuote(positionSize),
            feePct: feePct, slippagePct: slippagePct, flatAtSessionClose: flatAtSessionClose)
    }

    /// The largest grid a study may search (random search draws from any size).
    public static let maximumGridSize = 1_000_000

    /// The windows' layout (SPEC section 3).
    public var windowLayout: WindowLayout {
        WindowLayout(start: startDate, end: endDate, trainingDays: trainingWindowDays, testingDays: testingWindowDays,
                     stepDays: stepDays, gapDays: gapDays, mode: windowMode, calendar: calendar)
    }

    /// The search space of `parameter_ranges`.
    public var parameterSpace: ParameterSpace {
        ParameterSpace(parameterRanges)
    }

    /// The combinations a window's search evaluates, in grid order: a random search's draws
    /// are sorted back into the grid, so ties between equal scores break by grid order
    /// (SPEC section 6) whichever way the combinations were chosen. Empty for TPE, whose
    /// combinations depend on each window's results (``tpeSampler(window:seeds:)``).
    public var combinations: [ParameterSet] {
        let space = parameterSpace
        switch optimizationMethod {
        case .grid: return space.grid()
        case .random: return space.randomGridIndices(count: maxCombinations, seed: randomSeed).sorted().map(space.combination(at:))
        case .tpe: return []
        }
    }

    /// When each of ``combinations`` was drawn (0 first), for a random search; nil for grid
    /// (grid order) and TPE.
    public var proposalOrder: [Int]? {
        guard optimizationMethod == .random else { return nil }
        let draws = parameterSpace.randomGridIndices(count: maxCombinations, seed: randomSeed)
        let position = Dictionary(uniqueKeysWithValues: draws.enumerated().map { ($1, $0) })
        return draws.sorted().map { position[$0]! }
    }

    /// The sampler of one window's TPE search, `seeds` (grid indices) evaluated first.
    public func tpeSampler(window: Int, seeds: [Int] = []) -> TPESampler {
        TPESampler(space: parameterSpace,
                   settings: .init(budget: maxCombinations, batchSize: tpe.batchSize, startupTrials: tpe.startupTrials,
                                   candidates: tpe.candidates, seed: randomSeed),
                   windowIndex: window, seeds: seeds)
    }

    /// How the search runs, in words, as reports say it: `grid: 27 combinations`,
    /// `TPE: 1,000 of 108,000 combinations (0.93 %) in batches of 16, the first 50 at random; warm start`.
    public var searchSummary: String {
        let grid = parameterSpace.gridSize
        let gridText = grid.map { Self.grouped($0) } ?? "more than 9.2e18"
        switch optimizationMethod {
        case .grid:
            return "grid: all \(gridText) combinations"
        case .random:
            return "random: \(Self.grouped(combinationCount)) of \(gridText) combinations" + share(of: grid) + " drawn with seed \(randomSeed)"
        case .tpe:
            let sampler = tpeSampler(window: 0)
            return "TPE: \(Self.grouped(combinationCount)) of \(gridText) combinations" + share(of: grid)
                + " in batches of \(tpe.batchSize), the first \(Self.grouped(min(sampler.settings.startupTrials, combinationCount))) at random"
                + ", \(tpe.candidates) candidates per proposal, seed \(randomSeed)"
                + (warmStart ? "; warm start: each window begins with the previous window's best \(tpe.batchSize)" : "")
        }
    }

    private func share(of grid: Int?) -> String {
        guard let grid, grid > 0 else { return "" }
        let percent = Double(combinationCount) / Double(grid) * 100
        return " (" + (percent >= 1 ? String(format: "%.1f", percent) : String(format: "%.2g", percent)) + " %)"
    }

    /// `108,000`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    /// How many combinations a window's search evaluates.
    public var combinationCount: Int {
        let grid = parameterRanges.reduce(1) { product, range in
            let (result, overflow) = product.multipliedReportingOverflow(by: range.values.count)
            return overflow ? Int.max : result
        }
        return optimizationMethod == .grid ? grid : min(grid, maxCombinations)
    }
}
