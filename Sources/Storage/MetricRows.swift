import Backtesting
import GRDB
import RunRecords
import WalkForward

extension PerformanceSummary {
    /// The metric columns, in the order of ``appendMetricValues(to:)``.
    static let metricColumns = metricNames + ["gross_profit", "gross_loss"]

    /// The metric columns that hold counts (INTEGER).
    static let countColumns = Set(Migrations.metricColumns.filter { $0.type == .integer }.map(\.name))

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
    init(metricsOf row: StoredRow) throws(StoredValueError) {
        let values: [Double?] = try Self.metricNames.map { name throws(StoredValueError) in
            // Counts are INTEGER columns: a REAL there is damage too.
            guard Self.countColumns.contains(name) else { return try row.value(name) }
            let count: Int? = try row.value(name)
            return count.map(Double.init)
        }
        guard let summary = PerformanceSummary(namedValues: values, grossProfit: try row.value("gross_profit"),
                                               grossLoss: try row.value("gross_loss")) else {
            let missing = zip(Self.metricNames, values).first { $0.1 == nil }?.0 ?? "a count"
            throw row.damage(missing, found: "NULL or a fraction", expected: "a defined metric (a whole number for a count)")
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
        let row = StoredRow(row, table: Self.databaseTableName)
        windowId = try row.value("window_id")
        sample = try row.value("sample")
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
        let row = StoredRow(row, table: Self.databaseTableName)
        windowId = try row.value("window_id")
        let text: String = try row.value("parameters")
        guard let parameters = ParameterCoding.decode(text) else {
            throw row.damage("parameters", found: "text that is not a JSON object of parameter values", expected: "the trial's parameters")
        }
        trial = Trial(combinationIndex: try row.value("combination_index"), parameters: parameters,
                      summary: try PerformanceSummary(metricsOf: row), objectiveValue: try row.value("objective_value"),
                      score: try row.value("score"), rank: try row.value("rank"), belowMinimumTrades: try row.value("below_min_trades"),
                      proposalOrder: try row.value("proposal_order"))
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
