import Backtesting
import MarketData
import RunRecords
import Storage
import WalkForward

/// The values `report.md.mustache` reads, formatted for people. Text from the user (names,
/// symbols, parameters, error messages) is escaped by the template's MARKDOWN content type;
/// only `description` (Markdown on purpose) and the fenced study text are inserted raw.
enum RunReportContext {
    /// - Parameter summary: For a summary to commit (``ReportGenerator/writeSummary(ofRun:into:)``):
    ///   no wall-clock time, version or job id, and no link to the per-window charts.
    static func make(_ data: ReportData, version: String, heatmap: HeatmapChoice, summary: Bool = false) -> [String: Any] {
        let run = data.run
        let notes = (run.robustnessNotes ?? "").split(separator: "\n").filter { !$0.hasPrefix("Verdict:") }
        let verdict = run.verdict?.rawValue ?? "NO VERDICT"
        var context: [String: Any] = [
            "name": run.name,
            "description": run.studyDescription ?? "",
            "verdict": verdict,
            "verdict_mark": verdictMark(run.verdict),
            "has_verdict": run.verdict != nil,
            "notes": notes.map { ["line": String($0)] },
            "status": run.status.rawValue,
            "symbols": run.symbolList.joined(separator: ", "),
            "figures": figures(run).map { ["label": $0.0, "value": $0.1] },
            "parameter_names": data.searchedParameters.map { ["name": $0] },
            "windows": data.windows.map { windowRow($0, parameters: data.searchedParameters, linkingChart: !summary) },
            "summary": summary,
            "has_failed_windows": data.windows.contains { $0.record.status == .failed },
            "failed_windows": data.windows.filter { $0.record.status == .failed }.map {
                ["number": String($0.record.windowIndex + 1), "error": $0.record.error ?? "failed"]
            },
            "stability": data.parameterStability.map(stabilityRow),
            "heatmap_title": heatmap.title,
            "heatmap_caption": heatmap.caption,
            "study_text": data.run.studyText.hasSuffix("\n") ? String(data.run.studyText.dropLast()) : data.run.studyText,
            "study_fence": fence(for: data.run.studyText),
            "metadata": metadata(data, version: version).filter { !summary || !Self.changesBetweenRuns.contains($0.0) }
                .map { ["label": $0.0, "value": $0.1] },
            "trading_days": Formatting.number(run.tradingDaysPerYear ?? 365, decimals: (run.tradingDaysPerYear ?? 365).rounded() == (run.tradingDaysPerYear ?? 365) ? 0 : 2),
            "calendar_name": calendarName(run),
            "day_end": calendarName(run) == "24/7" ? "the last close of each UTC day" : "the last close of each session",
            "has_series": !data.priceColumns.isEmpty,
            "search_summary": run.searchSummary ?? "",
            "has_convergence": ReportCharts.hasConvergence(data),
            "objective_name": data.objective.rawValue,
            "first_symbol": run.symbolList.first ?? "",
            "trades_title": ReportCharts.stitchedTradesTitle(run.symbolList.first ?? ""),
            "month_names": MonthlyTable.names.map { ["name": $0] },
            "monthly_rows": MonthlyTable(data.monthlyReturns.filter { $0.series == .stitched }.map(\.monthly)).rows.map { row -> [String: Any] in
                ["year": String(row.year), "months": row.months.map { ["value": $0.map { Formatting.percent($0) } ?? ""] },
                 "total": Formatting.percent(row.total)]
            },
        ]
        if let error = run.error { context["error"] = error }
        context.merge(overfitting(data)) { $1 }
        context.merge(portfolio(data)) { $1 }
        return context
    }

