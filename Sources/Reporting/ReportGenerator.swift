import Foundation
import MarketData
import Mustache
import RunRecords
import Storage

/// Writes the report site: `index.html` listing every run, and per run
/// `runs/<id>-<slug>/` with `index.html`, `report.md`, the SVG charts, `windows.csv` and
/// `trades.csv` (SPEC section 11).
///
/// Output is deterministic (the same run gives the same bytes), holds no absolute path and
/// no current time, and works offline and from `file://`. Each file is written to a
/// temporary name and renamed, so a reader never sees half a file. It writes only into a
/// folder that is wfo's (``claimOutputFolder()``), so it never overwrites a file it did not write.
///
/// ```swift
/// let generator = try ReportGenerator(database: database, outputFolder: "site", version: "0.1.0")
/// let folder = try generator.renderRun(id: 1)
/// try generator.renderIndex()
/// ```
public struct ReportGenerator: Sendable {
    public let database: WFODatabase
    public let outputFolder: String
    public let templates: Templates
    public let version: String

    public init(database: WFODatabase, outputFolder: String, templates: Templates = .embedded, version: String) {
        self.database = database
        self.outputFolder = outputFolder
        self.templates = templates
        self.version = version
    }

    /// The folder of a run's report, relative to the site root: `runs/1-btc-strategy-test`.
    public static func runFolder(_ run: RunRecord) -> String {
        "runs/\(run.id)-\(Formatting.slug(run.name))"
    }

    /// Whether the site holds a report of the run.
    public func hasReport(ofRun run: RunRecord) -> Bool {
        FileManager.default.fileExists(atPath: (outputFolder as NSString).appendingPathComponent(Self.runFolder(run) + "/index.html"))
    }

    /// Renders one run; returns its folder's path.
    @discardableResult
    public func renderRun(id: Int64) throws(ReportError) -> String {
        try claimOutputFolder()
        let data: ReportData
        do { data = try ReportData(database: database, runID: id) } catch { throw .storage(error.description) }
        return try write(try RunReport(data: data, templates: templates, version: version).files(), into: Self.runFolder(data.run))
    }

    /// The folder of a batch's report, relative to the site root: `batches/2-universe`.
    public static func batchFolder(_ batch: BatchRecord) -> String {
        "batches/\(batch.id)-\(Formatting.slug(batch.name))"
    }

    /// Renders one batch's page; returns its folder's path. Its cells' runs keep their own pages.
    @discardableResult
    public func renderBatch(id: Int64) throws(ReportError) -> String {
        try claimOutputFolder()
        let data: BatchReportData
        do { data = try BatchReportData(database: database, batchID: id) } catch { throw .storage(error.description) }
        return try write(try BatchReport(data: data, templates: templates, version: version).files(), into: Self.batchFolder(data.batch))
    }

    /// Renders the comparison of runs into `compare/<ids>/` (``ComparisonData/folder(_:)``);
    /// returns its folder's path.
    @discardableResult
    public func renderComparison(of ids: [Int64]) throws(ReportError) -> String {
        try claimOutputFolder()
        let files = try comparisonFiles(of: ids)
        return try write(files, into: ComparisonData.folder(ids))
    }

    /// The comparison's files in memory, for `wfo serve`, which writes nothing when asked for one.
    public func comparisonFiles(of ids: [Int64]) throws(ReportError) -> [(String, String)] {
        let data: ComparisonData
        do { data = try ComparisonData(database: database, runIDs: ids) } catch { throw .comparison(error) }
        return try ComparisonReport(data: data, templates: templates, version: version).files()
    }

    /// Writes a page's files into `relativeFolder` of the site, and the shared assets; returns the folder's path.
    private func write(_ files: [(String, String)], into relativeFolder: String) throws(ReportError) -> String {
        let folder = (outputFolder as NSString).appendingPathComponent(relativeFolder)
        for (name, content) in files { try write(content, to: (folder as NSString).appendingPathComponent(name)) }
        try writeAssets()
        return folder
    }

