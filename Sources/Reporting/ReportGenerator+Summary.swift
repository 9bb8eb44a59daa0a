import Foundation

extension ReportGenerator {
    /// The file listing what a summary folder's wfo files are: `DIR/.wfo-summary`.
    public static let summaryManifest = ".wfo-summary"

    /// Writes a run's summary — `report.md` and the SVG charts it shows — into `folder`, the
    /// Markdown a person commits next to a study. It holds no wall-clock time, version, job id
    /// or per-window chart, so the same study gives the same bytes every time (`make site`).
    ///
    /// `folder` is usually a folder of the user's (their study's): wfo writes only the files
    /// its manifest (``summaryManifest``) lists as its own, refuses (``ReportError/notOurs(_:)``)
    /// before writing anything when one it would write is there and not listed, and removes the
    /// files of its previous summary that this one no longer has.
    ///
    /// - Returns: the names written, in order.
    @discardableResult
    public func writeSummary(ofRun id: Int64, into folder: String) throws(ReportError) -> [String] {
        let data: ReportData
        do { data = try ReportData(database: database, runID: id) } catch { throw .storage(error.description) }
        return try Self.writeSummary(try RunReport(data: data, templates: templates, version: version).summaryFiles(), into: folder)
    }

    /// ``writeSummary(ofRun:into:)`` for a batch: its `report.md` and charts.
    @discardableResult
    public func writeSummary(ofBatch id: Int64, into folder: String) throws(ReportError) -> [String] {
        let data: BatchReportData
        do { data = try BatchReportData(database: database, batchID: id) } catch { throw .storage(error.description) }
        return try Self.writeSummary(try BatchReport(data: data, templates: templates, version: version).summaryFiles(), into: folder)
    }

    static func writeSummary(_ files: [(String, String)], into folder: String) throws(ReportError) -> [String] {
        let manifest = (folder as NSString).appendingPathComponent(summaryManifest)
        let previous = Set((try? String(contentsOfFile: manifest, encoding: .utf8))?.split(separator: "\n").map(String.init)
            .filter(isPlainFileName) ?? [])
        for (name, _) in files where !previous.contains(name) {
            let path = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) { throw .notOurs(path) }
        }
        let names = files.map(\.0)
        // The manifest first: a summary stopped half-way still knows which files are its own.
        let listed = previous.union(names).sorted()
        try writeAtomically(manifestText(listed), to: manifest)
        for (name, content) in files { try writeAtomically(content, to: (folder as NSString).appendingPathComponent(name)) }
        for name in previous.subtracting(names).sorted() {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
        try writeAtomically(manifestText(names.sorted()), to: manifest)
        return names
    }

    /// A name in the folder itself (`report.md`, `window-3.svg`): never a path, a hidden file or
    /// a comment, so a manifest someone edited cannot make wfo touch anything else.
    static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    private static func manifestText(_ names: [String]) -> String {
        "# Files of this folder written by `wfo report --summary`; wfo rewrites or removes only these.\n"
            + names.map { $0 + "\n" }.joined()
    }
}
