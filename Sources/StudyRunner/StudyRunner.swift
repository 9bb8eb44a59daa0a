import Backtesting
import BinanceClient
import Cluster
import DataSources
import Digest
import Foundation
import MarketData
import Overfitting
import RunRecords
import Storage
import StudyFile
import WalkForward

/// Executes walk-forward studies into the database (SPEC sections 3, 7, 8, 9).
///
/// Everything that can be wrong with a study or its data is checked before the run is
/// created, so bad input never touches the database. Each window's results are committed
/// in one transaction; a run interrupted by Ctrl-C (status INTERRUPTED) or killed (status
/// left RUNNING) is finished by ``resume(runID:)`` with exactly the results an
/// uninterrupted run has: windows are deterministic and the aggregates are computed from
/// what is stored.
public struct StudyRunner: Sendable {
    public let database: WFODatabase
    public var jobs: Int
    public var progress: any RunProgress
    public var cancellation: CancellationFlag
    public var version: String
    /// Where new runs' units execute; a run submitted to a cluster is always reattached there.
    public var executor: Executor
    /// For cluster runs: make one pass and leave a merge job to finish (`--detach`); nil: stay
    /// attached until the run ends.
    public var detachment: Detachment?

    public init(database: WFODatabase, jobs: Int, progress: any RunProgress = SilentProgress(),
                cancellation: CancellationFlag = CancellationFlag(), version: String, executor: Executor = .local,
                detachment: Detachment? = nil) {
        self.database = database
        self.jobs = max(1, jobs)
        self.progress = progress
        self.cancellation = cancellation
        self.version = version
        self.executor = executor
        self.detachment = detachment
    }

    /// The outcome of a run: its final record.
    public typealias Outcome = RunRecord

    /// Checks a study and its data without touching any database: windows, candles
    /// (loaded and validated), coverage and every parameter combination.
    /// - Parameters:
    ///   - cache: the database whose candle cache serves `source: binance`.
    ///   - dataFolders: for studies sent to a server: the only folders csv data may come from.
    public static func check(_ study: Study, jobs: Int = 1, cache: WFODatabase? = nil,
                             dataFolders: DataFolders? = nil) throws(RunnerError) -> CheckedStudy {
        CheckedStudy(plan: try Plan(study: study, jobs: jobs, cache: cache, dataFolders: dataFolders))
    }

    /// Creates a PENDING run of a checked study and returns it with what is needed to execute it.
    public func createRun(_ checked: CheckedStudy) throws(RunnerError) -> PreparedRun {
        let plan = checked.plan
        let record: RunRecord
        do { record = try database.createRun(plan.newRunRecord(version: version), windows: plan.windows) } catch {
            throw .storage(error)
        }
        return PreparedRun(record: record, plan: plan)
    }

    /// Runs a checked study from the start: ``createRun(_:)`` then ``execute(_:)``.
    public func run(_ checked: CheckedStudy) throws(RunnerError) -> Outcome {
        try execute(try createRun(checked))
    }

    /// Finishes a run left PENDING, RUNNING (crashed) or INTERRUPTED, from its stored study.
    ///
    /// - Parameter dataFolders: for a resume asked of a server: the only folders csv data may come from.
    public func resume(runID: Int64, dataFolders: DataFolders? = nil) throws(RunnerError) -> Outcome {
        let record: RunRecord
        do { record = try database.run(id: runID) } catch { throw .storage(error) }
        guard record.status.isResumable else {
            throw .badInput("run \(runID) is \(record.status.rawValue); only PENDING, RUNNING (after a crash) and INTERRUPTED runs can be resumed")
        }
        let study = try storedStudy(of: record)
        return try execute(PreparedRun(record: record, plan: try plan(study, ofRun: runID, dataFolders: dataFolders)))
    }

