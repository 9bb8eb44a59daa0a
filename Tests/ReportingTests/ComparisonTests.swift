import Foundation
import GRDB
@testable import Reporting
import RunRecords
import Storage
import StudyFile
import StudyRunner
import TestSupport
import Testing

/// `wfo report --compare`: runs side by side, their equity overlaid, their settings' differences.
@Suite(.serialized) struct ComparisonTests {
    /// A database holding the fixture study (run 1) and a variant of it (run 2) with another
    /// name, RSI periods and position size.
    static func twoRuns() throws -> WFODatabase {
        let database = try ReportFixture.database()
        let variant = ReportFixture.study
            .replacingOccurrences(of: "name: Snapshot study", with: "name: \"Variant <script>alert(1)</script> | pipe\"")
            .replacingOccurrences(of: "rsi_period: [7, 14, 21]", with: "rsi_period: [10, 20]")
            .replacingOccurrences(of: "position_size: 1000", with: "position_size: 500")
        _ = try StudyRunner(database: database, jobs: 2, version: "test")
            .run(try StudyRunner.check(try StudyParser.parse(variant, path: "/fixture/variant.yaml")))
        try ReportFixture.pinTimes(database)
        return database
    }

    func render(_ database: WFODatabase, _ ids: [Int64]) throws -> [String: String] {
        let folder = try CommandRunner.temporaryFolder().path
        let written = try ReportGenerator(database: database, outputFolder: folder, version: "test").renderComparison(of: ids)
        #expect(written == folder + "/compare/1-2")
        return Dictionary(uniqueKeysWithValues: try FileManager.default.contentsOfDirectory(atPath: written).map {
            ($0, try String(contentsOfFile: written + "/" + $0, encoding: .utf8))
        })
    }

    @Test func theComparisonMatchesItsSnapshotsAndDoesNotDependOnTheOrderAsked() throws {
        let database = try Self.twoRuns()
        let files = try render(database, [2, 1])
        let again = try render(database, [1, 2])
        let same = files == again
        #expect(same, "the order the runs are given in changes nothing")
        #expect(Set(files.keys) == ["index.html", "report.md", "equity.svg"])
        for (name, snapshot) in [("report.md", "compare.md"), ("index.html", "compare.html"), ("equity.svg", "compare-equity.svg")] {
            let url = ReportSiteTests.snapshots.appendingPathComponent(snapshot)
            let actual = Data((files[name] ?? "").utf8)
            if ReportSiteTests.recording { try actual.write(to: url); continue }
            let expected = try #require(FileManager.default.contents(atPath: url.path), "no snapshot \(snapshot); record with WFO_RECORD_SNAPSHOTS=1")
            let same = actual == expected
            #expect(same, "\(name) differs from __Snapshots__/\(snapshot)")
        }
    }

    @Test func figuresChecksAndSettingsSitSideBySide() throws {
        let database = try Self.twoRuns()
        let files = try render(database, [1, 2])
        let markdown = try #require(files["report.md"])
        let runs = try DatabaseQueue(path: database.path).read { db in
            try Row.fetchAll(db, sql: "SELECT stitched_return, robustness_notes FROM run ORDER BY id")
        }
        #expect(runs.count == 2)
        // Each run's stitched return, formatted as the run's own report does, in its column.
        let returns = runs.map { String(format: "%.2f %%", ($0["stitched_return"] as Double?) ?? .nan) }
        #expect(markdown.contains("| Stitched out-of-sample return | \(returns[0]) | \(returns[1]) |"), "\(markdown)")
        // Each check once, with both runs' marks and values.
        let checks = try #require(markdown.components(separatedBy: "## Verdict checks").last?.components(separatedBy: "## Stitched").first)
        for name in ["Average out-of-sample ROI", "Consistency score", "Profitable windows", "Probability of backtest overfitting"] {
            let row = checks.split(separator: "\n").filter { $0.hasPrefix("| \(name) | ") }
            #expect(row.count == 1, "\(name)")
            #expect(row.first.map { $0.components(separatedBy: "(must be").count == 3 } == true, "\(row)")
        }
        // Only what differs, in the order of the study file; the name's markup is escaped.
        let differences = try #require(markdown.components(separatedBy: "## Differences in study settings").last)
        let rows = differences.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| setting") && !$0.hasPrefix("| ---") }.map(String.init)
        #expect(rows.map { $0.components(separatedBy: " | ").first ?? "" } == ["| name", "| parameter_ranges.rsi_period", "| position_size"], "\(rows)")
        #expect(rows[1].hasSuffix("| \\[7, 14, 21\\] | \\[10, 20\\] |"))
        #expect(rows[0].contains("Variant \\<script>alert(1)\\</script> \\| pipe"))
        let html = try #require(files["index.html"])
        #expect(!html.contains("<script>alert"), "user text is escaped in the page")
        #expect(html.contains("href=\"../../runs/2-variant-script-alert-1-script-pipe/index.html\""))
        // The overlaid chart: one line per run, named by what differs besides the name (issue 32).
        let svg = try #require(files["equity.svg"])
        #expect(svg.contains("run 1: parameter_ranges.rsi_period [7, 14, 21] · position_size 1000"), "\(svg.prefix(4000))")
        #expect(svg.contains("run 2: parameter_ranges.rsi_period [10, 20] · position_size 500"))
        #expect(!svg.contains("<script>"))
    }

    @Test(arguments: [
        ([1], ComparisonError.tooFew), ([1, 1], .repeated(1)), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], .tooMany(11)), ([1, 9], .noSuchRun(9)),
    ] as [([Int64], ComparisonError)])
    func runsThatCannotBeComparedAreRefusedAndNothingIsWritten(ids: [Int64], error: ComparisonError) throws {
        let database = try ReportFixture.database()
        let folder = try CommandRunner.temporaryFolder().path
        #expect(throws: ReportError.self) { try ReportGenerator(database: database, outputFolder: folder, version: "test").renderComparison(of: ids) }
        #expect(throws: error) { _ = try ComparisonData(database: database, runIDs: ids) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/compare"))
    }

    @Test func aComparisonFolderNameIsItsSortedIds() {
        #expect(ComparisonData.folder([3, 1, 12]) == "compare/1-3-12")
        #expect(ComparisonData.ids(folderName: "1-3-12") == [1, 3, 12])
        for bad in ["", "1-", "-1", "1--3", "01-3", "1-x", "1-3/..", "１-3"] { #expect(ComparisonData.ids(folderName: bad) == nil, "\(bad)") }
    }

    @Test func studiesFlattenToKeyPathsInFileOrder() throws {
        let settings = try #require(StudySettings.flattened("""
            name: A
            parameter_ranges: {rsi_period: [7, 14], level: {min: 1, max: 2.5}}
            rules: [{when: "close > 1"}, {when: x}]
            flag: true
            nothing: ~
            """))
        #expect(settings.map { "\($0.key)=\($0.value)" } == [
            "name=A", "parameter_ranges.rsi_period=[7, 14]", "parameter_ranges.level.min=1", "parameter_ranges.level.max=2.5",
            "rules[0].when=close > 1", "rules[1].when=x", "flag=true", "nothing=null",
        ])
        #expect(StudySettings.flattened("name: [unclosed") == nil)
    }
}
