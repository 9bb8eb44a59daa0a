import Foundation
import GRDB
@testable import Reporting
import RunRecords
import Storage
import TestSupport
import Testing

/// `wfo report --summary DIR`: the Markdown a person commits next to a study.
@Suite(.serialized) struct SummaryTests {
    func files(in folder: String) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try FileManager.default.contentsOfDirectory(atPath: folder).map {
            ($0, FileManager.default.contents(atPath: folder + "/" + $0) ?? Data())
        })
    }

    @Test func aSummaryIsTheSameForTheSameStudyWhateverTheTimesAndVersion() throws {
        let first = try ReportFixture.database(), second = try ReportFixture.database()
        let (a, b) = (try CommandRunner.temporaryFolder().path, try CommandRunner.temporaryFolder().path)
        let names = try ReportGenerator(database: first, outputFolder: a, version: "1.0 (commit aaaa)").writeSummary(ofRun: 1, into: a)
        try DatabaseQueue(path: second.path).write { db in
            try db.execute(sql: "UPDATE run SET created_at = 1800000000000, started_at = 1800000001000, finished_at = 1800000009000, wfo_version = 'other'")
        }
        try ReportGenerator(database: second, outputFolder: b, version: "2.0 (commit bbbb)").writeSummary(ofRun: 1, into: b)
        #expect(try files(in: a) == (try files(in: b)))
        #expect(names.first == "report.md")
        #expect(Set(names) == ["report.md", "equity.svg", "underwater.svg", "trades.svg", "degradation.svg", "parameters.svg",
                               "heatmap.svg", "overfitting.svg", "monte-carlo.svg"])
        let markdown = try String(contentsOfFile: a + "/report.md", encoding: .utf8)
        for absent in ["commit", "Created", "Finished", "](window-1.svg)", "2023-11-14"] { #expect(!markdown.contains(absent), "\(absent)") }
        #expect(markdown.contains("| Study SHA-256 |"))
    }

    @Test func aSummaryNeverOverwritesAFileItDidNotWriteAndRemovesOnlyItsOwn() throws {
        let database = try ReportFixture.database()
        let folder = try CommandRunner.temporaryFolder().path
        let generator = ReportGenerator(database: database, outputFolder: folder, version: "test")
        // The user's own files next to their study.
        try "my notes\n".write(toFile: folder + "/report.md", atomically: true, encoding: .utf8)
        try "name: mine\n".write(toFile: folder + "/study.yaml", atomically: true, encoding: .utf8)
        let refusal = #expect(throws: ReportError.self) { try generator.writeSummary(ofRun: 1, into: folder) }
        #expect(refusal?.description.hasPrefix(folder + "/report.md exists and was not written by wfo") == true)
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: folder)) == ["report.md", "study.yaml"], "nothing written")
        #expect(try String(contentsOfFile: folder + "/report.md", encoding: .utf8) == "my notes\n")

        try FileManager.default.removeItem(atPath: folder + "/report.md")
        try generator.writeSummary(ofRun: 1, into: folder)
        // A chart of an earlier summary that this one no longer has is removed; a manifest edited
        // to name files outside the folder or hidden ones is not followed.
        try "old".write(toFile: folder + "/old-chart.svg", atomically: true, encoding: .utf8)
        let outside = try CommandRunner.temporaryFolder().path + "/precious.txt"
        try "keep".write(toFile: outside, atomically: true, encoding: .utf8)
        let manifest = folder + "/" + ReportGenerator.summaryManifest
        let listed = try String(contentsOfFile: manifest, encoding: .utf8)
        try (listed + "old-chart.svg\n\(outside)\n../precious.txt\n.hidden\nstudy.yaml/../study.yaml\n")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        try generator.writeSummary(ofRun: 1, into: folder)
        #expect(!FileManager.default.fileExists(atPath: folder + "/old-chart.svg"))
        #expect(FileManager.default.fileExists(atPath: outside))
        #expect(FileManager.default.fileExists(atPath: folder + "/study.yaml"))
        #expect(try String(contentsOfFile: manifest, encoding: .utf8).split(separator: "\n").dropFirst().sorted()
                == ["degradation.svg", "equity.svg", "heatmap.svg", "monte-carlo.svg", "overfitting.svg", "parameters.svg", "report.md",
                    "trades.svg", "underwater.svg"])
        #expect(!ReportGenerator.isPlainFileName("../x") && !ReportGenerator.isPlainFileName("a/b") && !ReportGenerator.isPlainFileName(".x"))
    }
}
