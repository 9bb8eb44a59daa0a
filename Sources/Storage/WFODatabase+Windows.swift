import Backtesting
import GRDB
import RunRecords
import WalkForward

extension WFODatabase {
    /// A run's windows in window order.
    public func windows(runID: Int64) throws(StorageError) -> [WindowRecord] {
        try read { db in try WindowRecord.filter(Column("run_id") == runID).order(Column("window_index")).fetchAll(db) }
    }

    /// Moves a window to OPTIMIZING or TESTING (a short transaction, for progress).
    public func setStatus(_ status: WindowStatus, ofWindow id: Int64) throws(StorageError) {
        try write { db in
            guard var window = try WindowRecord.fetchOne(db, key: id) else { return }
            window.status = status
            if status == .optimizing, window.startedAt == nil { window.startedAt = Self.now() }
            try window.update(db)
        }
    }

    /// Puts a window that was cut off mid-way (a crash or Ctrl-C) back to PENDING, deleting
    /// anything it owns, so a resumed run computes it from scratch.
    public func resetUnfinishedWindows(runID: Int64) throws(StorageError) {
        try write { db in
            let unfinished = try WindowRecord.filter(Column("run_id") == runID)
                .filter([WindowStatus.optimizing.rawValue, WindowStatus.testing.rawValue].contains(Column("status")))
                .fetchAll(db)
            for var window in unfinished {
                try TrialRecord.filter(Column("window_id") == window.id).deleteAll(db)
                try TradeRecord.filter(Column("window_id") == window.id).deleteAll(db)
                try PerformanceRecord.filter(Column("window_id") == window.id).deleteAll(db)
                try WindowOverfittingRecord.filter(Column("window_id") == window.id).deleteAll(db)
                window.status = .pending
                window.startedAt = nil
                try window.update(db)
            }
        }
    }

    /// Puts FAILED windows back to PENDING and the run to PENDING, so a retry reruns them
    /// (after the data they lacked was added).
    public func resetFailedWindows(runID: Int64) throws(StorageError) {
        try write { db in
            try db.execute(sql: "UPDATE window SET status = 'PENDING', error = NULL, started_at = NULL, finished_at = NULL WHERE run_id = ? AND status = 'FAILED'",
                           arguments: [runID])
            try db.execute(sql: "UPDATE run SET status = 'PENDING', error = NULL, finished_at = NULL WHERE id = ?", arguments: [runID])
        }
    }

    /// Stores everything a window produced and marks it COMPLETED, in one transaction: a
    /// crash leaves the window either untouched or complete. A window already finished is
    /// left as it is, so results are never stored twice.
    public func saveCompleted(windowID: Int64, evaluation: WindowEvaluation) throws(StorageError) {
        try write { db in
            guard var window = try WindowRecord.fetchOne(db, key: windowID), !window.status.isFinished else { return }
            try db.insertAll(evaluation.trials.lazy.map { TrialRecord(windowId: windowID, trial: $0) })
            try db.insertAll([PerformanceRecord(windowId: windowID, sample: .inSample, summary: evaluation.inSample.summary),
                              PerformanceRecord(windowId: windowID, sample: .outOfSample, summary: evaluation.outOfSample.summary)])
            try db.insertAll(evaluation.inSample.trades.lazy.map { TradeRecord(windowId: windowID, sample: .inSample, trade: $0) })
            try db.insertAll(evaluation.outOfSample.trades.lazy.map { TradeRecord(windowId: windowID, sample: .outOfSample, trade: $0) })
            if let overfitting = evaluation.overfitting {
                try db.insertAll([WindowOverfittingRecord(windowId: windowID, overfitting: overfitting)])
            }
            window.status = .completed
            window.bestParameters = ParameterCoding.encode(evaluation.best.parameters)
            window.bestCombination = evaluation.best.combinationIndex
            window.performanceDropPct = evaluation.performanceDropPct
            window.permutationPvalue = evaluation.permutation?.pValue
            window.permutations = evaluation.permutation?.permutations
            window.oosSkippedEntries = evaluation.outOfSample.positionCounts.isEmpty ? nil : evaluation.outOfSample.skippedEntries
            window.error = nil
            window.finishedAt = Self.now()
            try window.update(db)
            FaultInjection.pauseInsideCommit(windowID: windowID)
        }
    }

    /// The permutation test's finished permutations of a window: number → the best objective
    /// its search found (−∞ stored as NULL). They outlive a reset window, so a resumed run
    /// does not redo them.
    public func permutationBests(windowID: Int64) throws(StorageError) -> [Int: Double] {
        try read { db in
            var bests: [Int: Double] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT window_id, permutation, best FROM window_permutation WHERE window_id = ?",
                                        arguments: [windowID]) {
                let row = StoredRow(row, table: "window_permutation")
                let best: Double? = try row.value("best")
                bests[try row.value("permutation")] = best ?? -.infinity
            }
            return bests
        }
    }

    /// Stores finished permutations of a window in one transaction (a repeated number is kept as first stored).
    public func savePermutationBests(windowID: Int64, _ bests: [(permutation: Int, best: Double)]) throws(StorageError) {
        try write { db in
            for (number, best) in bests {
                try db.execute(sql: "INSERT OR IGNORE INTO window_permutation (window_id, permutation, best) VALUES (?, ?, ?)",
                               arguments: [windowID, number, best.isFinite ? best : nil])
            }
        }
    }

    /// Marks a window FAILED with its message; the run goes on.
    public func saveFailed(windowID: Int64, message: String) throws(StorageError) {
        try write { db in
            guard var window = try WindowRecord.fetchOne(db, key: windowID) else { return }
            window.status = .failed
            window.error = message
            window.finishedAt = Self.now()
            try window.update(db)
        }
    }

    public func performance(windowID: Int64, sample: Sample) throws(StorageError) -> PerformanceSummary? {
        try read { db in
            try PerformanceRecord.filter(Column("window_id") == windowID && Column("sample") == sample.rawValue)
                .fetchOne(db)?.summary
        }
    }

    /// A window's trials in combination order.
    public func trials(windowID: Int64) throws(StorageError) -> [Trial] {
        try read { db in
            try TrialRecord.filter(Column("window_id") == windowID).order(Column("combination_index")).fetchAll(db).map(\.trial)
        }
    }

    public func trades(windowID: Int64, sample: Sample) throws(StorageError) -> [Trade] {
        try read { db in
            try TradeRecord.filter(Column("window_id") == windowID && Column("sample") == sample.rawValue)
                .order(Column("entry_time"), Column("symbol")).fetchAll(db).map(\.trade)
        }
    }
}
