import Foundation
import Mustache
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
        "runs/\(run.id ?? 0)-\(Formatting.slug(run.name))"
    }

    /// Renders one run; returns its folder's path.
    @discardableResult
    public func renderRun(id: Int64) throws(ReportError) -> String {
        try claimOutputFolder()
        let data: ReportData
        do { data = try ReportData(database: database, runID: id) } catch { throw .storage(error.description) }
        let files = try RunReport(data: data, templates: templates, version: version).files()
        let folder = (outputFolder as NSString).appendingPathComponent(Self.runFolder(data.run))
        for (name, content) in files { try write(content, to: (folder as NSString).appendingPathComponent(name)) }
        try writeAssets()
        return folder
    }

    /// Renders `index.html` listing every run in the database, newest first.
    public func renderIndex() throws(ReportError) {
        try claimOutputFolder()
        let runs: [RunRecord]
        do { runs = try database.runs() } catch { throw .storage(error.description) }
        let rows: [[String: Any]] = runs.map { run in
            let link = Self.runFolder(run) + "/index.html"
            let hasReport = FileManager.default.fileExists(atPath: (outputFolder as NSString).appendingPathComponent(link))
            return [
                "id": String(run.id ?? 0), "name": run.name, "link": link, "has_report": hasReport,
                "created": Formatting.dateTime(run.createdAt), "symbols": run.symbolList.joined(separator: ", "),
                "timeframe": run.timeframe, "status": run.status.rawValue,
                "status_class": run.status.rawValue.lowercased(),
                "verdict": run.verdict?.rawValue ?? Formatting.missing,
                "verdict_class": RunReport.verdictClass(run.verdict),
                "oos_roi": Formatting.percent(run.avgOutOfSampleRoi),
                "wfe": Formatting.percent(run.walkForwardEfficiency, decimals: 1),
                "is_active": run.status == .pending || run.status == .running,
                "progress": progress(of: run),
            ]
        }
        let context: [String: Any] = ["version": version, "runs": rows, "has_runs": !rows.isEmpty]
        try write(try templates.template(Templates.index).render(context), to: (outputFolder as NSString).appendingPathComponent("index.html"))
        try writeAssets()
    }

    /// Percent of a run's windows that are finished, as the progress bar's width.
    private func progress(of run: RunRecord) -> String {
        guard let windows = try? database.windows(runID: run.id ?? 0), run.totalWindows > 0 else { return "0" }
        return Formatting.fixed(Double(RunRecord.finishedCount(windows)) / Double(run.totalWindows) * 100, 0)
    }

    private func writeAssets() throws(ReportError) {
        try write(templates.text(Templates.styleSheet),
                  to: (outputFolder as NSString).appendingPathComponent(Templates.styleSheet))
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