    /// The plan of a run being resumed. A cluster run's candles are the ones sealed in its work
    /// folder, the very ones its tasks read: a merge job on a node never reads the user's CSV
    /// paths, and a resume never depends on them still being there. Other runs load theirs again.
    ///
    /// A sealed `candles.bin` that is damaged (cut short, a failing disk) is a cache that can be
    /// rebuilt: the candles are loaded from the study's data as at submission, checked against
    /// the digest the manifest kept, written back for the tasks still to run, and the rebuild is
    /// said on standard error and in the run's log. Data that no longer gives those candles is
    /// an error naming the file; the run never goes on with other candles than its tasks read.
    private func plan(_ study: Study, ofRun runID: Int64, dataFolders: DataFolders?) throws(RunnerError) -> Plan {
        let cluster: ClusterRunRecord?
        do { cluster = try database.clusterRun(ofRun: runID) } catch { throw .storage(error) }
        guard let cluster else { return try Plan(study: study, jobs: jobs, cache: database, dataFolders: dataFolders) }
        let folder = WorkFolder(path: cluster.workFolder)
        let sealed = Result { () throws(ClusterError) in try folder.candles() }
        if case let .success(series) = sealed { return try Plan(study: study, series: series, jobs: jobs) }
        // A folder that is not there at all (or has no manifest) is reported where it is read next.
        guard case let .failure(damage) = sealed, let manifest = try? folder.manifest() else {
            return try Plan(study: study, jobs: jobs, cache: database, dataFolders: dataFolders)
        }
        let rebuilt = try Plan(study: study, jobs: jobs, cache: database, dataFolders: dataFolders)
        let checked: Bool
        do { checked = try folder.rewriteCandles(rebuilt.series, manifest: manifest) } catch { throw Self.runnerError(error) }
        try log("\(damage.description); rebuilt it from the study's \(study.data.source.rawValue) data"
            + (checked ? " (the same candles the tasks read, by their SHA-256)" : " (a folder from an older wfo: it could not be checked against what the tasks read)"),
                runID: runID)
        return rebuilt
    }

    /// Says `message` on the progress (standard error for `wfo`) and keeps it in the run's log.
    func log(_ message: String, runID: Int64) throws(RunnerError) {
        progress.note(message)
        do { try database.appendLog(message, toRun: runID) } catch { throw .storage(error) }
    }

    /// Whether a process holds run `runID`'s lock right now (it is being run).
    /// A database without a lock file has no run being run, and asking creates none (a GET of
    /// `wfo serve` changes no file); a lock file that cannot be opened answers yes, so that
    /// nothing deletes or retries a run it cannot tell is idle.
    public static func isBeingRun(runID: Int64, databasePath: String) -> Bool {
        guard FileManager.default.fileExists(atPath: RunLock.path(databasePath: databasePath)) else { return false }
        guard let lock = try? RunLock(databasePath: databasePath, runID: runID) else { return true }
        withExtendedLifetime(lock) {}
        return false
    }

    /// Runs every window not yet finished, then aggregates, under the run's lock, with the
    /// executor the run was submitted to (``RunExecutor``: locally, or its Slurm array).
    public func execute(_ prepared: PreparedRun) throws(RunnerError) -> Outcome {
        let runID = prepared.record.id
        let lock: RunLock?
        do { lock = try RunLock(databasePath: database.path, runID: runID) } catch {
            throw (error as? RunnerError) ?? .failed("\(error)")
        }
        guard let lock else { throw .busy("run \(runID) is being run by another process; wait for it to end (or stop it), then try again") }
        defer { withExtendedLifetime(lock) {} }
        let executor: any RunExecutor = try clusterSettings(forRun: runID).map { SlurmExecutor(settings: $0) } ?? LocalExecutor()
        return try executor.execute(prepared, runner: self)
    }

