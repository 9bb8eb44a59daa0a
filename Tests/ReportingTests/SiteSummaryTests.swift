import Foundation
@testable import Reporting
import TestSupport
import Testing

/// The committed `site/`: the summaries of the offline examples, as `make site` writes them.
@Suite(.serialized) struct SiteSummaryTests {
    static let site = SharedData.projectRoot.appendingPathComponent("site")
    static let examples = SharedData.projectRoot.appendingPathComponent("examples")

    /// The examples that run offline (data from the synthetic market), by name: the rule of
    /// `Scripts/make-site.sh`.
    static func offlineExamples() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") }.sorted().filter { name in
            let text = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
            return text.split(separator: "\n").contains { line in
                let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                return code.contains("source: synthetic")
            }
        }.map { String($0.dropLast(".yaml".count)) }
    }

    static func files(in folder: URL) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try FileManager.default.contentsOfDirectory(atPath: folder.path).map {
            ($0, FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) ?? Data())
        })
    }

    @Test func everyOfflineExampleHasItsSummaryAndNothingElseIsThere() throws {
        let examples = try Self.offlineExamples()
        #expect(examples.count >= 8)
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.site.path).filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: Self.site.appendingPathComponent(name).path, isDirectory: &isFolder) && isFolder.boolValue
                && !["runs", "batches", "compare", "assets"].contains(name)
        }
        #expect(Set(folders) == Set(examples), "site/ and the offline examples differ: run `make site` and commit site/")
    }

    /// Fails when the summaries are stale: results or the report changed since `make site`.
    @Test func theSummariesAreWhatTheExamplesGiveNow() throws {
        for example in try Self.offlineExamples() {
            let scratch = try CommandRunner.temporaryFolder()
            let database = scratch.appendingPathComponent("wfo.sqlite").path
            let run = try CommandRunner.wfo(["run", "examples/\(example).yaml", "--db", database, "--no-report", "--jobs", "2"])
            #expect(run.status == 0, "\(example): \(run.standardError)")
            let reference = run.standardOutput.hasPrefix("batch b1 ") ? "b1" : "1"
            let summary = scratch.appendingPathComponent("summary")
            let written = try CommandRunner.wfo(["report", reference, "--db", database, "--summary", summary.path])
            #expect(written.status == 0, "\(example): \(written.standardError)")
            let fresh = try Self.files(in: summary)
            let committed = (try? Self.files(in: Self.site.appendingPathComponent(example))) ?? [:]
            #expect(Set(fresh.keys) == Set(committed.keys), "site/\(example): run `make site` and commit site/")
            for (name, data) in fresh.sorted(by: { $0.key < $1.key }) {
                let same = committed[name] == data
                #expect(same, "site/\(example)/\(name) is stale: run `make site` and commit site/")
            }
        }
    }

    /// What GitHub shows: each summary rendered by cmark-gfm, every image it shows in its folder
    /// and every chart in the folder shown.
    @Test func theSummariesRenderWithEveryImagePresent() throws {
        for example in try Self.offlineExamples() {
            let folder = Self.site.appendingPathComponent(example)
            let markdown = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
            let html = Markdown.html(from: markdown)
            let images = html.components(separatedBy: "<img src=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
            #expect(!images.isEmpty, "\(example)")
            for image in images {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(image).path), "site/\(example): \(image) missing")
            }
            let charts = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".svg") }
            #expect(Set(charts) == Set(images), "site/\(example): charts not shown, or shown but missing")
            #expect(!html.contains("!["), "site/\(example): an image cmark did not render")
        }
    }
}
