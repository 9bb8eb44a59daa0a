import Backtesting
import GRDB
import WalkForward

extension PerformanceSummary {
    /// The metric columns, in the order of ``appendMetricValues(to:)``.
    static let metricColumns = metricNames + ["gross_profit", "gross_loss"]

    /// Every metric's value for its SPEC-named column; nil (NULL) where undefined.
    func appendMetricValues(to values: inout [(any DatabaseValueConvertible)?]) {
        for (_, value) in namedValues { values.append(value) }
        values.append(grossProfit)
        values.append(grossLoss)
    }

    /// Reads the metric columns of a `window_performance` or `trial` row, by ``metricColumns``.
    ///
    /// - Throws: a decoding error for a value of the wrong type, a NULL where the metric is
    ///   always defined, or a fractional count.
    init(metricsOf row: Row) throws {
        let values = try Self.metricNames.map { try row.decode(Double?.self, forColumn: $0) }
        guard let summary = PerformanceSummary(namedValues: values, grossProfit: try row.decode(forColumn: "gross_profit"),
                                               grossLoss: try row.decode(forColumn: "gross_loss")) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "a row's metrics are missing or not whole where they must be")
        }
        self = summary
    }
}

/// A row of `window_performance`: the in-sample or out-of-sample metrics of a window's best combination.
public struct PerformanceRecord: Sendable, FetchableRecord, BulkInsertable {
    public static let databaseTableName = "window_performance"
    public var windowId: Int64
    public var sample: Sample
    public var summary: PerformanceSummary

    public init(row: Row) throws {
        windowId = try row.decode(forColumn: "window_id")
        sample = try row.decode(forColumn: "sample")
        summary = try PerformanceSummary(metricsOf: row)
    }

    init(windowId: Int64, sample: Sample, summary: PerformanceSummary) {
        self.windowId = windowId
        self.sample = sample
        self.summary = summary
    }

    static let insertColumns = ["window_id", "sample"] + PerformanceSummary.metricColumns

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values.append(windowId)
        values.append(sample)
        summary.appendMetricValues(to: &values)
    }
}

/// A row of `trial`: one combination of one window's search.
public struct TrialRecord: Sendable, FetchableRecord, BulkInsertable {
    public static let databaseTableName = "trial"
    public var windowId: Int64
    public var trial: Trial

    public init(row: Row) throws {
        windowId = row["window_id"]
        trial = Trial(combinationIndex: row["combination_index"],
                      parameters: ParameterCoding.decode(row["parameters"]) ?? ParameterSet(),
                      summary: try PerformanceSummary(metricsOf: row), objectiveValue: row["objective_value"],
                      score: row["score"], rank: row["rank"], belowMinimumTrades: row["below_min_trades"],
                      proposalOrder: row["proposal_order"])
    }

    init(windowId: Int64, trial: Trial) {
        self.windowId = windowId
        self.trial = trial
    }

    static let insertColumns = ["window_id", "combination_index", "parameters", "objective_value", "score", "rank",
                                "below_min_trades", "proposal_order"] + PerformanceSummary.metricColumns

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values.append(windowId)
        values.append(trial.combinationIndex)
        values.append(ParameterCoding.encode(trial.parameters))
        values.append(trial.objectiveValue)
        values.append(trial.score)
        values.append(trial.rank)
        values.append(trial.belowMinimumTrades)
        values.append(trial.proposalOrder)
        trial.summary.appendMetricValues(to: &values)
    }
}