    /// Renders `index.html` listing every batch and every run in the database, newest first.
    public func renderIndex() throws(ReportError) {
        try claimOutputFolder()
        let runs: [RunRecord]
        do { runs = try database.runs() } catch { throw .storage(error.description) }
        let batches: [BatchRecord]
        let cells: [Int64: BatchCellRecord]
        do {
            batches = try database.batches()
            cells = try database.batchCellsByRun()
        } catch { throw .storage(error.description) }
        let batchRows: [[String: Any]] = batches.map { batch in
            let link = Self.batchFolder(batch) + "/index.html"
            let tally = BatchTally(runs: runs.filter { cells[$0.id]?.batchId == batch.id })
            return [
                "reference": batch.reference, "name": batch.name, "link": link,
                "has_report": FileManager.default.fileExists(atPath: (outputFolder as NSString).appendingPathComponent(link)),
                "created": Formatting.minute(batch.createdAt), "status": tally.status.rawValue,
                "status_class": tally.status.rawValue.lowercased(),
                "axes": batch.axisList.map { "\($0.key) × \($0.labels.count)" }.joined(separator: ", "),
                "cells": "\(tally.finished)/\(batch.totalCells)",
                "robust": "\(tally.robust)/\(batch.totalCells)",
            ]
        }
        let rows: [[String: Any]] = runs.map { run in
            let link = Self.runFolder(run) + "/index.html"
            let hasReport = hasReport(ofRun: run)
            return [
                "id": String(run.id), "name": run.name, "link": link, "has_report": hasReport,
                "created": Formatting.minute(run.createdAt), "created_sort": String(run.createdAt), "symbols": run.symbolList.joined(separator: ", "),
                "timeframe": run.timeframe.rawValue, "timeframe_minutes": String(run.timeframe.seconds / 60),
                "strategy": run.strategy, "status": run.status.rawValue,
                "status_class": run.status.rawValue.lowercased(),
                "verdict": run.verdict?.rawValue ?? Formatting.missing,
                "verdict_class": RunReport.verdictClass(run.verdict),
                "stitched_return": Formatting.percent(run.stitchedReturn),
                "wfe": Formatting.efficiency(run, decimals: 1, short: true),
                "pbo": Formatting.number(run.pbo, decimals: 3), "dsr": Formatting.number(run.medianDsr, decimals: 3),
                "is_active": run.status == .pending || run.status == .running,
                "progress": progress(of: run),
                "batch": cells[run.id]?.reference ?? "",
            ]
        }
        let context: [String: Any] = ["version": version, "runs": rows, "has_runs": !rows.isEmpty,
                                      "largest_comparison": String(ComparisonData.largestCount),
                                      "batches": batchRows, "has_batches": !batchRows.isEmpty]
        try write(try templates.template(Templates.index).render(context), to: (outputFolder as NSString).appendingPathComponent("index.html"))
        try writeAssets()
    }

    /// Percent of a run's windows that are finished, as the progress bar's width.
    private func progress(of run: RunRecord) -> String {
        guard let windows = try? database.windows(runID: run.id), run.totalWindows > 0 else { return "0" }
        return Formatting.fixed(Double(RunRecord.finishedCount(windows)) / Double(run.totalWindows) * 100, 0)
    }

    private func writeAssets() throws(ReportError) {
        for asset in Templates.assets {
            try write(templates.text(asset), to: (outputFolder as NSString).appendingPathComponent(asset))
        }
    }

    /// Writes atomically, creating folders; unchanged files are left alone.
    func write(_ content: String, to path: String) throws(ReportError) {
        try Self.writeAtomically(content, to: path)
    }

    /// Writes atomically, creating folders; unchanged files are left alone.
    static func writeAtomically(_ content: String, to path: String) throws(ReportError) {
        let data = Data(content.utf8)
        if FileManager.default.contents(atPath: path) == data { return }
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotWrite(path, error.localizedDescription)
        }
    }
}
