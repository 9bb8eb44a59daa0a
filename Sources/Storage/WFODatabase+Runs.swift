import Backtesting
import Foundation
import GRDB
import Overfitting
import RunRecords
import WalkForward

extension WFODatabase {
    /// Creates a PENDING run and its PENDING windows in one transaction.
    public func createRun(_ run: NewRun, windows: [Window]) throws(StorageError) -> RunRecord {
        try write { db in try Self.insert(run, windows: windows, db) }
    }

    /// Inserts a run and its PENDING windows inside the caller's transaction.
    static func insert(_ run: NewRun, windows: [Window], _ db: Database) throws -> RunRecord {
        try run.insert(db)
        let inserted = RunRecord(id: db.lastInsertedRowID, columns: run)
        for window in windows {
            try db.execute(sql: """
                INSERT INTO window (run_id, window_index, status, training_start, training_end, testing_start, testing_end)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [inserted.id, window.index, WindowStatus.pending.rawValue, window.trainingStart, window.trainingEnd,
                                 window.testingStart, window.testingEnd])
        }
        return inserted
    }

    public func run(id: Int64) throws(StorageError) -> RunRecord {
        guard let run = try read({ db in try RunRecord.fetchOne(db, key: id) }) else { throw .noSuchRun(id) }
        return run
    }

    /// The most recently created run, or nil when there is none.
    public func latestRun() throws(StorageError) -> RunRecord? {
        try read { db in try RunRecord.order(Column("id").desc).fetchOne(db) }
    }

    /// Every run, newest first.
    public func runs() throws(StorageError) -> [RunRecord] {
        try read { db in try RunRecord.order(Column("id").desc).fetchAll(db) }
    }

    public func updateRun(_ run: RunRecord) throws(StorageError) {
        try write { db in try run.update(db) }
    }

    /// Sets a run's status (and `started_at` on RUNNING, `finished_at` on a final status).
    public func setStatus(_ status: RunStatus, ofRun id: Int64, error message: String? = nil) throws(StorageError) {
        try write { db in
            guard var run = try RunRecord.fetchOne(db, key: id) else { return }
            run.status = status
            if status == .running, run.startedAt == nil { run.startedAt = Self.now() }
            if status == .completed || status == .failed || status == .interrupted { run.finishedAt = Self.now() }
            if status == .running { run.finishedAt = nil }
            run.error = message
            try run.update(db)
        }
    }

    /// Records how many candles (warm-up included) the run's data has now: a run retried after
    /// its data was mended runs on more candles than it was created with.
    public func setCandleCount(_ count: Int, ofRun id: Int64) throws(StorageError) {
        try write { db in try db.execute(sql: "UPDATE run SET candle_count = ? WHERE id = ?", arguments: [count, id]) }
    }

    /// Deletes a run and everything it owns.
    public func deleteRun(id: Int64) throws(StorageError) {
        try write { db in _ = try RunRecord.deleteOne(db, key: id) }
    }

    /// Stores the aggregates, verdict and run-level equity curves, and marks the run COMPLETED,
    /// in one transaction.
    /// - Parameter monteCarlo: the bootstrap of the stitched out-of-sample trades, and the exit
    ///   time of each trade (where its band point is drawn); nil when off or there was no trade.
    ///   Asked for once the curves and report series are written, so that a bootstrap still
    ///   running on other threads overlaps those writes.
    public func complete(runID: Int64, aggregates: Aggregates, stitched: (return: Double, sharpe: Double?, maxDrawdown: Double),
                         buyAndHold: Double, curves: [EquityPointRecord.Series: (times: [Int64], values: [Double])],
                         monteCarlo: () -> (result: MonteCarlo.Result, times: [Int64])? = { nil },
                         reportSeries: ReportSeries? = nil,
                         holdings: (times: [Int64], positions: [Double], cashShare: [Double])? = nil) throws(StorageError) {
        try write { db in
            guard var run = try RunRecord.fetchOne(db, key: runID) else { return }
            try EquityPointRecord.filter(Column("run_id") == runID).deleteAll(db)
            try HoldingPointRecord.filter(Column("run_id") == runID).deleteAll(db)
            if let holdings {
                try db.insertAll(holdings.times.indices.lazy.map {
                    HoldingPointRecord(runId: runID, time: holdings.times[$0], positions: holdings.positions[$0], cashShare: holdings.cashShare[$0])
                })
            }
            try MonteCarloBandRecord.filter(Column("run_id") == runID).deleteAll(db)
            for (series, curve) in curves.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try db.insertAll(zip(curve.times, curve.values).lazy.map {
                    EquityPointRecord(runId: runID, series: series, time: $0.0, value: $0.1)
                })
            }
            if let reportSeries { try Self.saveReportSeries(reportSeries, runID: runID, in: db) }
            let monteCarlo = monteCarlo()
            run.avgInSampleRoi = aggregates.avgInSampleROI
            run.avgOutOfSampleRoi = aggregates.avgOutOfSampleROI
            run.avgInSampleWinRate = aggregates.avgInSampleWinRate
            run.avgOutOfSampleWinRate = aggregates.avgOutOfSampleWinRate
            run.performanceDegradation = aggregates.performanceDegradation
            run.walkForwardEfficiency = aggregates.walkForwardEfficiency
            run.consistencyScore = aggregates.consistencyScore
            run.profitableWindowsPct = aggregates.profitableWindowsPct
            run.stitchedReturn = stitched.return
            run.stitchedSharpe = stitched.sharpe
            run.stitchedMaxDrawdown = stitched.maxDrawdown
            run.buyAndHold = buyAndHold
            run.verdict = aggregates.verdict
            run.isRobust = aggregates.isRobust
            run.robustnessNotes = aggregates.robustnessNotes.joined(separator: "\n")
            run.pbo = aggregates.pbo
            run.medianDsr = aggregates.medianDSR
            run.spaLower = aggregates.spa?.lower
            run.spaConsistent = aggregates.spa?.consistent
            run.spaUpper = aggregates.spa?.upper
            let result = monteCarlo?.result
            run.mcPaths = result?.paths
            run.mcProbabilityOfLoss = result?.probabilityOfLoss
            run.mcFinalReturnP5 = result?.finalReturn.p5
            run.mcFinalReturnP50 = result?.finalReturn.p50
            run.mcFinalReturnP95 = result?.finalReturn.p95
            run.mcMaxDrawdownP5 = result?.maxDrawdown.p5
            run.mcMaxDrawdownP50 = result?.maxDrawdown.p50
            run.mcMaxDrawdownP95 = result?.maxDrawdown.p95
            run.status = .completed
            run.finishedAt = Self.now()
            run.error = nil
            try run.update(db)
            if let (result, times) = monteCarlo {
                try db.insertAll(result.steps.indices.map {
                    MonteCarloBandRecord(runId: runID, step: result.steps[$0], time: times[result.steps[$0] - 1],
                                         lower: result.lower[$0], median: result.median[$0], upper: result.upper[$0])
                })
            }
        }
    }

    public func equityPoints(runID: Int64, series: EquityPointRecord.Series) throws(StorageError) -> [EquityPointRecord] {
        try read { db in
            try EquityPointRecord.filter(Column("run_id") == runID && Column("series") == series.rawValue)
                .order(Column("time")).fetchAll(db)
        }
    }

    /// A portfolio run's open positions and cash share at its stitched out-of-sample closes, in
    /// time order; empty for a plain run.
    public func holdingPoints(runID: Int64) throws(StorageError) -> [HoldingPointRecord] {
        try read { db in
            try HoldingPointRecord.filter(Column("run_id") == runID).order(Column("time")).fetchAll(db)
        }
    }
}
