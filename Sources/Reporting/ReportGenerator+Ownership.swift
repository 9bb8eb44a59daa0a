import Foundation

extension ReportGenerator {
    /// The file that marks a site folder as wfo's: `SITE/.wfo-site` (hidden, so never served).
    public static let ownershipMarker = ".wfo-site"

    /// What the marker says to a person who finds it.
    static let ownershipNote = """
        This folder is a report site written by wfo (`wfo report`, `wfo run`, `wfo serve`).
        wfo rewrites index.html, assets/ and runs/ here; it refuses to write into a folder
        without this file when one of those already exists.

        """

    /// Makes sure the output folder is wfo's before anything is written into it, so no file
    /// wfo did not write is ever overwritten.
    ///
    /// - A folder that does not exist is created and marked (``ownershipMarker``).
    /// - A marked folder is wfo's.
    /// - An unmarked folder is adopted (marked) only when nothing wfo would write is there
    ///   yet, or when its `index.html` carries wfo's generator tag (a site from before the
    ///   marker); an `index.html` without the tag, or an `assets` or `runs` entry beside no
    ///   index, belongs to someone else.
    ///
    /// - Throws: ``ReportError/notOurs(_:)`` naming the foreign file, ``ReportError/cannotWrite(_:_:)``.
    public func claimOutputFolder() throws(ReportError) {
        try Self.claimOutputFolder(outputFolder)
    }

    /// ``claimOutputFolder()`` for a folder.
    public static func claimOutputFolder(_ outputFolder: String) throws(ReportError) {
        let marker = (outputFolder as NSString).appendingPathComponent(Self.ownershipMarker)
        if FileManager.default.fileExists(atPath: marker) { return }
        try checkOutputFolder(outputFolder)
        try writeAtomically(ownershipNote, to: marker)
    }

    /// Whether wfo may write into the folder, by the rules of ``claimOutputFolder()``, without
    /// writing anything: for commands to refuse a foreign folder before they start.
    ///
    /// - Throws: ``ReportError/notOurs(_:)`` naming the foreign file.
    public static func checkOutputFolder(_ outputFolder: String) throws(ReportError) {
        let folder = outputFolder as NSString
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(Self.ownershipMarker)) { return }
        let index = folder.appendingPathComponent("index.html")
        if FileManager.default.fileExists(atPath: index) {
            guard Self.isWrittenByWFO(index) else { throw .notOurs(index) }
        } else {
            for name in ["assets", "runs"] where FileManager.default.fileExists(atPath: folder.appendingPathComponent(name)) {
                throw .notOurs(folder.appendingPathComponent(name))
            }
        }
    }

    /// Whether an HTML file carries wfo's `<meta name="generator" content="wfo …">` in its head.
    static func isWrittenByWFO(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4_096)) ?? Data()
        return String(decoding: head, as: UTF8.self).contains(#"<meta name="generator" content="wfo "#)
    }
}
