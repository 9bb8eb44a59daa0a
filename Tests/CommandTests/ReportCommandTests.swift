import Foundation
import TestSupport
import Testing

/// `wfo report --compare` and `wfo report --summary` as a user runs them.
@Suite(.serialized) struct ReportCommandTests {
    static let study = """
        name: Compare me
        symbols: [BTCUSDT]
        timeframe: 4h
        start_date: 2023-01-01
        end_date: 2023-07-01
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges: {rsi_period: [7, 14], rsi_oversold: [25, 30], rsi_overbought: [70]}
        position_size: 1000
        data: {source: synthetic, seed: 4}
        """

    /// A database with two runs of the study, the second with other RSI periods.
    func twoRuns() throws -> (folder: URL, database: String) {
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        for (index, text) in [Self.study, Self.study.replacingOccurrences(of: "[7, 14]", with: "[10, 21]")].enumerated() {
            let path = folder.appendingPathComponent("study\(index).yaml")
            try text.write(to: path, atomically: true, encoding: .utf8)
            let run = try CommandRunner.wfo(["run", path.path, "--db", database, "--no-report"])
            #expect(run.status == 0, "\(run.standardError)")
        }
        return (folder, database)
    }

    @Test func compareWritesThePageTheRunsReportsAndTheIndex() throws {
        let (folder, database) = try twoRuns()
        let site = folder.appendingPathComponent("site").path
        let result = try CommandRunner.wfo(["report", "--compare", "2", "1", "--db", database, "--out", site])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("comparison of runs 1, 2: \(site)/compare/1-2/index.html"))
        for path in ["compare/1-2/index.html", "compare/1-2/report.md", "compare/1-2/equity.svg", "runs/1-compare-me/index.html",
                     "runs/2-compare-me/index.html", "index.html", "assets/sort.js"] {
            #expect(FileManager.default.fileExists(atPath: site + "/" + path), "\(path)")
        }
        let markdown = try String(contentsOfFile: site + "/compare/1-2/report.md", encoding: .utf8)
        #expect(markdown.contains("| parameter_ranges.rsi_period | \\[7, 14\\] | \\[10, 21\\] |"))
    }

    @Test(arguments: [
        (["1"], "a comparison needs at least two runs"), (["1", "7"], "no run 7"), (["1", "1"], "run 1 is given twice"),
        (["--all"], "--compare takes the runs to compare"),
    ])
    func aComparisonThatCannotBeMadeIsBadInputAndWritesNothing(_ case_: (arguments: [String], message: String)) throws {
        let (folder, database) = try twoRuns()
        let site = folder.appendingPathComponent("site").path
        let result = try CommandRunner.wfo(["report", "--compare"] + case_.arguments + ["--db", database, "--out", site])
        #expect(result.status == 2)
        #expect(result.standardError.contains(case_.message), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: site + "/compare"))
    }

    @Test func aSummaryIsWrittenNextToTheStudyAndNeverOverAFileOfTheUsers() throws {
        let (folder, database) = try twoRuns()
        let summary = folder.appendingPathComponent("summary")
        try FileManager.default.createDirectory(at: summary, withIntermediateDirectories: true)
        try "mine\n".write(to: summary.appendingPathComponent("equity.svg"), atomically: true, encoding: .utf8)
        let refused = try CommandRunner.wfo(["report", "2", "--db", database, "--summary", summary.path])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("\(summary.path)/equity.svg exists and was not written by wfo"), "\(refused.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: summary.path) == ["equity.svg"])

        try FileManager.default.removeItem(at: summary.appendingPathComponent("equity.svg"))
        let written = try CommandRunner.wfo(["report", "2", "--db", database, "--summary", summary.path])
        #expect(written.status == 0, "\(written.standardError)")
        #expect(written.standardOutput.hasPrefix("summary of run 2: "))
        let first = try FileManager.default.contentsOfDirectory(atPath: summary.path).sorted()
        #expect(first.contains("report.md") && first.contains(".wfo-summary") && !first.contains("index.html"))
        let markdown = try String(contentsOf: summary.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("| Run | 2 |") && !markdown.contains("Finished"))
        // Again: the same bytes.
        let before = try FileManager.default.contentsOfDirectory(atPath: summary.path).map { FileManager.default.contents(atPath: summary.path + "/" + $0) }
        #expect(try CommandRunner.wfo(["report", "2", "--db", database, "--summary", summary.path]).status == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: summary.path).map { FileManager.default.contents(atPath: summary.path + "/" + $0) }
        #expect(before == after)
        #expect(try CommandRunner.wfo(["report", "1", "2", "--db", database, "--summary", summary.path]).status == 2)
    }
}