    /// The overfitting section: pooled PBO, median DSR, the Monte Carlo figures, a row per window.
    static func overfitting(_ data: ReportData) -> [String: Any] {
        let run = data.run
        let rows = data.completedWindows.compactMap { window -> [String: String]? in
            guard let row = data.overfitting[window.record.id] else { return nil }
            let dsr = row.deflatedSharpe
            return [
                "number": String(window.record.windowIndex + 1),
                "pbo": row.pbo.map { Formatting.number($0, decimals: 3) } ?? "—",
                "logits": row.pbo == nil ? (row.pboProblem ?? "—") : Formatting.integer(row.logitCount),
                "dsr": dsr?.deflated.map { Formatting.number($0, decimals: 3) } ?? "—",
                "psr": dsr?.probabilistic.map { Formatting.number($0, decimals: 3) } ?? "—",
                "sharpe": dsr.map { Formatting.number($0.sharpe, decimals: 4) } ?? "—",
                "expected_max": dsr.map { Formatting.number($0.expectedMaximumSharpe, decimals: 4) } ?? "—",
                "trials": dsr.map { String($0.trials) } ?? "—",
                "skewness": dsr.map { Formatting.number($0.skewness, decimals: 2) } ?? "—",
                "kurtosis": dsr.map { Formatting.number($0.kurtosis, decimals: 2) } ?? "—",
                "spa": row.snooping.map { Formatting.number($0.consistent, decimals: 3) } ?? "—",
                "rc": row.snooping.map { Formatting.number($0.realityCheck, decimals: 3) } ?? "—",
                "block": row.snooping.map { Formatting.number($0.blockLength, decimals: 1) } ?? "—",
                "permutation": window.record.permutationPvalue.map { Formatting.number($0, decimals: 3) } ?? "—",
            ]
        }
        let permutations = data.completedWindows.compactMap(\.record.permutations).first
        func triple(_ a: Double?, _ b: Double?, _ c: Double?) -> String {
            [a, b, c].map { $0.map { Formatting.percent($0) } ?? "—" }.joined(separator: " / ")
        }
        return [
            "has_overfitting": !rows.isEmpty || run.mcPaths != nil,
            "overfitting_windows": rows,
            "pbo": run.pbo.map { Formatting.number($0, decimals: 3) } ?? "not computed",
            "median_dsr": run.medianDsr.map { Formatting.number($0, decimals: 3) } ?? "not computed",
            "cscv_blocks": run.cscvBlocks.map(String.init) ?? "—",
            "has_spa": run.spaConsistent != nil,
            "has_permutations": permutations != nil,
            "permutations": Formatting.integer(permutations),
            "permutation_pvalues": data.completedWindows.compactMap { window in
                window.record.permutationPvalue.map { "W\(window.record.windowIndex + 1) \(Formatting.number($0, decimals: 3))" }
            }.joined(separator: ", "),
            "spa_benchmark": run.spaBenchmark == "buy_and_hold" ? "buying and holding the symbols" : "zero",
            "spa_resamples": Formatting.integer(data.overfitting.values.compactMap { $0.snooping?.simulated.count }.first),
            "spa_lower": run.spaLower.map { Formatting.number($0, decimals: 3) } ?? "—",
            "spa_consistent": run.spaConsistent.map { Formatting.number($0, decimals: 3) } ?? "—",
            "spa_upper": run.spaUpper.map { Formatting.number($0, decimals: 3) } ?? "—",
            "has_monte_carlo": run.mcPaths != nil,
            "mc_paths": Formatting.integer(run.mcPaths),
            "mc_trades": Formatting.integer(data.monteCarloBands.last?.step),
            "mc_loss": run.mcProbabilityOfLoss.map { Formatting.percent($0 * 100) } ?? "—",
            "mc_final": triple(run.mcFinalReturnP5, run.mcFinalReturnP50, run.mcFinalReturnP95),
            "mc_drawdown": triple(run.mcMaxDrawdownP5, run.mcMaxDrawdownP50, run.mcMaxDrawdownP95),
        ]
    }

    /// `XNYS` from the stored summary; `24/7` for runs stored before calendars.
    static func calendarName(_ run: RunRecord) -> String {
        run.calendar.map { String($0.prefix { $0 != ":" }) } ?? "24/7"
    }

    static func verdictMark(_ verdict: Verdict?) -> String {
        switch verdict {
        case .robust: "✅"
        case .marginal: "⚠️"
        case .notRobust: "❌"
        case nil: "⏳"
        }
    }

    static func figures(_ run: RunRecord) -> [(String, String)] {
        [
            ("Average in-sample ROI", Formatting.percent(run.avgInSampleRoi)),
            ("Average out-of-sample ROI", Formatting.percent(run.avgOutOfSampleRoi)),
            ("Performance degradation", Formatting.ofProfitableInSample(run.performanceDegradation, computed: run.verdict != nil)),
            ("Walk-forward efficiency", Formatting.efficiency(run)),
            ("Consistency score", Formatting.number(run.consistencyScore, decimals: 0)),
            ("Profitable windows", Formatting.percent(run.profitableWindowsPct, decimals: 1)),
            ("Stitched out-of-sample return", Formatting.percent(run.stitchedReturn)),
            ("Stitched out-of-sample Sharpe", Formatting.number(run.stitchedSharpe)),
            ("Stitched out-of-sample max drawdown", Formatting.percent(run.stitchedMaxDrawdown)),
            ("Buy-and-hold over the same span", Formatting.percent(run.buyAndHold)),
        ]
    }

