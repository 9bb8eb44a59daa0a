import Backtesting
import BinanceClient
import Cluster
import DataSources
import Foundation
import MarketData
import Reporting
import RunRecords
import Storage
import WalkForward
import StudyFile

/// What the command line and the runs API read of the database, and the candle cache they
/// fill, through the runner, so that neither opens the database itself: `wfo` imports neither
/// `Storage` nor `Cluster`, and errors reach it typed (``RunnerError/storage(_:)``).
extension StudyRunner {
    /// How long a command waits for another process's lock on the database by default.
    public static let defaultLockTimeout: TimeInterval = WFODatabase.defaultLockTimeout

    /// A runner on the database at `path`, opened (and migrated) as ``WFODatabase`` does;
    /// `readOnly` for commands that only look (the file must exist, nothing is migrated).
    /// - Throws: ``RunnerError/storage(_:)``: a file that cannot be opened or is newer (exit 2),
    ///   held by another process (75), damaged (1).
    public init(databasePath path: String, readOnly: Bool = false, lockTimeout: TimeInterval = defaultLockTimeout,
                jobs: Int = 1, version: String) throws(RunnerError) {
        let database: WFODatabase
        do { database = try WFODatabase(path: path, readOnly: readOnly, lockTimeout: lockTimeout) } catch { throw .storage(error) }
        self.init(database: database, jobs: jobs, version: version)
    }

    /// The database's file.
    public var databasePath: String { database.path }

    /// The report site of this database in `outputFolder`.
    public func reports(outputFolder: String, templates: Templates = .embedded) -> ReportGenerator {
        ReportGenerator(database: database, outputFolder: outputFolder, templates: templates, version: version)
    }

    // MARK: Reads

    public func run(id: Int64) throws(RunnerError) -> RunRecord { try reading { () throws(StorageError) in try database.run(id: id) } }
    public func latestRun() throws(RunnerError) -> RunRecord? { try reading { () throws(StorageError) in try database.latestRun() } }
    /// Every run, newest first.
    public func runs() throws(RunnerError) -> [RunRecord] { try reading { () throws(StorageError) in try database.runs() } }
    public func windows(ofRun runID: Int64) throws(RunnerError) -> [WindowRecord] {
        try reading { () throws(StorageError) in try database.windows(runID: runID) }
    }
    /// The in-sample and out-of-sample metrics of a window's selection; nil until it completed.
    public func performance(ofWindow windowID: Int64, sample: Sample) throws(RunnerError) -> PerformanceSummary? {
        try reading { () throws(StorageError) in try database.performance(windowID: windowID, sample: sample) }
    }
    public func batch(id: Int64) throws(RunnerError) -> BatchRecord { try reading { () throws(StorageError) in try database.batch(id: id) } }
    /// Every batch, newest first.
    public func batches() throws(RunnerError) -> [BatchRecord] { try reading { () throws(StorageError) in try database.batches() } }
    public func cells(ofBatch id: Int64) throws(RunnerError) -> [BatchCell] {
        try reading { () throws(StorageError) in try database.cells(ofBatch: id) }
    }
    /// Each cell run's windows, by run id.
    public func windows(ofCells cells: [BatchCell]) throws(RunnerError) -> [Int64: [WindowRecord]] {
        try reading { () throws(StorageError) in try database.windows(ofCells: cells) }
    }
    public func batchCell(ofRun runID: Int64) throws(RunnerError) -> BatchCellRecord? {
        try reading { () throws(StorageError) in try database.batchCell(ofRun: runID) }
    }

    private func reading<Value>(_ body: () throws(StorageError) -> Value) throws(RunnerError) -> Value {
        do { return try body() } catch { throw .storage(error) }
    }

    // MARK: The candle cache

    /// Fetches from Binance (`baseURL`) what the cache lacks of `symbol` over `[from, to)`.
    /// - Throws: ``RunnerError/candlesUnavailable(_:)`` when Binance cannot be had.
    public func fetchCandles(symbol: String, timeframe: Timeframe, from: Int64, to: Int64, baseURL: String,
                             progress: @escaping FetchProgress = { _ in }) async throws(RunnerError) -> FetchStatistics {
        do {
            return try await CandleCacheFiller(database: database, baseURL: baseURL)
                .fill(symbol: symbol, timeframe: timeframe, from: from, to: to, progress: progress)
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .candlesUnavailable("\(symbol): \(error)")
        }
    }

    /// Stores candles in the cache (idempotent).
    public func importCandles(_ series: CandleSeries) throws(RunnerError) {
        try reading { () throws(StorageError) in try database.upsert(series) }
    }

    /// What the candle cache holds, one summary per symbol and timeframe.
    public func cacheSummaries() throws(RunnerError) -> [CacheSummary] {
        try reading { () throws(StorageError) in try database.cacheSummaries() }
    }

    // MARK: Array tasks

    /// The array index of `wfo task run`: `--index`, else the scheduler's environment
    /// (``ArrayTaskIndex/environmentNames``).
    /// - Throws: ``RunnerError/badInput(_:)`` when there is none or it is not an index.
    public static func arrayTaskIndex(option: Int?, environment: [String: String]) throws(RunnerError) -> Int {
        do { return try ArrayTaskIndex.resolve(option: option, environment: environment) } catch { throw runnerError(error) }
    }

    /// ``runTask(folder:index:jobs:cancellation:)`` of the work folder at `path`.
    @discardableResult
    public static func runTask(folderPath path: String, index: Int, jobs: Int = 1,
                               cancellation: CancellationFlag = CancellationFlag()) throws(RunnerError) -> Int {
        try runTask(folder: WorkFolder(path: path), index: index, jobs: jobs, cancellation: cancellation)
    }
}

/// The pipeline's first stage for callers that hold a runner, not its database (the command
/// line): `cacheOf` is the runner whose database's candle cache a binance study reads; nil
/// for studies that read none.
extension StudyRunner {
    public static func prepare(_ study: Study, jobs: Int = 1, cacheOf runner: StudyRunner?,
                               fetchProgress: @escaping FetchProgress = { _ in }) async throws(RunnerError) -> CheckedStudy {
        try await prepare(study, jobs: jobs, cache: runner?.database, fetchProgress: fetchProgress)
    }

    public static func prepare(_ matrix: StudyMatrix, jobs: Int = 1, cacheOf runner: StudyRunner?,
                               fetchProgress: @escaping FetchProgress = { _ in }) async throws(RunnerError) -> CheckedMatrix {
        try await prepare(matrix, jobs: jobs, cache: runner?.database, fetchProgress: fetchProgress)
    }

    public static func market(for study: Study, from: Int64, to: Int64, cacheOf runner: StudyRunner?,
                              fetchProgress: @escaping FetchProgress = { _ in }) async throws(RunnerError) -> (market: Market, warnings: [String]) {
        try await market(for: study, from: from, to: to, cache: runner?.database, fetchProgress: fetchProgress)
    }

    public static func validate(_ study: Study, cacheOf runner: StudyRunner?) throws(RunnerError) -> Validation {
        try validate(study, cache: runner?.database)
    }
}