    /// Under `warm_start`, the grid indices of the previous window's best trials (one batch of
    /// them, by rank) when it completed; none for the first window or after a failed one.
    func warmStartSeeds(for record: WindowRecord, plan: Plan) throws(WindowFailure) -> [Int] {
        guard plan.study.warmStart, record.windowIndex > 0 else { return [] }
        let space = plan.study.parameterSpace
        do {
            guard let previous = try database.windows(runID: record.runId).first(where: { $0.windowIndex == record.windowIndex - 1 }),
                  previous.status == .completed else { return [] }
            return try database.trials(windowID: previous.id).sorted { $0.rank < $1.rank }.prefix(plan.study.tpe.batchSize)
                .compactMap { space.gridIndex(of: $0.parameters) }
        } catch {
            throw WindowFailure("cannot read window \(record.windowIndex)'s trials for the warm start: \(error)")
        }
    }

    /// Concludes a window with `evaluate` and commits it in one transaction: COMPLETED with its
    /// results, or FAILED with the failure's message; a cancelled window goes back to PENDING.
    /// Local runs and cluster runs (``executeOnSlurm(_:settings:)``) store windows only here.
    func commit(_ record: WindowRecord, plan: Plan, trialsPerSecond: () -> Double? = { nil },
                evaluate: () throws(WindowFailure) -> WindowEvaluation) throws {
        let total = plan.windows.count
        do {
            var evaluation = try evaluate()
            if let test = plan.study.permutationTest {
                evaluation.permutation = (try permutationPValue(record, plan: plan, evaluation: evaluation, test: test), test.permutations)
            }
            try database.saveCompleted(windowID: record.id, evaluation: evaluation)
            let summary = evaluation.outOfSample.summary
            let skipped = evaluation.outOfSample.positionCounts.isEmpty || evaluation.outOfSample.skippedEntries == 0 ? ""
                : ", \(evaluation.outOfSample.skippedEntries) entries skipped (cash)"
            let detail = "best \(evaluation.best.parameters); OOS ROI \(String(format: "%.2f", summary.roi)) %, \(summary.totalTrades) trades" + skipped
            progress.windowFinished(index: record.windowIndex, of: total, status: .completed, detail: detail,
                                    trialsPerSecond: trialsPerSecond())
        } catch let failure as WindowFailure where failure.wasCancelled {
            try database.resetUnfinishedWindows(runID: record.runId)
        } catch let failure as WindowFailure {
            try database.saveFailed(windowID: record.id, message: failure.message)
            progress.windowFinished(index: record.windowIndex, of: total, status: .failed, detail: failure.message, trialsPerSecond: nil)
        }
    }

    /// The cluster a run executes on: the runner's executor for a new submission, else the one
    /// recorded with the run (reattaching with the stored submission settings); nil: local.
    func clusterSettings(forRun runID: Int64) throws(RunnerError) -> ClusterSettings? {
        if case let .slurm(settings) = executor { return settings }
        let record: ClusterRunRecord?
        do { record = try database.clusterRun(ofRun: runID) } catch { throw .failed(error.description) }
        guard let record else { return nil }
        return ClusterSettings(workDirectory: (record.workFolder as NSString).deletingLastPathComponent,
                               submission: try submissionSettings(of: record), binary: ClusterSettings.currentBinary)
    }

