import Foundation

/// A throw-away report folder with traps around it, made fresh for each test.
///
/// ```
/// <tmp>/wfo-viewer-XXXX/
///   outside/secret.txt            OUTSIDE marker: must never be served
///   site-evil/secret.txt          SIBLING marker: shares the prefix "site"
///   site/                         the root being served
///     index.html style.css chart.svg report.md trades.csv data.json image.png
///     app.js notes.txt blob.bin LICENSE UPPER.HTML "a b.txt"
///     runs/x/index.html runs/x/report.md   runs/empty/ (no index)
///     .git/config .env            HIDDEN markers
///     link-to-etc -> /etc         link-to-secret -> ../outside/secret.txt
///     link-to-sibling -> ../site-evil/secret.txt
///     link-to-outside-dir -> ../outside
///     link-inside.html -> runs/x/index.html   runs-alias -> runs
///     link-to-git -> .git         fifo (a named pipe)
/// ```
final class SiteFixture: Sendable {
    static let outsideMarker = "WFO-OUTSIDE-SECRET-7f3a9c"
    static let siblingMarker = "WFO-SIBLING-SECRET-2b8e41"
    static let hiddenMarker = "WFO-HIDDEN-FILE-5d0c17"
    static let indexMarker = "WFO-SITE-INDEX-ok"
    static let runMarker = "WFO-RUN-X-ok"
    /// A line of /etc/passwd on any Linux or macOS machine.
    static let passwdMarker = "root:x:0:0"
    /// Every string whose presence in a response means a leak.
    static let forbiddenMarkers = [outsideMarker, siblingMarker, hiddenMarker, passwdMarker]

    let base: URL
    var root: String { self.base.appendingPathComponent("site").path }

    init() throws {
        self.base = FileManager.default.temporaryDirectory
            .appendingPathComponent("wfo-viewer-\(UUID().uuidString)")
        try self.build()
    }

    deinit { try? FileManager.default.removeItem(at: self.base) }

    /// Full path of a file inside the root.
    func path(_ relative: String) -> String { self.root + "/" + relative }

    /// Sets a file's modification time (whole seconds since 1970).
    func touch(_ relative: String, secondsSince1970: Int) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: TimeInterval(secondsSince1970))],
            ofItemAtPath: self.path(relative)
        )
    }

    private func build() throws {
        let files: [String: String] = [
            "outside/secret.txt": Self.outsideMarker,
            "site-evil/secret.txt": Self.siblingMarker,
            "site/index.html": "<!doctype html><title>Runs</title><h1>\(Self.indexMarker)</h1>\n",
            "site/style.css": "body { margin: 0 }\n",
            "site/chart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>\n",
            "site/report.md": "# Report\n",
            "site/trades.csv": "entry,exit\n1,2\n",
            "site/data.json": "{\"runs\":[]}\n",
            "site/app.js": "console.log(1)\n",
            "site/notes.txt": "notes\n",
            "site/LICENSE": "MIT\n",
            "site/UPPER.HTML": "<p>upper</p>\n",
            "site/a b.txt": "space in name\n",
            "site/runs/x/index.html": "<h1>\(Self.runMarker)</h1>\n",
            "site/runs/x/report.md": "# Run x\n",
            "site/.git/config": "[core] \(Self.hiddenMarker)\n",
            "site/.env": "TOKEN=\(Self.hiddenMarker)\n",
        ]
        let manager = FileManager.default
        for (relative, text) in files {
            let url = self.base.appendingPathComponent(relative)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]
        try Data(png).write(to: self.base.appendingPathComponent("site/image.png"))
        try Data([0, 1, 2, 3, 255]).write(to: self.base.appendingPathComponent("site/blob.bin"))
        try manager.createDirectory(at: self.base.appendingPathComponent("site/runs/empty"), withIntermediateDirectories: true)

        let links: [String: String] = [
            "site/link-to-etc": "/etc",
            "site/link-to-secret": "../outside/secret.txt",
            "site/link-to-sibling": "../site-evil/secret.txt",
            "site/link-to-outside-dir": "../outside",
            "site/link-inside.html": "runs/x/index.html",
            "site/runs-alias": "runs",
            "site/link-to-git": ".git",
        ]
        for (relative, destination) in links {
            try manager.createSymbolicLink(atPath: self.base.appendingPathComponent(relative).path, withDestinationPath: destination)
        }
        guard mkfifo(self.base.appendingPathComponent("site/fifo").path, 0o644) == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
