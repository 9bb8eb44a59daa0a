import GRDB
import RunRecords

/// The schema, as forward-only migrations. Never edit a registered migration: add one.
///
/// Times are UTC epoch milliseconds (INTEGER). Metrics are REAL columns named as in SPEC
/// section 6; NULL where a metric is undefined.
enum Migrations {
    /// The metric columns shared by `window_performance` and `trial`, in SPEC order.
    static let metricColumns: [(name: String, type: Database.ColumnType)] = [
        ("total_trades", .integer), ("winning_trades", .integer), ("losing_trades", .integer),
        ("win_rate", .double), ("roi", .double), ("total_profit_loss", .double), ("max_drawdown", .double),
        ("sharpe_ratio", .double), ("sortino_ratio", .double), ("calmar_ratio", .double),
        ("profit_factor", .double), ("expectancy", .double), ("sqn", .double), ("exposure", .double),
        ("buy_and_hold", .double), ("initial_equity", .double), ("final_equity", .double),
        ("candles", .integer), ("days", .integer), ("gross_profit", .double), ("gross_loss", .double),
    ]
    /// Metrics that are never NULL.
    static let requiredMetrics: Set<String> = [
        "total_trades", "winning_trades", "losing_trades", "roi", "total_profit_loss", "max_drawdown", "exposure",
        "buy_and_hold", "initial_equity", "final_equity", "candles", "days", "gross_profit", "gross_loss",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("createRunsWindowsTrials") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("status", .text).notNull()
                    .check { ["PENDING", "RUNNING", "COMPLETED", "FAILED", "INTERRUPTED"].contains($0) }
                t.column("created_at", .integer).notNull()
                t.column("started_at", .integer)
                t.column("finished_at", .integer)
                t.column("study_text", .text).notNull()
                t.column("study_hash", .text).notNull()
                t.column("study_path", .text).notNull()
                t.column("strategy", .text).notNull()
                t.column("symbols", .text).notNull()
                t.column("timeframe", .text).notNull()
                t.column("start_date", .integer).notNull()
                t.column("end_date", .integer).notNull()
                t.column("data_source", .text).notNull()
                t.column("candle_count", .integer)
                t.column("total_windows", .integer).notNull()
                t.column("combinations", .integer).notNull()
                t.column("wfo_version", .text).notNull()
                t.column("error", .text)
                t.column("avg_in_sample_roi", .double)
                t.column("avg_out_of_sample_roi", .double)
                t.column("avg_in_sample_win_rate", .double)
                t.column("avg_out_of_sample_win_rate", .double)
                t.column("performance_degradation", .double)
                t.column("walk_forward_efficiency", .double)
                t.column("consistency_score", .double)
                t.column("profitable_windows_pct", .double)
                t.column("stitched_return", .double)
                t.column("stitched_sharpe", .double)
                t.column("stitched_max_drawdown", .double)
                t.column("buy_and_hold", .double)
                t.column("verdict", .text)
                t.column("is_robust", .boolean)
                t.column("robustness_notes", .text)
            }
            try db.create(table: "window") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("window_index", .integer).notNull()
                t.column("status", .text).notNull()
                    .check { ["PENDING", "OPTIMIZING", "TESTING", "COMPLETED", "FAILED"].contains($0) }
                t.column("training_start", .integer).notNull()
                t.column("training_end", .integer).notNull()
                t.column("testing_start", .integer).notNull()
                t.column("testing_end", .integer).notNull()
                t.column("best_parameters", .text)
                t.column("best_combination", .integer)
                t.column("performance_drop_pct", .double)
                t.column("error", .text)
                t.column("started_at", .integer)
                t.column("finished_at", .integer)
                t.uniqueKey(["run_id", "window_index"])
            }
            try db.create(table: "window_performance") { t in
                t.column("window_id", .integer).notNull().references("window", onDelete: .cascade)
                t.column("sample", .text).notNull().check { ["in_sample", "out_of_sample"].contains($0) }
                addMetricColumns(to: t)
                t.primaryKey(["window_id", "sample"])
            }
            try db.create(table: "trial") { t in
                t.column("window_id", .integer).notNull().references("window", onDelete: .cascade)
                t.column("combination_index", .integer).notNull()
                t.column("parameters", .text).notNull()
                t.column("objective_value", .double)
                t.column("score", .double).notNull()
                t.column("rank", .integer).notNull()
                t.column("below_min_trades", .boolean).notNull()
                addMetricColumns(to: t)
                t.primaryKey(["window_id", "combination_index"])
            }
            try db.create(table: "trade") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("window_id", .integer).notNull().indexed().references("window", onDelete: .cascade)
                t.column("sample", .text).notNull().check { ["in_sample", "out_of_sample"].contains($0) }
                t.column("symbol", .text).notNull()
                t.column("side", .text).notNull().check { ["long", "short"].contains($0) }
                t.column("entry_time", .integer).notNull()
                t.column("entry_price", .double).notNull()
                t.column("exit_time", .integer).notNull()
                t.column("exit_price", .double).notNull()
                t.column("quantity", .double).notNull()
                t.column("fees", .double).notNull()
                t.column("profit_loss", .double).notNull()
                t.column("exit_reason", .text).notNull()
                t.column("confidence", .double)
                t.column("candles_held", .integer).notNull()
            }
            try db.create(table: "equity_point") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("series", .text).notNull().check { ["stitched", "buy_and_hold"].contains($0) }
                t.column("time", .integer).notNull()
                t.column("value", .double).notNull()
                t.primaryKey(["run_id", "series", "time"])
            }
        }
        migrator.registerMigration("createCandleCache") { db in
            try db.create(table: "candle", options: .withoutRowID) { t in
                t.column("symbol", .text).notNull()
                t.column("timeframe", .text).notNull()
                t.column("open_time", .integer).notNull()
                t.column("open", .double).notNull()
                t.column("high", .double).notNull()
                t.column("low", .double).notNull()
                t.column("close", .double).notNull()
                t.column("volume", .double).notNull()
                t.primaryKey(["symbol", "timeframe", "open_time"])
            }
        }
        migrator.registerMigration("addOverfitting") { db in
            try db.create(table: "window_overfitting") { t in
                t.primaryKey("window_id", .integer).references("window", onDelete: .cascade)
                t.column("pbo", .double)
                t.column("pbo_problem", .text)
                t.column("cscv_blocks", .integer)
                t.column("days_per_block", .integer)
                t.column("logit_count", .integer)
                t.column("overfit_count", .integer)
                /// Every logit as a little-endian Float32, in enumeration order.
                t.column("logits", .blob)
                t.column("dsr", .double)
                t.column("psr", .double)
                t.column("sharpe", .double)
                t.column("expected_max_sharpe", .double)
                t.column("trials", .integer)
                t.column("sharpe_variance", .double)
                t.column("skewness", .double)
                t.column("kurtosis", .double)
                t.column("observations", .integer)
            }
            try db.alter(table: "run") { t in
                t.add(column: "pbo", .double)
                t.add(column: "median_dsr", .double)
                t.add(column: "mc_paths", .integer)
                t.add(column: "mc_probability_of_loss", .double)
                t.add(column: "mc_final_return_p5", .double)
                t.add(column: "mc_final_return_p50", .double)
                t.add(column: "mc_final_return_p95", .double)
                t.add(column: "mc_max_drawdown_p5", .double)
                t.add(column: "mc_max_drawdown_p50", .double)
                t.add(column: "mc_max_drawdown_p95", .double)
            }
            try db.create(table: "monte_carlo_band") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("step", .integer).notNull()
                t.column("time", .integer).notNull()
                t.column("lower", .double).notNull()
                t.column("median", .double).notNull()
                t.column("upper", .double).notNull()
                t.primaryKey(["run_id", "step"])
            }
        }
        migrator.registerMigration("addRunSettings") { db in
            try db.alter(table: "run") { t in
                t.add(column: "study_description", .text)
                t.add(column: "objective", .text)
                t.add(column: "initial_capital", .double)
                t.add(column: "parameter_ranges", .text)
                t.add(column: "cscv_blocks", .integer)
            }
        }
        migrator.registerMigration("addBatches") { db in
            try db.create(table: "batch") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("created_at", .integer).notNull()
                t.column("study_text", .text).notNull()
                t.column("study_hash", .text).notNull()
                t.column("study_path", .text).notNull()
                /// JSON: [{"key": "timeframe", "labels": ["1h", "4h"]}, ...], in the order written.
                t.column("axes", .text).notNull()
                t.column("total_cells", .integer).notNull()
                t.column("wfo_version", .text).notNull()
            }
            try db.create(table: "batch_cell") { t in
                t.column("batch_id", .integer).notNull().references("batch", onDelete: .cascade)
                t.column("cell_index", .integer).notNull()
                t.column("run_id", .integer).notNull().unique().references("run", onDelete: .cascade)
                /// JSON: the cell's label on each axis, in axis order.
                t.column("labels", .text).notNull()
                t.primaryKey(["batch_id", "cell_index"])
            }
        }
        migrator.registerMigration("addClusterRuns") { db in
            try db.create(table: "cluster_run") { t in
                t.primaryKey("run_id", .integer).references("run", onDelete: .cascade)
                t.column("executor", .text).notNull()
                t.column("work_folder", .text).notNull()
                /// JSON: how the tasks are submitted (partition, max_parallel, time_limit, extra_arguments).
                t.column("settings", .text).notNull()
                /// The scheduler's job ids, space-separated: the array, then any resubmission.
                t.column("job_ids", .text).notNull().defaults(to: "")
                t.column("tasks", .integer).notNull()
                t.column("units_total", .integer).notNull()
                t.column("units_done", .integer).notNull().defaults(to: 0)
                t.column("units_running", .integer).notNull().defaults(to: 0)
                t.column("units_pending", .integer).notNull().defaults(to: 0)
                t.column("units_failed", .integer).notNull().defaults(to: 0)
                /// JSON: how many times each array task was submitted again, `{"3": 1}` (bounded).
                t.column("resubmissions", .text).notNull().defaults(to: "{}")
                /// The job that merges the results when the array ends (`--detach`), while one is queued.
                t.column("merge_job_id", .text)
                t.column("updated_at", .integer).notNull()
            }
        }
        migrator.registerMigration("addRunCalendar") { db in
            try db.alter(table: "run") { t in
                /// The calendar's summary (``TradingCalendar/summary``); nil: stored before calendars (24/7).
                t.add(column: "calendar", .text)
                /// Its trading days per year, the square root of which annualises Sharpe and Sortino.
                t.add(column: "trading_days_per_year", .double)
            }
        }
        migrator.registerMigration("addReportSeries") { db in
            // What reports draw from full-resolution data, written when a run completes.
            try db.create(table: "price_column") { t in
                t.column("run_id", .integer).notNull().indexed().references("run", onDelete: .cascade)
                /// NULL: the stitched span; else the window whose testing period it covers.
                t.column("window_index", .integer)
                t.column("symbol", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("time", .integer).notNull()
                t.column("low", .double).notNull()
                t.column("high", .double).notNull()
                t.column("close", .double).notNull()
            }
            try db.create(table: "drawdown_point") { t in
                t.column("run_id", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("series", .text).notNull().check { ["stitched", "buy_and_hold"].contains($0) }
                t.column("time", .integer).notNull()
                t.column("value", .double).notNull()
            }
            try db.create(table: "monthly_return") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("series", .text).notNull().check { ["stitched", "buy_and_hold"].contains($0) }
                t.column("year", .integer).notNull()
                t.column("month", .integer).notNull()
                t.column("return_pct", .double).notNull()
                t.primaryKey(["run_id", "series", "year", "month"])
            }
        }
        migrator.registerMigration("addSearchOrder") { db in
            try db.alter(table: "trial") { t in
                /// When the search proposed the trial (0 first); NULL: stored before, where it is the combination index.
                t.add(column: "proposal_order", .integer)
            }
            try db.alter(table: "run") { t in
                /// `grid`, `random` or `tpe`; NULL: stored before (grid or random, see the study).
                t.add(column: "optimization_method", .text)
                /// How the search ran, in words (budget, batches, startup, warm start).
                t.add(column: "search_summary", .text)
            }
        }
        migrator.registerMigration("addDataSnooping") { db in
            try db.alter(table: "window_overfitting") { t in
                /// Hansen's SPA p-values (the upper one is White's Reality Check), the statistic
                /// max_j mean(d_j), the bootstrap's mean block length and resamples B.
                t.add(column: "spa_lower", .double)
                t.add(column: "spa_consistent", .double)
                t.add(column: "spa_upper", .double)
                t.add(column: "spa_statistic", .double)
                t.add(column: "spa_block_length", .double)
                t.add(column: "spa_resamples", .integer)
                /// Each resample's maxima (lower, consistent, upper) as little-endian Float64s, for pooling.
                t.add(column: "spa_simulated", .blob)
            }
            try db.alter(table: "run") { t in
                /// The windows' SPA pooled, and the benchmark (`zero` or `buy_and_hold`).
                t.add(column: "spa_lower", .double)
                t.add(column: "spa_consistent", .double)
                t.add(column: "spa_upper", .double)
                t.add(column: "spa_benchmark", .text)
            }
        }
        migrator.registerMigration("addPermutationTest") { db in
            try db.create(table: "window_permutation") { t in
                t.column("window_id", .integer).notNull().references("window", onDelete: .cascade)
                t.column("permutation", .integer).notNull()
                /// The best objective the search found on the permuted prices; NULL: none (−∞).
                t.column("best", .double)
                t.primaryKey(["window_id", "permutation"])
            }
            try db.alter(table: "window") { t in
                t.add(column: "permutation_pvalue", .double)
                t.add(column: "permutations", .integer)
            }
        }
        // Every table STRICT from here on (``StrictTables``): a later migration that adds a
        // column gives it one of INTEGER, REAL, TEXT, BLOB or ANY (GRDB's `.double` and
        // `.boolean` are DOUBLE and BOOLEAN, which a STRICT table refuses: write `.real` and `.integer`).
        migrator.registerMigration(StrictTables.migration) { db in
            try StrictTables.migrate(db)
        }
        migrator.registerMigration("addRunLog") { db in
            /// What a run's life said that is not a result: a damaged cache rebuilt, ….
            try db.create(table: "run_log", options: .strict) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .integer).notNull().indexed().references("run", onDelete: .cascade)
                t.column("time", .integer).notNull()
                t.column("message", .text).notNull()
            }
        }
        migrator.registerMigration("addPortfolioHoldings") { db in
            /// A portfolio window's out-of-sample entries that cash could not pay (NULL: not a portfolio).
            try db.alter(table: "window") { t in t.add(column: "oos_skipped_entries", .integer) }
            /// A portfolio run's open positions and cash share of equity at stitched out-of-sample closes.
            try db.create(table: "holding_point", options: .strict) { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("time", .integer).notNull()
                t.column("positions", .real).notNull()
                t.column("cash_share", .real).notNull()
                t.primaryKey(["run_id", "time"])
            }
        }
        return migrator
    }

    private static func addMetricColumns(to table: TableDefinition) {
        for (name, type) in metricColumns {
            let column = table.column(name, type)
            if requiredMetrics.contains(name) { column.notNull() }
        }
    }
}
