import JSONText
import MarketData
import RunRecords
import WalkForward

// The JSON views of runs and windows, in one place: `wfo status --json`, `wfo runs --json`
// and the runs API print exactly these shapes.


extension RunRecord {
    /// `{id, name, status, total_windows, completed_windows, failed_windows, progress_percentage, ...}`
    /// and, once the run has them, the aggregates and verdict: the shape of `wfo status --json`
    /// and of the runs API; `wfo_version` is the build that ran it (`wfo --version`). A cluster run also has `cluster` (``ClusterRunRecord/json(counts:)``). A batch's run also has `batch` (``BatchCellRecord/json(axes:)``).
    public func statusJSON(windows: [WindowRecord], batch: JSONValue? = nil, cluster: JSONValue? = nil) -> JSONValue {
        columns.statusJSON(id: id, windows: windows, batch: batch, cluster: cluster)
    }
}

extension NewRun {
    /// ``RunRecord/statusJSON(windows:batch:cluster:)`` of the stored run `id`.
    func statusJSON(id: Int64, windows: [WindowRecord], batch: JSONValue?, cluster: JSONValue?) -> JSONValue {
        let finished = RunRecord.finishedCount(windows)
        var members: [(String, JSONValue)] = [
            ("id", .integer(id)),
            ("name", .string(name)),
            ("status", .string(status.rawValue)),
            ("total_windows", .integer(Int64(totalWindows))),
            ("completed_windows", .integer(Int64(windows.filter { $0.status == .completed }.count))),
            ("failed_windows", .integer(Int64(windows.filter { $0.status == .failed }.count))),
            ("progress_percentage", .number(totalWindows > 0 ? Double(finished) / Double(totalWindows) * 100 : 0)),
            ("strategy", .string(strategy)),
            ("symbols", .array(symbolList.map(JSONValue.string))),
            ("timeframe", .string(timeframe.rawValue)),
            ("start_date", .string(UTCTime.format(milliseconds: startDate))),
            ("end_date", .string(UTCTime.format(milliseconds: endDate))),
            ("combinations", .integer(Int64(combinations))),
            ("created_at", .string(UTCTime.format(milliseconds: createdAt))),
            ("started_at", startedAt.map { .string(UTCTime.format(milliseconds: $0)) } ?? .null),
            ("finished_at", finishedAt.map { .string(UTCTime.format(milliseconds: $0)) } ?? .null),
            ("error", error.map(JSONValue.string) ?? .null),
            ("wfo_version", .string(wfoVersion)),
        ]
        if let batch { members.append(("batch", batch)) }
        if let cluster { members.append(("cluster", cluster)) }
        if verdict != nil {
            members += [
                ("avg_in_sample_roi", .number(avgInSampleRoi)),
                ("avg_out_of_sample_roi", .number(avgOutOfSampleRoi)),
                ("avg_in_sample_win_rate", .number(avgInSampleWinRate)),
                ("avg_out_of_sample_win_rate", .number(avgOutOfSampleWinRate)),
                ("performance_degradation", .number(performanceDegradation)),
                ("walk_forward_efficiency", .number(walkForwardEfficiency)),
                ("consistency_score", .number(consistencyScore)),
                ("profitable_windows_pct", .number(profitableWindowsPct)),
                ("stitched_return", .number(stitchedReturn)),
                ("stitched_sharpe", .number(stitchedSharpe)),
                ("stitched_max_drawdown", .number(stitchedMaxDrawdown)),
                ("buy_and_hold", .number(buyAndHold)),
                ("verdict", verdict.map { .string($0.rawValue) } ?? .null),
                ("is_robust", isRobust.map(JSONValue.bool) ?? .null),
                ("robustness_notes", .array((robustnessNotes ?? "").split(separator: "\n").map { .string(String($0)) })),
                ("pbo", .number(pbo)),
                ("median_dsr", .number(medianDsr)),
                ("data_snooping", spaConsistent == nil ? .null : .object([
                    ("benchmark", spaBenchmark.map(JSONValue.string) ?? .null),
                    ("reality_check_pvalue", .number(spaUpper)),
                    ("spa_pvalues", .object([("lower", .number(spaLower)), ("consistent", .number(spaConsistent)),
                                             ("upper", .number(spaUpper))])),
                ])),
                ("permutation_test", windows.compactMap(\.permutations).first.map { permutations in
                    .object([("permutations", .integer(Int64(permutations))),
                             ("pvalues", .array(windows.filter { $0.status == .completed }.map { .number($0.permutationPvalue) }))])
                } ?? .null),
                ("monte_carlo", mcPaths == nil ? .null : .object([
                    ("paths", .integer(Int64(mcPaths ?? 0))),
                    ("probability_of_loss", .number(mcProbabilityOfLoss)),
                    ("final_return_pct", .object([("p5", .number(mcFinalReturnP5)), ("p50", .number(mcFinalReturnP50)),
                                                  ("p95", .number(mcFinalReturnP95))])),
                    ("max_drawdown_pct", .object([("p5", .number(mcMaxDrawdownP5)), ("p50", .number(mcMaxDrawdownP50)),
                                                  ("p95", .number(mcMaxDrawdownP95))])),
                ])),
                ("parameter_stability", .array(ParameterStability.of(
                    bestParameters: windows.filter { $0.status == .completed }.compactMap(\.bestParameterSet)).map(\.json))),
            ]
        }
        return .object(members)
    }
}

