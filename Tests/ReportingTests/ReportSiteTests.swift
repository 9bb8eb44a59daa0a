import Foundation
import GRDB
@testable import Reporting
import RunRecords
import Storage
import TestSupport
import WalkForward
import Testing

@Suite(.serialized) struct ReportSiteTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    static let recording = ProcessInfo.processInfo.environment["WFO_RECORD_SNAPSHOTS"] == "1"

    func render(_ database: WFODatabase) throws -> (folder: String, files: [String: Data]) {
        let folder = try CommandRunner.temporaryFolder().path
        let generator = ReportGenerator(database: database, outputFolder: folder, version: "test")
        try generator.renderRun(id: 1)
        try generator.renderIndex()
        return (folder, try ReportFixture.files(in: folder))
    }

    @Test func theSiteHasEveryFileOfSpecSection11() throws {
        let (_, files) = try render(try ReportFixture.database())
        let run = "runs/1-snapshot-study/"
        for name in ["index.html", "report.md", "equity.svg", "degradation.svg", "parameters.svg", "heatmap.svg", "windows.csv", "trades.csv",
                     "underwater.svg", "trades.svg", "monte-carlo.svg", "window-1.svg", "window-4.svg"] {
            #expect(files[run + name] != nil, "missing \(run + name)")
        }
        #expect(files["index.html"] != nil)
        #expect(files["assets/style.css"] != nil)
    }

    @Test func snapshotsOfTheFixedRun() throws {
        let (_, files) = try render(try ReportFixture.database())
        let compared = ["index.html": "index.html", "runs/1-snapshot-study/report.md": "report.md",
                        "runs/1-snapshot-study/index.html": "run.html", "runs/1-snapshot-study/equity.svg": "equity.svg",
                        "runs/1-snapshot-study/degradation.svg": "degradation.svg",
                        "runs/1-snapshot-study/parameters.svg": "parameters.svg", "runs/1-snapshot-study/heatmap.svg": "heatmap.svg",
                        "runs/1-snapshot-study/windows.csv": "windows.csv",
                        "runs/1-snapshot-study/trades.svg": "trades.svg", "runs/1-snapshot-study/underwater.svg": "underwater.svg",
                        "runs/1-snapshot-study/monte-carlo.svg": "monte-carlo.svg", "runs/1-snapshot-study/window-2.svg": "window-2.svg"]
        for (path, snapshot) in compared.sorted(by: { $0.key < $1.key }) {
            let actual = try #require(files[path], "\(path) missing")
            let url = Self.snapshots.appendingPathComponent(snapshot)
            if Self.recording {
                try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
                try actual.write(to: url)
                continue
            }
            let expected = try #require(FileManager.default.contents(atPath: url.path),
                                        "no snapshot \(snapshot); record with WFO_RECORD_SNAPSHOTS=1 swift test --filter ReportSiteTests")
            // Compared outside #expect, which would describe two large values element by element.
            let same = actual == expected
            #expect(same, "\(path) differs from __Snapshots__/\(snapshot); re-record with WFO_RECORD_SNAPSHOTS=1 if the change is intended")
        }
    }

    /// The report reads the study's settings stored with the run, never the YAML: a run whose
    /// stored study no longer parses renders exactly as before (it used to lose its objective,
    /// capital, searched ranges and description silently).
    @Test func aRunWhoseStoredStudyNoLongerParsesRendersTheSameReport() throws {
        let database = try ReportFixture.database(study: ReportFixture.study.replacingOccurrences(of: "position_size: 1000",
                                                                                                   with: "position_size: 1000\nobjective: sharpe"))
        let before = try render(database).files
        try DatabaseQueue(path: database.path).write { try $0.execute(sql: "UPDATE run SET study_text = 'name: [unclosed'") }
        let after = try render(database).files
        // Every chart and table is the same; only the study's text, quoted in the report, changed.
        for (name, data) in before where !name.hasSuffix("report.md") && !name.hasSuffix("1-snapshot-study/index.html") {
            #expect(after[name] == data, "\(name) changed")
        }
        let markdown = String(decoding: after["runs/1-snapshot-study/report.md"] ?? Data(), as: UTF8.self)
        #expect(markdown.contains("| Objective | sharpe |"), "\(markdown.prefix(3000))")
        #expect(markdown.contains("used by the snapshot tests"))
        #expect(markdown.contains("name: [unclosed"))
    }

    @Test func theSameRunRendersToTheSameBytes() throws {
        let database = try ReportFixture.database()
        let first = try render(database).files
        let second = try render(database).files
        #expect(first == second)
        // No absolute path of the machine leaks into the output.
        for (name, data) in first {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains(FileManager.default.temporaryDirectory.path), "\(name)")
            #expect(!text.contains(SharedData.projectRoot.path), "\(name)")
        }
    }

    @Test func everyUserStringIsEscaped() throws {
        let hostile = "<script>alert(1)</script> | *x*"
        let study = ReportFixture.study
            .replacingOccurrences(of: "name: Snapshot study", with: "name: \"\(hostile)\"")
            .replacingOccurrences(of: "  A *small* study on the **synthetic** market, used by the snapshot tests.", with: "  \(hostile)")
        let database = try ReportFixture.database(study: study)
        let windowID = try #require(try database.windows(runID: 1).last).id
        try database.saveFailed(windowID: windowID, message: hostile)
        let (_, files) = try render(database)
        #expect(!files.isEmpty)
        for (name, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            if name.hasSuffix(".html") || name.hasSuffix(".svg") {
                // The pages' own progress scripts aside, no script tag comes from user text.
                #expect(!text.contains("<script>alert(1)"), "\(name) has the study's <script> raw")
                #expect(!text.contains("alert(1)</script>"), "\(name) has the study's </script> raw")
                #expect(!text.contains("<img src=x"), "\(name)")
            }
        }
        let page = String(decoding: files.first { $0.key.hasSuffix("-script-alert-1-script-x/index.html") }?.value ?? Data(), as: UTF8.self)
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *x*"))
        // The failed window's message sits in one table row without breaking it.
        let markdown = String(decoding: files.first { $0.key.hasSuffix("/report.md") }?.value ?? Data(), as: UTF8.self)
        let windowRows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("FAILED") }
        let header = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| # | training") })
        let columns = header.filter { $0 == "|" }.count
        #expect(windowRows.count == 1)
        for row in windowRows {
            let characters = Array(row)
            let unescapedPipes = characters.indices.filter { characters[$0] == "|" && ($0 == 0 || characters[$0 - 1] != "\\") }
            #expect(unescapedPipes.count == columns, "\(row)")
        }
        #expect(markdown.contains("window 4: \\<script>alert(1)\\</script> \\| \\*x\\*"))
        let index = String(decoding: files["index.html"] ?? Data(), as: UTF8.self)
        #expect(index.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *x*"))
    }

    @Test func embeddedTemplatesMatchTheTemplatesFolder() throws {
        let folder = SharedData.projectRoot.appendingPathComponent("templates")
        for name in Templates.names {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(Templates.embedded.text(name) == onDisk, "\(name): run python3 Scripts/embed-templates.py")
        }
    }

    @Test func aTemplatesFolderOverridesTheDefaults() throws {
        let database = try ReportFixture.database()
        let templates = try CommandRunner.temporaryFolder()
        try "{{% CONTENT_TYPE: MARKDOWN }}\nCustom report for {{name}}\n".write(
            to: templates.appendingPathComponent("report.md.mustache"), atomically: true, encoding: .utf8)
        let folder = try CommandRunner.temporaryFolder().path
        let generator = ReportGenerator(database: database, outputFolder: folder,
                                        templates: try Templates(overridingWith: templates.path), version: "test")
        try generator.renderRun(id: 1)
        let markdown = try String(contentsOfFile: folder + "/runs/1-snapshot-study/report.md", encoding: .utf8)
        #expect(markdown == "Custom report for Snapshot study\n")
        #expect(throws: ReportError.self) { try Templates(overridingWith: "/no/such/folder") }
    }
}