    /// Aggregates the completed windows from what is stored, and completes or fails the run.
    func finish(runID: Int64, plan: Plan) throws {
        let windows = try database.windows(runID: runID)
        let completed = windows.filter { $0.status == .completed }
        guard !completed.isEmpty else {
            let first = windows.first { $0.error != nil }?.error ?? "no window could be evaluated"
            try database.setStatus(.failed, ofRun: runID, error: "all \(windows.count) windows failed; the first: \(first)")
            return
        }
        let overfitting = try database.overfitting(runID: runID)
        var finished: [CompletedWindow] = []
        for record in completed {
            guard let inSample = try database.performance(windowID: record.id, sample: .inSample),
                  let outOfSample = try database.performance(windowID: record.id, sample: .outOfSample) else {
                throw RunnerError.failed("window \(record.windowIndex + 1) of run \(runID) is COMPLETED but its results are missing")
            }
            let row = overfitting[record.id]
            finished.append(CompletedWindow(window: record.window, inSample: inSample, outOfSample: outOfSample,
                                            selection: try plan.method.selection(of: record),
                                            overfitCount: row?.overfitCount ?? 0, logitCount: row?.logitCount ?? 0,
                                            deflatedSharpe: row?.deflatedSharpe?.deflated, snooping: row?.snooping))
        }
        var thresholds = plan.study.robustness
        if plan.study.overfitting.cscvBlocks == 0 {   // turned off: no check, no note
            thresholds.maxPBO = nil
            thresholds.minMedianDSR = nil
            thresholds.maxSPAPValue = nil
        }
        guard let outcome = RunOutcome(windows: finished, market: plan.market, initialCapital: plan.study.initialCapital,
                                       thresholds: thresholds)
        else { return }
        // The bootstrap runs while the curves and series are built and written.
        let (paths, seed, jobs) = (plan.study.overfitting.monteCarloPaths, plan.study.randomSeed, plan.search.jobs)
        let monteCarlo = Concurrent { outcome.monteCarlo(paths: paths, seed: seed, jobs: jobs) }
        let statistics = outcome.stitched.statistics(calendar: plan.market.calendar, timeframe: plan.study.timeframe)
        try database.complete(
            runID: runID, aggregates: outcome.aggregates,
            stitched: (statistics.returnPct, statistics.sharpeRatio, statistics.maxDrawdown),
            buyAndHold: outcome.buyAndHold.returnPct,
            curves: [.stitched: Curve.downsampled(times: outcome.stitched.times, values: outcome.stitched.values, limit: Self.curvePoints),
                     .buyAndHold: Curve.downsampled(times: outcome.buyAndHold.times, values: outcome.buyAndHold.values, limit: Self.curvePoints)],
            monteCarlo: { monteCarlo.value.map { ($0.result, $0.tradeTimes) } },
            reportSeries: ReportSeries(market: plan.market, windows: completed.map(\.window),
                                       stitched: (outcome.stitched.times, outcome.stitched.values),
                                       buyAndHold: (outcome.buyAndHold.times, outcome.buyAndHold.values), initialCapital: plan.study.initialCapital),
            holdings: outcome.holdings.map { held in
                let positions = Curve.downsampled(times: held.times, values: held.positions, limit: Self.curvePoints)
                return (positions.times, positions.values, Curve.downsampled(times: held.times, values: held.cashShare, limit: Self.curvePoints).values)
            })
    }

    /// Points kept per stored curve: enough for any chart, small enough for any database.
    public static let curvePoints = 2_000
}

/// A study whose data and combinations passed every check; nothing has been written yet.
public struct CheckedStudy: Sendable {
    let plan: Plan
    /// What ``StudyRunner/prepare(_:jobs:cache:dataFolders:fetchProgress:)`` fetched into the cache (binance only).
    public internal(set) var fetched: FetchStatistics?

    public var study: Study { plan.study }
    public var windowCount: Int { plan.windows.count }
    /// Gaps in the data, one line each (under `data.on_gap: warn`; with `fail` there are none).
    public var dataWarnings: [String] { plan.dataWarnings }
    /// Dates moved to a session, candles outside the calendar's sessions left out: one line each.
    public var notes: [String] { plan.notes }
    /// Candles per symbol, warm-up included, with each series' gap report.
    public var candleSummaries: [(symbol: String, count: Int, gaps: String)] {
        plan.market.contexts.map { ($0.symbol, $0.series.count, $0.series.gaps().summary()) }
    }
}

/// A run record with everything needed to execute it.
public struct PreparedRun: Sendable {
    public var record: RunRecord
    let plan: Plan
}
