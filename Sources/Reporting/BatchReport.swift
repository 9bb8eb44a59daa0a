import Charts
import Foundation
import RunRecords
import Storage
import WalkForward

/// One batch's report files, rendered in memory: `index.html`, `report.md`, `equity.svg`,
/// `cells.csv`, and for a walk-forward matrix `wfe-matrix.svg` and `oos-matrix.svg`.
struct BatchReport {
    let data: BatchReportData
    let templates: Templates
    let version: String

    /// File name → content, for the batch's folder.
    func files() throws(ReportError) -> [(String, String)] {
        let context = self.context()
        let markdown = try templates.template(Templates.batchMarkdown).render(context)
        let svgs = charts()
        var body = HTMLTables.labelled(Markdown.html(from: markdown))
        body = Self.checkBadges(in: body, notes: data.cells.map(\.run.robustnessNotes))
        body = RunReport.inline(svgs, in: body, fitting: ["wfe-matrix.svg", "oos-matrix.svg"])
        var page = context
        page["body"] = body
        var files = [("report.md", markdown), ("index.html", CheckMarks.inHTML(try templates.template(Templates.batchHTML).render(page)))]
        files += svgs
        files.append(("cells.csv", cellsCSV()))
        return files
    }

    /// The summary to commit next to a matrix: `report.md` and its charts, without versions or
    /// links to the cells' pages (run them with `wfo report` to browse those).
    func summaryFiles() throws(ReportError) -> [(String, String)] {
        [("report.md", try templates.template(Templates.batchMarkdown).render(context(summary: true)))] + charts()
    }

    /// What both templates read.
    func context(summary: Bool = false) -> [String: Any] {
        let runs = data.runs, tally = data.tally
        let total = data.batch.totalCells, robust = tally.robust
        let allFinished = tally.finished == runs.count
        let fraction = total > 0 ? Double(robust) / Double(total) : 0
        let sentence: String
        switch (robust, allFinished) {
        case (_, false): sentence = "Cells still to run may change this."
        case (0, true): sentence = "No cell holds up: the strategy is not robust on any of these \(axisNouns)."
        case (total, true): sentence = "Every cell holds up: the result does not depend on the \(axisNouns)."
        default: sentence = "The verdict depends on the \(axisNouns): read the cells before trusting any one of them."
        }
        return [
            "id": String(data.batch.id), "reference": data.batch.reference, "name": data.batch.name, "version": version,
            "summary": summary,
            "batch_version": data.batch.wfoVersion,
            "status": tally.status.rawValue, "is_active": tally.status == .pending || tally.status == .running,
            "total_cells": String(total), "finished_cells": String(tally.finished),
            "failed_cells": tally.failed > 0 ? String(tally.failed) : false,
            "robust_cells": String(robust), "robust_fraction": Formatting.percent(fraction * 100, decimals: 0),
            "robust_sentence": sentence,
            "axes_text": data.axes.map { "\($0.key) (\($0.labels.joined(separator: ", ")))" }.joined(separator: " × "),
            "axes": data.axes.map { ["key": $0.key] },
            "axes_keys": data.axes.map(\.key).joined(separator: " · "),
            "is_walk_forward_matrix": data.walkForwardGrid != nil,
            "no_efficiency": allFinished && runs.allSatisfy { $0.walkForwardEfficiency == nil },
            "cells": data.cells.map { cell -> [String: Any] in
                let run = cell.run
                return [
                    "number": String(cell.cell.cellIndex + 1), "labels": cell.cell.labelList, "status": run.status.rawValue,
                    "verdict": run.verdict?.rawValue ?? Formatting.missing, "checks": Self.checks(run),
                    "oos_return": Formatting.percent(run.stitchedReturn), "wfe": Formatting.efficiency(run, decimals: 1, short: true),
                    "pbo": Formatting.number(run.pbo), "dsr": Formatting.number(run.medianDsr),
                    "run_id": String(run.id), "link": summary ? false : "../../" + ReportGenerator.runFolder(run) + "/index.html",
                ]
            },
        ]
    }

    /// `symbols and timeframes`: what the axes vary, for sentences.
    var axisNouns: String {
        let nouns = data.axes.map { axis -> String in
            switch axis.key {
            case "symbols": "markets"
            case "timeframe": "timeframes"
            case MatrixAxis.trainingKey: "training lengths"
            case MatrixAxis.testingKey: "testing lengths"
            default: axis.key.replacingOccurrences(of: "_", with: " ") + " values"
            }
        }
        return nouns.joined(separator: " and ")
    }

    /// The marks of the verdict's checks, in order (`✅✅❌✅✅✅✅➖`: one per check the
    /// verdict has, ➖ for one not computed); "—" before a verdict.
    static func checks(_ run: RunRecord) -> String {
        let marks = (run.robustnessNotes ?? "").split(separator: "\n").compactMap { CheckMarks.mark(of: $0)?.emoji }
        return marks.isEmpty ? Formatting.missing : marks.joined()
    }

