import Charts
import RunRecords
import Storage
import WalkForward

/// A comparison of runs, rendered in memory: `index.html`, `report.md` and `equity.svg` —
/// what the runs were, their key figures and verdict checks side by side, their stitched
/// out-of-sample equity overlaid as returns, and the study settings in which they differ.
struct ComparisonReport {
    let data: ComparisonData
    let templates: Templates
    let version: String

    /// File name → content, for the comparison's folder (`compare/1-3/`).
    func files() throws(ReportError) -> [(String, String)] {
        let context = self.context()
        let markdown = try templates.template(Templates.compareMarkdown).render(context)
        let chart = equity()
        // Runs side by side stack on a phone into one card per row, each value labelled by its run.
        var body = HTMLTables.labelled(Markdown.html(from: markdown), stackedFrom: 2)
        body = RunReport.inline([("equity.svg", chart)], in: body)
        var page = context
        page["body"] = body
        return [("report.md", markdown), ("index.html", CheckMarks.inHTML(try templates.template(Templates.compareHTML).render(page))),
                ("equity.svg", chart)]
    }

    /// Each run's stitched out-of-sample equity as a return on its first point, so runs of
    /// different capital overlay: `(E_t / E_0 − 1) × 100`.
    func equity() -> String {
        let differences = settingsDifferences()
        let series = data.entries.enumerated().map { index, entry -> TimeSeries in
            let start = entry.stitched.values.first ?? 0
            let values = entry.stitched.values.map { start > 0 ? ($0 / start - 1) * 100 : nil }
            return TimeSeries(name: legendName(index, differences: differences), times: entry.stitched.times, values: values,
                              distinctAt: index)
        }
        return TimeSeriesChart(title: "Stitched out-of-sample return", yAxisTitle: "Return (%)", valueFormat: .percent,
                               series: series, referenceLine: ReferenceLine(value: 0, label: "break-even")).svg()
    }

    func context() -> [String: Any] {
        let runs = data.entries.map(\.run)
        func rows(_ labelled: [(String, [String])]) -> [[String: Any]] {
            labelled.map { label, values in ["label": label, "values": values.map { ["value": $0] }] }
        }
        let about: [(String, [String])] = [
            ("Name", runs.map(\.name)),
            ("Strategy", runs.map(\.strategy)),
            ("Symbols", runs.map { $0.symbolList.joined(separator: ", ") }),
            ("Timeframe", runs.map(\.timeframe.rawValue)),
            ("Calendar", runs.map(RunReportContext.calendarName)),
            ("Period", runs.map { "\(Formatting.date($0.startDate)) → \(Formatting.date($0.endDate))" }),
            ("Windows × combinations", runs.map { "\($0.totalWindows) × \($0.combinations)" }),
            ("Status", runs.map(\.status.rawValue)),
            ("Verdict", runs.map { "\(RunReportContext.verdictMark($0.verdict)) \($0.verdict?.rawValue ?? "no verdict")" }),
        ]
        let figureLabels = RunReportContext.figures(runs[0]).map(\.0)
        let figureValues = runs.map { RunReportContext.figures($0).map(\.1) }
        var figures = figureLabels.enumerated().map { index, label in (label, figureValues.map { $0[index] }) }
        figures += [
            ("PBO", runs.map { Formatting.number($0.pbo, decimals: 3) }),
            ("Median DSR", runs.map { Formatting.number($0.medianDsr, decimals: 3) }),
            ("Monte Carlo probability of a loss", runs.map { Formatting.percent($0.mcProbabilityOfLoss.map { $0 * 100 }) }),
        ]
        let differences = settingsDifferences()
        let unreadable = data.entries.filter { $0.settings == nil }.map { "run \($0.run.id)" }
        return [
            "title": runs.map { "run \($0.id)" }.joined(separator: ", "),
            "version": version,
            "runs": runs.map { run -> [String: Any] in
                ["id": String(run.id), "name": run.name, "link": "../../" + ReportGenerator.runFolder(run) + "/index.html",
                 "verdict": run.verdict?.rawValue ?? "no verdict", "verdict_mark": RunReportContext.verdictMark(run.verdict)]
            },
            "about": rows(about),
            "figures": rows(figures),
            "checks": rows(checks()),
            "differences": rows(differences),
            "has_differences": !differences.isEmpty,
            "unreadable": unreadable.joined(separator: ", "),
            "has_unreadable": !unreadable.isEmpty,
        ]
    }

    /// Each verdict check's note per run without its check's name (`✅ 2.10 % (must be > 0)`),
    /// in the order of ``Verdict/checkNames``; a check no run has is left out.
    func checks() -> [(String, [String])] {
        let notes = data.entries.map { ($0.run.robustnessNotes ?? "").split(separator: "\n").map(String.init) }
        return Verdict.checkNames.compactMap { name in
            let cells = notes.map { lines -> String? in
                for line in lines {
                    guard let space = line.firstIndex(of: " ") else { continue }
                    let rest = line[line.index(after: space)...]
                    if rest.hasPrefix(name + " ") { return String(line[..<space]) + " " + rest.dropFirst(name.count + 1) }
                }
                return nil
            }
            guard cells.contains(where: { $0 != nil }) else { return nil }
            return (name, cells.map { $0 ?? Formatting.missing })
        }
    }

    /// The legend's name of run `index`: `run 3: symbols [ETHUSDT] · timeframe 4h` — the
    /// settings in which the runs differ (``settingsDifferences()``, the description left out),
    /// which tell them apart where their names, cut to fit, may not; `run 3: its name` when
    /// they differ in nothing else.
    func legendName(_ index: Int, differences: [(String, [String])]) -> String {
        let run = data.entries[index].run
        let telling = differences.filter { $0.0 != "description" && $0.0 != "name" }
        guard !telling.isEmpty else { return "run \(run.id): \(run.name)" }
        return "run \(run.id): " + telling.map { "\($0.0) \($0.1[index])" }.joined(separator: " · ")
    }

    /// The settings whose values are not the same in every run (absent: `—`), in the order
    /// they first appear.
    func settingsDifferences() -> [(String, [String])] {
        let readable = data.entries.compactMap(\.settings)
        guard readable.count == data.entries.count else { return [] }
        var keys: [String] = []
        var seen = Set<String>()
        for settings in readable { for (key, _) in settings where seen.insert(key).inserted { keys.append(key) } }
        let lookups = readable.map { Dictionary($0.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }) }
        return keys.compactMap { key in
            let values = lookups.map { $0[key] ?? Formatting.missing }
            return Set(values).count > 1 ? (key, values) : nil
        }
    }
}