extension WindowRecord {
    /// A window as the runs API and `wfo status --json` show it.
    /// With `permutation_test` (`{permutations, pvalue}`) when the study ran one.
    public func json(inSample: PerformanceSummaryJSON?, outOfSample: PerformanceSummaryJSON?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("window_index", .integer(Int64(windowIndex + 1))),
            ("status", .string(status.rawValue)),
            ("training_start", .string(UTCTime.format(milliseconds: trainingStart))),
            ("training_end", .string(UTCTime.format(milliseconds: trainingEnd))),
            ("testing_start", .string(UTCTime.format(milliseconds: testingStart))),
            ("testing_end", .string(UTCTime.format(milliseconds: testingEnd))),
            ("best_parameters", bestParameterSet.map(ParameterCoding.json) ?? .null),
            ("performance_drop_pct", .number(performanceDropPct)),
            ("in_sample", inSample?.json ?? .null),
            ("out_of_sample", outOfSample?.json ?? .null),
            ("error", error.map(JSONValue.string) ?? .null),
        ]
        if let permutations {
            members.append(("permutation_test", .object([("permutations", .integer(Int64(permutations))),
                                                         ("pvalue", .number(permutationPvalue))])))
        }
        return .object(members)
    }
}

extension ParameterStability {
    /// `{name, values, mean, std, cv, min, max, most_frequent, most_frequent_share_pct, distinct_values}`.
    public var json: JSONValue {
        .object([
            ("name", .string(name)),
            ("values", .array(values.map(ParameterCoding.json))),
            ("mean", .number(mean)),
            ("std", .number(standardDeviation)),
            ("cv", .number(coefficientOfVariation)),
            ("min", .number(minimum)),
            ("max", .number(maximum)),
            ("most_frequent", ParameterCoding.json(mostFrequent)),
            ("most_frequent_share_pct", .number(mostFrequentSharePct)),
            ("distinct_values", .integer(Int64(distinctValues))),
        ])
    }
}

extension ClusterRunRecord {
    /// `{executor, work_folder, jobs, merge_job, tasks, units: {total, done, running, pending, failed}}`
    /// (`merge_job`: the job a `--detach` left to merge the results, or null):
    /// what a cluster run's JSON says of its execution; `counts` replaces the stored counts
    /// when they were counted live.
    public func json(counts: UnitCounts? = nil) -> JSONValue {
        let units = counts ?? UnitCounts(done: unitsDone, running: unitsRunning, pending: unitsPending, failed: unitsFailed)
        return .object([
            ("executor", .string(executor)),
            ("work_folder", .string(workFolder)),
            ("jobs", .array(jobIdList.map(JSONValue.string))),
            ("merge_job", mergeJobId.map(JSONValue.string) ?? .null),
            ("tasks", .integer(Int64(tasks))),
            ("units", .object([
                ("total", .integer(Int64(unitsTotal))), ("done", .integer(Int64(units.done))),
                ("running", .integer(Int64(units.running))), ("pending", .integer(Int64(units.pending))),
                ("failed", .integer(Int64(units.failed))),
            ])),
        ])
    }
}