    /// The page's checks column (`<td data-label="checks">`, one per cell in order) with each
    /// cell's marks as badges titled by their checks' notes (``CheckMarks/badges(notes:)``), so
    /// every mark says which check it is and what the figure was; and its verdict column
    /// coloured as the index's is.
    static func checkBadges(in html: String, notes: [String?]) -> String {
        let badged = HTMLTables.rewritingCells(labelled: "checks", in: html) { index, inner in
            let badges = index < notes.count ? CheckMarks.badges(notes: notes[index]) : nil
            return "<td data-label=\"checks\">" + (badges ?? String(inner)) + "</td>"
        }
        return HTMLTables.rewritingCells(labelled: "verdict", in: badged) { _, inner in
            "<td data-label=\"verdict\" class=\"verdict verdict-\(RunReport.verdictClass(Verdict(rawValue: String(inner))))\">\(inner)</td>"
        }
    }

    func charts() -> [(String, String)] {
        var charts = [("equity.svg", equity())]
        if let grid = data.walkForwardGrid {
            charts.append(("wfe-matrix.svg", heatmap(grid, title: "Walk-forward efficiency by training and testing length",
                                                     valueName: "WFE %", value: \.walkForwardEfficiency,
                                                     missing: "n/a (in-sample not profitable, or not run)")))
            charts.append(("oos-matrix.svg", heatmap(grid, title: "Stitched out-of-sample return by training and testing length",
                                                     valueName: "OOS return %", value: \.stitchedReturn, missing: "not run")))
        }
        return charts
    }

    /// Every cell's stitched out-of-sample equity as a return on its initial capital, each line
    /// named by its cell's labels (`3: ETHUSDT · 1h`); the chart grows with the legend.
    func equity() -> String {
        // Each cell keeps its colour and stroke (by cell number) whether or not the others have curves yet.
        let series = data.cells.filter { !$0.stitched.times.isEmpty }.map { cell -> TimeSeries in
            let capital = cell.run.initialCapital ?? cell.stitched.values.first ?? 1
            return TimeSeries(name: "\(cell.cell.cellIndex + 1): " + cell.cell.labelList.joined(separator: " · "),
                              times: cell.stitched.times, values: cell.stitched.values.map { ($0 / capital - 1) * 100 },
                              distinctAt: cell.cell.cellIndex)
        }
        return TimeSeriesChart(title: "Stitched out-of-sample equity of every cell",
                               yAxisTitle: "Return on initial capital (%)", valueFormat: .percent, series: series,
                               referenceLine: ReferenceLine(value: 0, label: "break-even"),
                               height: 340 + 10 * Double(series.count)).svg()
    }

    func heatmap(_ grid: (training: MatrixAxis, testing: MatrixAxis, cells: [[BatchReportData.CellData?]]),
                 title: String, valueName: String, value: KeyPath<RunRecord, Double?>, missing: String) -> String {
        // As narrow as the columns need (about 90 px each), so the page can fit it to a phone
        // (`fit`) with its labels still legible; at most the usual 720.
        let width = min(720, 300 + 90 * Double(grid.testing.labels.count))
        var chart = Heatmap(title: title, xName: "testing_window_days", yName: "training_window_days",
                            xValues: grid.testing.labels, yValues: grid.training.labels,
                            values: grid.cells.map { row in row.map { $0?.run[keyPath: value] } },
                            valueName: valueName, valueFormat: .percent,
                            width: width, height: min(420, 160 + 60 * Double(grid.training.labels.count)))
        chart.marked = grid.cells.map { row in row.map { $0?.run.verdict == .robust } }
        chart.markName = "ROBUST"
        chart.missingLabel = missing
        return chart.svg()
    }

    /// One row per cell with its axis values and figures, in full precision.
    func cellsCSV() -> String {
        let header = ["cell"] + data.axes.map(\.key) + ["run", "status", "verdict", "stitched_return", "walk_forward_efficiency",
                                                        "avg_out_of_sample_roi", "avg_in_sample_roi", "consistency_score",
                                                        "profitable_windows_pct", "pbo", "median_dsr", "stitched_sharpe",
                                                        "stitched_max_drawdown"]
        var lines = [header.joined(separator: ",")]
        for cell in data.cells {
            let run = cell.run
            let fields = [String(cell.cell.cellIndex + 1)] + cell.cell.labelList + [
                String(run.id), run.status.rawValue, run.verdict?.rawValue ?? "",
            ] + [run.stitchedReturn, run.walkForwardEfficiency, run.avgOutOfSampleRoi, run.avgInSampleRoi, run.consistencyScore,
                 run.profitableWindowsPct, run.pbo, run.medianDsr, run.stitchedSharpe, run.stitchedMaxDrawdown].map(ReportCSV.number)
            lines.append(fields.map(ReportCSV.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
