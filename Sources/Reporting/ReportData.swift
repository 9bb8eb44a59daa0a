import Backtesting
import RunRecords
import Storage
import WalkForward

/// Everything a run's report shows, read from the database once.
public struct ReportData: Sendable {
    /// One window with its results (nil where the window did not complete).
    public struct WindowData: Sendable {
        public var record: WindowRecord
        public var inSample: PerformanceSummary?
        public var outOfSample: PerformanceSummary?
        public var trials: [Trial]
        public var outOfSampleTrades: [Trade]
        public var inSampleTrades: [Trade]
        /// Whether its prices were stored (runs completed since `addReportSeries`).
        public var hasPrices = false
    }

    public var run: RunRecord
    public var windows: [WindowData]
    public var stitched: (times: [Int64], values: [Double])
    public var buyAndHold: (times: [Int64], values: [Double])
    /// The searched parameters and their values, as stored with the run (empty for runs
    /// stored before the run kept them).
    public var parameterRanges: [ParameterSpace.Dimension]
    /// PBO and DSR rows by window id (absent for windows without them).
    public var overfitting: [Int64: WindowOverfittingRecord]
    /// The Monte Carlo bands of the stitched out-of-sample trades (equity relative to 1).
    public var monteCarloBands: [MonteCarloBandRecord]
    /// The batch this run is a cell of, and which cell; nil for a run of a plain study.
    public var batch: (record: BatchRecord, cell: BatchCellRecord)?
    /// How the run executes on a cluster; nil for a local run.
    public var cluster: ClusterRunRecord?
    /// Prices under the trades (the stitched span's, window nil, and each window's), the
    /// underwater curves and the monthly returns, stored when the run completed; empty for runs
    /// completed before they were (`addReportSeries`).
    public var priceColumns: [PriceColumnRecord]
    public var drawdowns: [DrawdownPointRecord]
    public var monthlyReturns: [MonthlyReturnRecord]
    /// A portfolio's open positions and cash share at the stitched out-of-sample closes; empty
    /// for a plain run (and a portfolio run with no completed window).
    public var holdings: [HoldingPointRecord]
    /// How a portfolio study traded; nil for a plain run. A run whose stored facts show a
    /// portfolio (holdings, skipped entries) but whose stored study does not read says so.
    public var portfolio: PortfolioSettings?

    public init(database: WFODatabase, runID: Int64) throws(StorageError) {
        run = try database.run(id: runID)
        var windows: [WindowData] = []
        for record in try database.windows(runID: runID) {
            let id = record.id
            windows.append(WindowData(
                record: record,
                inSample: try database.performance(windowID: id, sample: .inSample),
                outOfSample: try database.performance(windowID: id, sample: .outOfSample),
                trials: try database.trials(windowID: id),
                outOfSampleTrades: try database.trades(windowID: id, sample: .outOfSample),
                inSampleTrades: try database.trades(windowID: id, sample: .inSample)))
        }
        self.windows = windows
        let stitchedPoints = try database.equityPoints(runID: runID, series: .stitched)
        stitched = (stitchedPoints.map(\.time), stitchedPoints.map(\.value))
        let buyAndHoldPoints = try database.equityPoints(runID: runID, series: .buyAndHold)
        buyAndHold = (buyAndHoldPoints.map(\.time), buyAndHoldPoints.map(\.value))
        parameterRanges = run.parameterRanges.flatMap(ParameterCoding.decodeDimensions) ?? []
        overfitting = try database.overfitting(runID: runID)
        monteCarloBands = try database.monteCarloBands(runID: runID)
        if let cell = try database.batchCell(ofRun: runID) { batch = (try database.batch(id: cell.batchId), cell) }
        cluster = try database.clusterRun(ofRun: runID)
        priceColumns = try database.priceColumns(runID: runID)
        drawdowns = try database.drawdownPoints(runID: runID)
        monthlyReturns = try database.monthlyReturns(runID: runID)
        holdings = try database.holdingPoints(runID: runID)
        portfolio = PortfolioSettings(studyText: run.studyText, cell: batch?.cell.cellIndex, parameters: parameterRanges)
        if portfolio == nil, !holdings.isEmpty || windows.contains(where: { $0.record.oosSkippedEntries != nil }) {
            portfolio = .unreadable
        }
        let pricedWindows = Set(priceColumns.compactMap(\.windowIndex))
        for index in self.windows.indices { self.windows[index].hasPrices = pricedWindows.contains(self.windows[index].record.windowIndex) }
    }

    /// The price columns of one symbol over a window's testing period, or the stitched span (nil).
    public func prices(symbol: String, window: Int?) -> [PriceColumnRecord] {
        priceColumns.filter { $0.symbol == symbol && $0.windowIndex == window }
    }

    /// Every completed window's CSCV logits, in window order.
    public var pooledLogits: [Double] {
        completedWindows.flatMap { overfitting[$0.record.id]?.logits.map(Double.init) ?? [] }
    }

    public var completedWindows: [WindowData] { windows.filter { $0.record.status == .completed } }

    /// The searched parameters' names, in the order written.
    public var searchedParameters: [String] {
        completedWindows.first?.record.bestParameterSet?.names ?? parameterRanges.map(\.name)
    }

    public var parameterStability: [ParameterStability] {
        ParameterStability.of(bestParameters: completedWindows.compactMap(\.record.bestParameterSet))
    }

    /// The objective stored with the run; the composite score for runs stored before it was.
    public var objective: Objective { run.objective ?? .score }
    /// The initial capital stored with the run; for older runs the stitched curve's start.
    public var initialCapital: Double { run.initialCapital ?? stitched.values.first ?? 10_000 }
}
