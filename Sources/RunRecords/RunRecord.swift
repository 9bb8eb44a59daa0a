import Backtesting
import MarketData
import WalkForward

/// A stored row of `run`, one walk-forward study execution: its id and its columns
/// (``NewRun``), which read as the record's own (`record.name`).
public typealias RunRecord = StoredRecord<NewRun>

extension RunRecord {
    /// Windows that are COMPLETED or FAILED.
    public static func finishedCount(_ windows: [WindowRecord]) -> Int {
        windows.filter(\.status.isFinished).count
    }
}

/// A row of `run` before it is inserted, which gives it its id (``RunRecord``).
public struct NewRun: Codable, Sendable {
    public var name: String
    public var status: RunStatus
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    /// The study file as read, so the run can be resumed and reported.
    public var studyText: String
    /// SHA-256 of `studyText`.
    public var studyHash: String
    public var studyPath: String
    public var strategy: String
    /// Comma-separated.
    public var symbols: String
    public var timeframe: Timeframe
    public var startDate: Int64
    public var endDate: Int64
    public var dataSource: String
    public var candleCount: Int?
    public var totalWindows: Int
    public var combinations: Int
    public var wfoVersion: String
    public var error: String?
    public var avgInSampleRoi: Double?
    public var avgOutOfSampleRoi: Double?
    public var avgInSampleWinRate: Double?
    public var avgOutOfSampleWinRate: Double?
    public var performanceDegradation: Double?
    public var walkForwardEfficiency: Double?
    public var consistencyScore: Double?
    public var profitableWindowsPct: Double?
    public var stitchedReturn: Double?
    public var stitchedSharpe: Double?
    public var stitchedMaxDrawdown: Double?
    public var buyAndHold: Double?
    public var verdict: Verdict?
    public var isRobust: Bool?
    /// One line per check, newline-separated.
    public var robustnessNotes: String?
    public var pbo: Double?
    public var medianDsr: Double?
    /// The windows' SPA p-values pooled (the upper one is White's Reality Check) and the benchmark.
    public var spaLower: Double?
    public var spaConsistent: Double?
    public var spaUpper: Double?
    public var spaBenchmark: String?
    public var mcPaths: Int?
    public var mcProbabilityOfLoss: Double?
    public var mcFinalReturnP5: Double?
    public var mcFinalReturnP50: Double?
    public var mcFinalReturnP95: Double?
    public var mcMaxDrawdownP5: Double?
    public var mcMaxDrawdownP50: Double?
    public var mcMaxDrawdownP95: Double?
    /// What a report shows of the study, stored with the run so no layer re-parses the YAML
    /// (migration `addRunSettings`); nil only for runs stored before it.
    public var studyDescription: String?
    public var objective: Objective?
    public var initialCapital: Double?
    /// The searched parameters and their values (``ParameterCoding/encode(_:)-dimensions``), in the order written.
    public var parameterRanges: String?
    /// CSCV blocks asked for (0: overfitting statistics off).
    public var cscvBlocks: Int?
    /// When the market traded (``TradingCalendar/summary``), migration `addRunCalendar`; nil for
    /// runs stored before calendars, which were all `24/7`.
    public var calendar: String?
    /// The calendar's trading days per year (365 on `24/7`); nil before `addRunCalendar` (365).
    public var tradingDaysPerYear: Double?
    /// `grid`, `random` or `tpe` (migration `addSearchOrder`); nil for runs stored before.
    public var optimizationMethod: String?
    /// How the search ran, in words, for reports: `TPE: 1,000 of 108,000 combinations (0.93 %), …`.
    public var searchSummary: String?

    public init(name: String, status: RunStatus, createdAt: Int64, studyText: String, studyHash: String, studyPath: String,
                strategy: String, symbols: String, timeframe: Timeframe, startDate: Int64, endDate: Int64, dataSource: String,
                totalWindows: Int, combinations: Int, wfoVersion: String) {
        self.name = name
        self.status = status
        self.createdAt = createdAt
        self.studyText = studyText
        self.studyHash = studyHash
        self.studyPath = studyPath
        self.strategy = strategy
        self.symbols = symbols
        self.timeframe = timeframe
        self.startDate = startDate
        self.endDate = endDate
        self.dataSource = dataSource
        self.totalWindows = totalWindows
        self.combinations = combinations
        self.wfoVersion = wfoVersion
    }

    public var symbolList: [String] { symbols.split(separator: ",").map(String.init) }
}

/// A stored row of `window`. Windows are inserted PENDING with their run, from the run's
/// ``Window``s (`WFODatabase.createRun`), so a record always has its id.
public struct WindowRecord: Codable, Sendable {
    public let id: Int64
    public var runId: Int64
    public var windowIndex: Int
    public var status: WindowStatus
    public var trainingStart: Int64
    public var trainingEnd: Int64
    public var testingStart: Int64
    public var testingEnd: Int64
    /// JSON object of the searched parameters' best values.
    public var bestParameters: String?
    public var bestCombination: Int?
    public var performanceDropPct: Double?
    /// The permutation test of the window's search: its p-value and M (NULL when off).
    public var permutationPvalue: Double?
    public var permutations: Int?
    /// A portfolio's out-of-sample entries that cash could not pay; nil for a plain study.
    public var oosSkippedEntries: Int?
    public var error: String?
    public var startedAt: Int64?
    public var finishedAt: Int64?

    public var window: Window {
        Window(index: windowIndex, trainingStart: trainingStart, trainingEnd: trainingEnd,
               testingStart: testingStart, testingEnd: testingEnd)
    }

    public var bestParameterSet: ParameterSet? { bestParameters.flatMap(ParameterCoding.decode) }
}

/// Which period a window's metrics or trades belong to.
public enum Sample: String, Sendable, Codable, CaseIterable {
    case inSample = "in_sample"
    case outOfSample = "out_of_sample"
}
