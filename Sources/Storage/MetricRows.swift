import Backtesting
import GRDB
import WalkForward

extension PerformanceSummary {
    /// Writes every metric into its SPEC-named column; NULL where undefined.
    func encodeMetrics(to container: inout PersistenceContainer) {
        for (name, value) in namedValues { container[name] = value }
        container["gross_profit"] = grossProfit
        container["gross_loss"] = grossLoss
    }

    /// Reads the metric columns of a `window_performance` or `trial` row.
    init(metricsOf row: Row) {
        self.init(
            totalTrades: row["total_trades"], winningTrades: row["winning_trades"], losingTrades: row["losing_trades"],
            winRate: row["win_rate"], roi: row["roi"], totalProfitLoss: row["total_profit_loss"],
            initialEquity: row["initial_equity"], finalEquity: row["final_equity"], maxDrawdown: row["max_drawdown"],
            sharpeRatio: row["sharpe_ratio"], sortinoRatio: row["sortino_ratio"], calmarRatio: row["calmar_ratio"],
            profitFactor: row["profit_factor"], expectancy: row["expectancy"], sqn: row["sqn"], exposure: row["exposure"],
            buyAndHold: row["buy_and_hold"], candles: row["candles"], days: row["days"],
            grossProfit: row["gross_profit"], grossLoss: row["gross_loss"])
    }
}

/// A row of `window_performance`: the in-sample or out-of-sample metrics of a window's best combination.
public struct PerformanceRecord: Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "window_performance"
    public var windowId: Int64
    public var sample: Sample
    public var summary: PerformanceSummary

    public init(row: Row) throws {
        windowId = row["window_id"]
        sample = Sample(rawValue: row["sample"]) ?? .inSample
        summary = PerformanceSummary(metricsOf: row)
    }

    init(windowId: Int64, sample: Sample, summary: PerformanceSummary) {
        self.windowId = windowId
        self.sample = sample
        self.summary = summary
    }

    public func encode(to container: inout PersistenceContainer) {
        container["window_id"] = windowId
        container["sample"] = sample.rawValue
        summary.encodeMetrics(to: &container)
    }
}

/// A row of `trial`: one combination of one window's search.
public struct TrialRecord: Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "trial"
    public var windowId: Int64
    public var trial: Trial

    public init(row: Row) throws {
        windowId = row["window_id"]
        trial = Trial(combinationIndex: row["combination_index"],
                      parameters: ParameterCoding.decode(row["parameters"]) ?? ParameterSet(),
                      summary: PerformanceSummary(metricsOf: row), objectiveValue: row["objective_value"],
                      score: row["score"], rank: row["rank"], belowMinimumTrades: row["below_min_trades"])
    }

    init(windowId: Int64, trial: Trial) {
        self.windowId = windowId
        self.trial = trial
    }

    public func encode(to container: inout PersistenceContainer) {
        container["window_id"] = windowId
        container["combination_index"] = trial.combinationIndex
        container["parameters"] = ParameterCoding.encode(trial.parameters)
        container["objective_value"] = trial.objectiveValue
        container["score"] = trial.score
        container["rank"] = trial.rank
        container["below_min_trades"] = trial.belowMinimumTrades
        trial.summary.encodeMetrics(to: &container)
    }
}
