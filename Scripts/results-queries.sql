-- Every stored result of a wfo database, without row ids and wall-clock times: one query per
-- line. Read by Scripts/results_dump.py and by the tests' DatabaseDump, so both compare the same.
SELECT name, status, study_hash, strategy, symbols, timeframe, start_date, end_date, data_source, candle_count, total_windows, combinations, error, avg_in_sample_roi, avg_out_of_sample_roi, avg_in_sample_win_rate, avg_out_of_sample_win_rate, performance_degradation, walk_forward_efficiency, consistency_score, profitable_windows_pct, stitched_return, stitched_sharpe, stitched_max_drawdown, buy_and_hold, verdict, is_robust, robustness_notes, pbo, median_dsr, mc_paths, mc_probability_of_loss, mc_final_return_p5, mc_final_return_p50, mc_final_return_p95, mc_max_drawdown_p5, mc_max_drawdown_p50, mc_max_drawdown_p95, calendar, trading_days_per_year, spa_lower, spa_consistent, spa_upper, spa_benchmark FROM run ORDER BY id;
SELECT window_index, status, training_start, training_end, testing_start, testing_end, best_parameters, best_combination, performance_drop_pct, permutation_pvalue, permutations, error FROM window ORDER BY run_id, window_index;
SELECT w.window_index, p.permutation, p.best FROM window_permutation p JOIN window w ON w.id = p.window_id ORDER BY w.run_id, w.window_index, p.permutation;
SELECT w.window_index, p.* FROM window_performance p JOIN window w ON w.id = p.window_id ORDER BY w.run_id, w.window_index, p.sample;
SELECT w.window_index, t.* FROM trial t JOIN window w ON w.id = t.window_id ORDER BY w.run_id, w.window_index, t.combination_index;
SELECT w.window_index, t.sample, t.symbol, t.side, t.entry_time, t.entry_price, t.exit_time, t.exit_price, t.quantity, t.fees, t.profit_loss, t.exit_reason, t.confidence, t.candles_held FROM trade t JOIN window w ON w.id = t.window_id ORDER BY w.run_id, w.window_index, t.sample, t.entry_time, t.symbol;
SELECT series, time, value FROM equity_point ORDER BY run_id, series, time;
SELECT w.window_index, o.pbo, o.pbo_problem, o.cscv_blocks, o.days_per_block, o.logit_count, o.overfit_count, hex(o.logits) AS logits, o.dsr, o.psr, o.sharpe, o.expected_max_sharpe, o.trials, o.sharpe_variance, o.skewness, o.kurtosis, o.observations, o.spa_lower, o.spa_consistent, o.spa_upper, o.spa_statistic, o.spa_block_length, o.spa_resamples, hex(o.spa_simulated) AS spa_simulated FROM window_overfitting o JOIN window w ON w.id = o.window_id ORDER BY w.run_id, w.window_index;
SELECT step, time, lower, median, upper FROM monte_carlo_band ORDER BY run_id, step;
SELECT window_index, symbol, position, time, low, high, close FROM price_column ORDER BY run_id, window_index, symbol, position;
SELECT series, time, value FROM drawdown_point ORDER BY run_id, series, time;
SELECT series, year, month, return_pct FROM monthly_return ORDER BY run_id, series, year, month;
SELECT window_index, oos_skipped_entries FROM window WHERE oos_skipped_entries IS NOT NULL ORDER BY run_id, window_index;
SELECT time, positions, cash_share FROM holding_point ORDER BY run_id, time;
SELECT b.name, b.study_hash, b.axes, b.total_cells, c.cell_index, c.labels, r.name AS run_name FROM batch_cell c JOIN batch b ON b.id = c.batch_id JOIN run r ON r.id = c.run_id ORDER BY b.id, c.cell_index;
