import Foundation
import GRDB
import Overfitting
import RunRecords
import WalkForward

/// A row of `window_overfitting`: the PBO and DSR of one window's search.
public struct WindowOverfittingRecord: Sendable, FetchableRecord, BulkInsertable {
    public static let databaseTableName = "window_overfitting"

    public var windowId: Int64
    public var pbo: Double?
    public var pboProblem: String?
    public var cscvBlocks: Int?
    public var daysPerBlock: Int?
    public var logitCount: Int
    public var overfitCount: Int
    public var logits: [Float]
    public var deflatedSharpe: DeflatedSharpe.Result?
    /// The Reality Check and SPA, with every resample's maxima (for pooling the windows).
    public var snooping: SuperiorPredictiveAbility.Result?

    init(windowId: Int64, overfitting: WindowOverfitting) {
        self.windowId = windowId
        pbo = overfitting.pbo?.probability
        pboProblem = overfitting.problem
        cscvBlocks = overfitting.pbo?.blocks
        daysPerBlock = overfitting.pbo?.daysPerBlock
        logits = overfitting.pbo?.logits.map(Float.init) ?? []
        logitCount = logits.count
        overfitCount = overfitting.pbo?.logits.filter { $0 <= 0 }.count ?? 0
        deflatedSharpe = overfitting.deflatedSharpe
        snooping = overfitting.snooping
    }

    public init(row: Row) throws {
        let row = StoredRow(row, table: Self.databaseTableName)
        windowId = try row.value("window_id")
        pbo = try row.value("pbo")
        pboProblem = try row.value("pbo_problem")
        cscvBlocks = try row.value("cscv_blocks")
        daysPerBlock = try row.value("days_per_block")
        logitCount = try row.value("logit_count")
        overfitCount = try row.value("overfit_count")
        let blob: Data = try row.value("logits") ?? Data()
        guard blob.count == 4 * logitCount else {
            throw row.damage("logits", found: "\(blob.count) bytes", expected: "\(logitCount) logits of 4 bytes (logit_count)")
        }
        logits = blob.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count - 3, by: 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self))) }
        }
        if let sharpe: Double = try row.value("sharpe") {
            deflatedSharpe = DeflatedSharpe.Result(
                deflated: try row.value("dsr"), probabilistic: try row.value("psr"), sharpe: sharpe,
                expectedMaximumSharpe: try row.value("expected_max_sharpe"), trials: try row.value("trials"),
                sharpeVariance: try row.value("sharpe_variance"), skewness: try row.value("skewness"),
                kurtosis: try row.value("kurtosis"), observations: try row.value("observations"))
        }
        if let consistent: Double = try row.value("spa_consistent") {
            // Written with every SPA: NULL beside a p-value is damage, not "no resamples".
            let blob: Data = try row.value("spa_simulated")
            guard blob.count % 24 == 0 else {
                throw row.damage("spa_simulated", found: "\(blob.count) bytes", expected: "resamples of 3 × 8 bytes")
            }
            let values: [Double] = blob.withUnsafeBytes { raw in
                stride(from: 0, to: raw.count - 7, by: 8).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt64.self))) }
            }
            snooping = SuperiorPredictiveAbility.Result(
                lower: try row.value("spa_lower"), consistent: consistent, upper: try row.value("spa_upper"),
                statistic: try row.value("spa_statistic"), blockLength: try row.value("spa_block_length"),
                simulated: stride(from: 0, to: values.count - 2, by: 3).map { .init(lower: values[$0], consistent: values[$0 + 1], upper: values[$0 + 2]) })
        }
    }

    static let insertColumns = ["window_id", "pbo", "pbo_problem", "cscv_blocks", "days_per_block", "logit_count", "overfit_count",
                                "logits", "dsr", "psr", "sharpe", "expected_max_sharpe", "trials", "sharpe_variance", "skewness",
                                "kurtosis", "observations", "spa_lower", "spa_consistent", "spa_upper", "spa_statistic",
                                "spa_block_length", "spa_resamples", "spa_simulated"]

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values.append(windowId)
        values.append(pbo)
        values.append(pboProblem)
        values.append(cscvBlocks)
        values.append(daysPerBlock)
        values.append(logitCount)
        values.append(overfitCount)
        values.append(Self.littleEndianBytes(logits.map(\.bitPattern)))
        let dsr = deflatedSharpe
        values.append(dsr?.deflated)
        values.append(dsr?.probabilistic)
        values.append(dsr?.sharpe)
        values.append(dsr?.expectedMaximumSharpe)
        values.append(dsr?.trials)
        values.append(dsr?.sharpeVariance)
        values.append(dsr?.skewness)
        values.append(dsr?.kurtosis)
        values.append(dsr?.observations)
        values.append(snooping?.lower)
        values.append(snooping?.consistent)
        values.append(snooping?.upper)
        values.append(snooping?.statistic)
        values.append(snooping?.blockLength)
        values.append(snooping?.simulated.count)
        let maxima = (snooping?.simulated ?? []).flatMap { [$0.lower.bitPattern, $0.consistent.bitPattern, $0.upper.bitPattern] }
        values.append(snooping == nil ? nil : Self.littleEndianBytes(maxima))
    }

    /// The words' bytes, least significant first: one copy of the array, not an append per value
    /// (12,870 logits a window).
    static func littleEndianBytes<Word: FixedWidthInteger>(_ words: [Word]) -> Data {
        words.map(\.littleEndian).withUnsafeBytes { Data($0) }
    }
}

/// A row of `monte_carlo_band`: the 5 / 50 / 95 % equity (starting at 1) after trade `step`
/// of the stitched out-of-sample trades, at that trade's exit time.
public struct MonteCarloBandRecord: Sendable, FetchableRecord, BulkInsertable, Equatable {
    public static let databaseTableName = "monte_carlo_band"
    public var runId: Int64
    public var step: Int
    public var time: Int64
    public var lower: Double
    public var median: Double
    public var upper: Double

    public init(runId: Int64, step: Int, time: Int64, lower: Double, median: Double, upper: Double) {
        self.runId = runId
        self.step = step
        self.time = time
        self.lower = lower
        self.median = median
        self.upper = upper
    }

    public init(row: Row) throws {
        let row = StoredRow(row, table: Self.databaseTableName)
        runId = try row.value("run_id")
        step = try row.value("step")
        time = try row.value("time")
        lower = try row.value("lower")
        median = try row.value("median")
        upper = try row.value("upper")
    }

    static let insertColumns = ["run_id", "step", "time", "lower", "median", "upper"]

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values.append(runId)
        values.append(step)
        values.append(time)
        values.append(lower)
        values.append(median)
        values.append(upper)
    }
}

extension WFODatabase {
    /// The overfitting rows of a run's windows, by window id.
    public func overfitting(runID: Int64) throws(StorageError) -> [Int64: WindowOverfittingRecord] {
        try read { db in
            let rows = try WindowOverfittingRecord.fetchAll(db, sql: """
                SELECT o.* FROM window_overfitting o JOIN window w ON w.id = o.window_id WHERE w.run_id = ?
                """, arguments: [runID])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.windowId, $0) })
        }
    }

    public func monteCarloBands(runID: Int64) throws(StorageError) -> [MonteCarloBandRecord] {
        try read { db in
            try MonteCarloBandRecord.fetchAll(db, sql: "SELECT * FROM monte_carlo_band WHERE run_id = ? ORDER BY step", arguments: [runID])
        }
    }
}
