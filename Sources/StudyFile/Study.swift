import Foundation
import Backtesting
import MarketData
import WalkForward

/// A walk-forward study as written in a study file (SPEC section 2), with every default
/// applied. Field names follow the original JSON API.
public struct Study: Sendable {
    public enum OptimizationMethod: String, Sendable, CaseIterable { case grid, random }

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
    public var randomSeed: UInt64 = 1
    public var objective: Objective = .score
    public var minTrades: Int = 10
    public var positionSizePct: Double?
    public var feePct: Double = 0.1
    public var slippagePct: Double = 0
    public var warmupCandles: Int = 500
    public var data = DataSettings()
    public var robustness = RobustnessThresholds()
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
    /// (SPEC section 6) whichever way the combinations were chosen.
    public var combinations: [ParameterSet] {
        let space = parameterSpace
        guard optimizationMethod == .random else { return space.grid() }
        return space.randomGridIndices(count: maxCombinations, seed: randomSeed).sorted().map(space.combination(at:))
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
