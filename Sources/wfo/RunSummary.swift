import Foundation
import MarketData
import RunRecords

/// How a run reads on the terminal: status, aggregates, verdict and notes.
enum RunSummary {
    static func text(_ run: RunRecord, windows: [WindowRecord]) -> String {
        let completed = windows.filter { $0.status == .completed }.count
        let failed = windows.filter { $0.status == .failed }.count
        var lines = ["run \(run.id) \(run.status.rawValue): \(run.name)",
                     "windows: \(completed) completed, \(failed) failed, \(run.totalWindows) in all; \(run.combinations) combinations each"]
        if let error = run.error { lines.append("error: \(error)") }
        if run.verdict != nil {
            func percent(_ value: Double?) -> String { value.map { String(format: "%.2f %%", $0) } ?? "—" }
            func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }
            let rows: [(String, String)] = [
                ("avg in-sample ROI", percent(run.avgInSampleRoi)),
                ("avg out-of-sample ROI", percent(run.avgOutOfSampleRoi)),
                ("performance degradation", run.performanceDegradation == nil ? "n/a — in-sample not profitable" : percent(run.performanceDegradation)),
                ("walk-forward efficiency", run.walkForwardEfficiency == nil ? "n/a — in-sample not profitable" : percent(run.walkForwardEfficiency)),
                ("consistency score", number(run.consistencyScore)),
                ("profitable windows", percent(run.profitableWindowsPct)),
                ("stitched OOS return", percent(run.stitchedReturn)),
                ("stitched OOS Sharpe", number(run.stitchedSharpe)),
                ("stitched OOS max drawdown", percent(run.stitchedMaxDrawdown)),
                ("buy and hold (same span)", percent(run.buyAndHold)),
            ]
            let width = rows.map(\.0.count).max() ?? 0
            lines.append("")
            lines += rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            lines.append("")
            lines += (run.robustnessNotes ?? "").split(separator: "\n").map(String.init)
        }
        return lines.joined(separator: "\n")
    }
}
