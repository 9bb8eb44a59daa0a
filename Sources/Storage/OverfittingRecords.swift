import Foundation
import GRDB
import Overfitting
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
        windowId = row["window_id"]
        pbo = row["pbo"]
        pboProblem = row["pbo_problem"]
        cscvBlocks = row["cscv_blocks"]
        daysPerBlock = row["days_per_block"]
        logitCount = row["logit_count"] ?? 0
        overfitCount = row["overfit_count"] ?? 0
        let blob: Data = row["logits"] ?? Data()
        logits = blob.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count - 3, by: 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self))) }
        }
        if let sharpe: Double = row["sharpe"] {
            deflatedSharpe = DeflatedSharpe.Result(
                deflated: row["dsr"], probabilistic: row["psr"], sharpe: sharpe, expectedMaximumSharpe: row["expected_max_sharpe"],
                trials: row["trials"], sharpeVariance: row["sharpe_variance"], skewness: row["skewness"], kurtosis: row["kurtosis"],
                observations: row["observations"])
        }
        if let consistent: Double = row["spa_consistent"] {
            let blob: Data = row["spa_simulated"] ?? Data()
            let values: [Double] = blob.withUnsafeBytes { raw in
                stride(from: 0, to: raw.count - 7, by: 8).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt64.self))) }
            }
            snooping = SuperiorPredictiveAbility.Result(
                lower: row["spa_lower"], consistent: consistent, upper: row["spa_upper"], statistic: row["spa_statistic"],
                blockLength: row["spa_block_length"],
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
        runId = row["run_id"]
        step = row["step"]
        time = row["time"]
        lower = row["lower"]
        median = row["median"]
        upper = row["upper"]
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