    /// Metadata rows that differ between two runs of the same study (times, versions, jobs),
    /// left out of a summary so it is the same every time it is written.
    static let changesBetweenRuns: Set<String> = ["Executor", "Units", "Created", "Started", "Finished", "Run by", "Report by"]

    static func windowRow(_ window: ReportData.WindowData, parameters: [String], linkingChart: Bool) -> [String: Any] {
        let record = window.record
        let inSample = window.inSample, outOfSample = window.outOfSample
        return [
            "number": String(record.windowIndex + 1),
            "training": "\(Formatting.date(record.trainingStart)) → \(Formatting.date(record.trainingEnd))",
            "testing": "\(Formatting.date(record.testingStart)) → \(Formatting.date(record.testingEnd))",
            "status": record.status.rawValue,
            // `false`, not "": a Mustache section fires on an empty string, which wrote `[1]()`.
            "chart": linkingChart && record.status == .completed && window.hasPrices ? ReportCharts.windowChart(record.windowIndex) : false,
            "best_values": parameters.map { ["value": record.bestParameterSet?[$0]?.description ?? Formatting.missing] },
            "is_trades": Formatting.integer(inSample?.totalTrades),
            "is_win_rate": Formatting.percent(inSample?.winRate, decimals: 1),
            "is_roi": Formatting.percent(inSample?.roi),
            "oos_trades": Formatting.integer(outOfSample?.totalTrades),
            "oos_win_rate": Formatting.percent(outOfSample?.winRate, decimals: 1),
            "oos_roi": Formatting.percent(outOfSample?.roi),
            "oos_sharpe": Formatting.number(outOfSample?.sharpeRatio),
            "oos_max_drawdown": Formatting.percent(outOfSample?.maxDrawdown),
            "drop": Formatting.ofProfitableInSample(record.performanceDropPct, computed: record.status == .completed, decimals: 1, short: true),
        ]
    }

    static func stabilityRow(_ stability: ParameterStability) -> [String: Any] {
        [
            "name": stability.name,
            "values": stability.values.map(\.description).joined(separator: ", "),
            "mean": Formatting.number(stability.mean),
            "std": Formatting.number(stability.standardDeviation),
            "cv": Formatting.number(stability.coefficientOfVariation),
            "mode": stability.mostFrequent.description,
            "share": Formatting.percent(stability.mostFrequentSharePct, decimals: 0),
        ]
    }

    static func metadata(_ data: ReportData, version: String) -> [(String, String)] {
        let run = data.run
        let cluster = data.cluster.map { cluster in
            [("Executor", "\(cluster.executor), job \(cluster.jobIdList.joined(separator: ", ")), \(cluster.tasks) array tasks"),
             ("Units", "\(cluster.unitsDone) of \(cluster.unitsTotal) done, \(cluster.unitsRunning) running, "
                + "\(cluster.unitsPending) pending, \(cluster.unitsFailed) failed")]
        } ?? []
        return cluster + [
            ("Run", String(run.id)),
            ("Status", run.status.rawValue),
            ("Strategy", run.strategy),
            ("Symbols", run.symbolList.joined(separator: ", ")),
            ("Timeframe", run.timeframe.rawValue),
            ("Calendar", run.calendar ?? "24/7 (stored before calendars)"),
            ("Period", "\(Formatting.dateTime(run.startDate)) → \(Formatting.dateTime(run.endDate))"),
            ("Windows", "\(data.completedWindows.count) completed of \(run.totalWindows)"),
            ("Combinations per window", String(run.combinations)),
            ("Objective", data.objective.rawValue),
            ("Data source", run.dataSource),
            ("Candles loaded", Formatting.integer(run.candleCount)),
            ("Created", Formatting.dateTime(run.createdAt)),
            ("Started", Formatting.dateTime(run.startedAt)),
            ("Finished", Formatting.dateTime(run.finishedAt)),
            ("Study SHA-256", run.studyHash),
            ("Run by", "wfo \(run.wfoVersion)"),
            ("Report by", "wfo \(version)"),
        ]
    }

    /// A code fence longer than any run of backticks in `text`, so the study cannot close it.
    static func fence(for text: String) -> String {
        var longest = 0, current = 0
        for character in text {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