@Suite struct ReportEdgeCaseTests {
    @Test func aRunWhoseWindowsAllFailedStillRendersAReport() throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = try WFODatabase(path: folder.appendingPathComponent("wfo.sqlite").path)
        let run = NewRun(name: "All failed", status: .pending, createdAt: 1_700_000_000_000, studyText: ReportFixture.study,
                         studyHash: "x", studyPath: "/fixture/study.yaml", strategy: "rsi", symbols: "BTCUSDT", timeframe: .oneHour,
                         startDate: 0, endDate: 1, dataSource: "synthetic", totalWindows: 2, combinations: 12, wfoVersion: "test")
        _ = try database.createRun(run, windows: [
            Window(index: 0, trainingStart: 0, trainingEnd: 86_400_000, testingStart: 86_400_000, testingEnd: 172_800_000),
            Window(index: 1, trainingStart: 86_400_000, trainingEnd: 172_800_000, testingStart: 172_800_000, testingEnd: 259_200_000),
        ])
        for window in try database.windows(runID: 1) { try database.saveFailed(windowID: window.id, message: "the data has a hole here") }
        try database.setStatus(.failed, ofRun: 1, error: "all 2 windows failed")
        let site = folder.appendingPathComponent("site").path
        let generator = ReportGenerator(database: database, outputFolder: site, version: "test")
        try generator.renderRun(id: 1)
        try generator.renderIndex()
        let markdown = try String(contentsOfFile: site + "/runs/1-all-failed/report.md", encoding: .utf8)
        #expect(markdown.contains("The run is **FAILED**: all 2 windows failed"))
        #expect(markdown.contains("- window 1: the data has a hole here"))
        for chart in ["equity", "degradation", "parameters", "heatmap"] {
            let svg = try String(contentsOfFile: site + "/runs/1-all-failed/\(chart).svg", encoding: .utf8)
            #expect(svg.hasPrefix("<svg"), "\(chart)")
            #expect(!svg.contains("NaN") && !svg.contains("inf"), "\(chart)")
        }
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        #expect(index.contains("status-failed"))
    }
}
