import Foundation
import MarketData
import RunRecords

/// How a batch reads on the terminal: its status, cells done, robust cells, and one line per cell.
enum BatchSummary {
    static func text(_ batch: BatchRecord, cells: [BatchCell], windows: [Int64: [WindowRecord]]) -> String {
        let tally = BatchTally(runs: cells.map(\.run))
        let status = tally.status, robust = tally.robust
        let axes = batch.axisList
        var lines = [
            "batch \(batch.reference) \(status.rawValue): \(batch.name)",
            "cells: \(tally.finished) of \(batch.totalCells) done (\(tally.failed) failed); "
                + "axes: " + axes.map { "\($0.key) [\($0.labels.joined(separator: ", "))]" }.joined(separator: " × "),
            "robust cells: \(robust) of \(batch.totalCells)"
                + (batch.totalCells > 0 ? String(format: " (%.0f %%)", Double(robust) / Double(batch.totalCells) * 100) : ""),
            "",
        ]
        func percent(_ value: Double?) -> String { value.map { String(format: "%.2f %%", $0) } ?? "—" }
        var rows = [["cell", "run", "status", "windows", "verdict", "OOS return", "WFE", "PBO", "DSR"] + axes.map(\.key)]
        for cell in cells {
            let run = cell.run
            rows.append([
                String(cell.cell.cellIndex + 1), String(run.id), run.status.rawValue,
                "\(RunRecord.finishedCount(windows[run.id] ?? []))/\(run.totalWindows)", run.verdict?.rawValue ?? "—",
                percent(run.stitchedReturn), run.verdict != nil && run.walkForwardEfficiency == nil ? "n/a" : percent(run.walkForwardEfficiency),
                run.pbo.map { String(format: "%.2f", $0) } ?? "—", run.medianDsr.map { String(format: "%.2f", $0) } ?? "—",
            ] + cell.cell.labelList)
        }
        lines.append(TextTable.render(rows))
        if !status.isFinal {
            lines.append("")
            lines.append("`wfo run --resume \(batch.reference)` runs the cells that are left")
        }
        return lines.joined(separator: "\n")
    }
}
