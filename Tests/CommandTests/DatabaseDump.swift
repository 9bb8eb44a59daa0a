import Foundation
import GRDB

/// Every stored result of a database as text, without ids and wall-clock times, so two
/// runs of the same study can be compared number for number.
enum DatabaseDump {
    static let queries = [
        "SELECT name, status, study_hash, strategy, symbols, timeframe, start_date, end_date, data_source, candle_count, total_windows, combinations, error, avg_in_sample_roi, avg_out_of_sample_roi, avg_in_sample_win_rate, avg_out_of_sample_win_rate, performance_degradation, walk_forward_efficiency, consistency_score, profitable_windows_pct, stitched_return, stitched_sharpe, stitched_max_drawdown, buy_and_hold, verdict, is_robust, robustness_notes FROM run ORDER BY id",
        "SELECT window_index, status, training_start, training_end, testing_start, testing_end, best_parameters, best_combination, performance_drop_pct, error FROM window ORDER BY run_id, window_index",
        "SELECT w.window_index, p.* FROM window_performance p JOIN window w ON w.id = p.window_id ORDER BY w.run_id, w.window_index, p.sample",
        "SELECT w.window_index, t.* FROM trial t JOIN window w ON w.id = t.window_id ORDER BY w.run_id, w.window_index, t.combination_index",
        "SELECT w.window_index, t.sample, t.symbol, t.side, t.entry_time, t.entry_price, t.exit_time, t.exit_price, t.quantity, t.fees, t.profit_loss, t.exit_reason, t.confidence, t.candles_held FROM trade t JOIN window w ON w.id = t.window_id ORDER BY w.run_id, w.window_index, t.sample, t.entry_time, t.symbol",
        "SELECT series, time, value FROM equity_point ORDER BY run_id, series, time",
    ]

    static func text(of path: String) throws -> String {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            try queries.map { sql in
                try Row.fetchAll(db, sql: sql).map { row in
                    row.columnNames.filter { $0 != "window_id" }.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: " ")
                }.joined(separator: "\n")
            }.joined(separator: "\n----\n")
        }
    }

    static func string(_ sql: String, in path: String) throws -> String? {
        try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: sql) }
    }

    static func count(_ sql: String, in path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }
}
