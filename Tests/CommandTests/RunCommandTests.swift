import Foundation
import MarketData
import TestSupport
import Testing

/// `wfo run`, `validate`, `status` and `runs` end to end through the built binary.
@Suite struct RunCommandTests {
    /// The original study (SPEC section 2) on the 2024 candles from `../shared/data`.
    static func originalStudy(in folder: URL) throws -> URL {
        let text = try String(contentsOf: SharedData.projectRoot.appendingPathComponent("examples/btcusdt-rsi-2024.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  source: binance", with: "  source: csv\n  path: \(SharedData.klinesFolder.path)")
        let url = folder.appendingPathComponent("original.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test(.enabled(if: SharedData.hasKlines, "\(SharedData.missingMessage)"))
    func originalStudyRunsNineWindowsAndIsIdenticalForOneAndTwoJobs() throws {
        let folder = try CommandRunner.temporaryFolder()
        let study = try Self.originalStudy(in: folder)
        var dumps: [String] = []
        for jobs in ["1", "2"] {
            let database = folder.appendingPathComponent("jobs\(jobs).sqlite").path
            let result = try CommandRunner.wfo(["run", study.path, "--jobs", jobs, "--db", database])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("run 1 COMPLETED: BTC Strategy Test"))
            #expect(result.standardOutput.contains("Verdict: "))
            #expect(try DatabaseDump.count("SELECT COUNT(*) FROM window WHERE status = 'COMPLETED'", in: database) == 9)
            #expect(try DatabaseDump.count("SELECT COUNT(*) FROM trial", in: database) == 243)
            #expect(try DatabaseDump.count("SELECT COUNT(*) FROM window_performance", in: database) == 18)
            #expect(try DatabaseDump.count("SELECT COUNT(*) FROM run WHERE verdict IS NOT NULL AND robustness_notes LIKE '%Verdict:%'", in: database) == 1)
            // Every window tested its rank-1 trial's parameters.
            #expect(try DatabaseDump.count("""
                SELECT COUNT(*) FROM window w JOIN trial t ON t.window_id = w.id AND t.rank = 1
                WHERE t.combination_index = w.best_combination AND t.parameters = w.best_parameters
                """, in: database) == 9)
            dumps.append(try DatabaseDump.text(of: database))
        }
        #expect(dumps[0] == dumps[1])

        let status = try CommandRunner.wfo(["status", "1", "--json", "--db", folder.appendingPathComponent("jobs1.sqlite").path])
        #expect(status.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(json["id"] as? Int == 1)
        #expect(json["status"] as? String == "COMPLETED")
        #expect(json["total_windows"] as? Int == 9)
        #expect(json["completed_windows"] as? Int == 9)
        #expect(json["progress_percentage"] as? Int == 100)
        #expect(json["verdict"] is String)
        #expect((json["robustness_notes"] as? [String])?.count == 9)
        // The overfitting statistics (issues 10, 22): pooled PBO, median DSR, the SPA and the Monte Carlo.
        let snooping = try #require(json["data_snooping"] as? [String: Any])
        let spa = try #require(snooping["spa_pvalues"] as? [String: Double])
        #expect(spa["lower"]! <= spa["consistent"]! && spa["consistent"]! <= spa["upper"]!)
        let pbo = try #require(json["pbo"] as? Double)
        #expect(pbo >= 0 && pbo <= 1)
        #expect(json["median_dsr"] is Double)
        let monteCarlo = try #require(json["monte_carlo"] as? [String: Any])
        #expect(monteCarlo["paths"] as? Int == 10_000)
        let loss = try #require(monteCarlo["probability_of_loss"] as? Double)
        #expect(loss >= 0 && loss <= 1)
        let finals = try #require(monteCarlo["final_return_pct"] as? [String: Double])
        #expect(finals["p5"]! <= finals["p50"]! && finals["p50"]! <= finals["p95"]!)
        let stored = folder.appendingPathComponent("jobs1.sqlite").path
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM window_overfitting WHERE logit_count = 12870 AND dsr IS NOT NULL", in: stored) == 9)
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM monte_carlo_band", in: stored) > 100)
    }

    @Test(.enabled(if: SharedData.hasKlines, "\(SharedData.missingMessage)"))
    func validatePrintsTheWindowsAndCombinations() throws {
        let folder = try CommandRunner.temporaryFolder()
        let study = try Self.originalStudy(in: folder)
        let result = try CommandRunner.wfo(["validate", study.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("27 combinations per window (grid)"))
        #expect(result.standardOutput.contains("9 windows (rolling"))
        #expect(result.standardOutput.contains("  1  2024-01-01T00:00:00Z .. 2024-03-31T00:00:00Z  2024-03-31T00:00:00Z .. 2024-04-30T00:00:00Z"))
        #expect(result.standardOutput.contains("  9  2024-08-28T00:00:00Z .. 2024-11-26T00:00:00Z  2024-11-26T00:00:00Z .. 2024-12-26T00:00:00Z"))
        #expect(!result.standardOutput.contains(" 10  "))
    }

    @Test func badInputLeavesTheDatabaseByteIdentical() throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        // A first run creates the database.
        let first = try CommandRunner.wfo(["run", "examples/quickstart.yaml", "--db", database])
        #expect(first.status == 0, "\(first.standardError)")
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let quickstart = try String(contentsOfFile: SharedData.projectRoot.appendingPathComponent("examples/quickstart.yaml").path, encoding: .utf8)
        let broken: [(String, String)] = [
            ("typo.yaml", quickstart.replacingOccurrences(of: "step_days", with: "stepdays")),
            ("missing-data.yaml", quickstart.replacingOccurrences(of: "  source: synthetic", with: "  source: csv\n  path: no/such/folder")),
            ("too-early.yaml", quickstart.replacingOccurrences(of: "start_date: 2023-01-01", with: "start_date: 2019-01-01")),
        ]
        for (name, text) in broken {
            let study = folder.appendingPathComponent(name)
            try text.write(to: study, atomically: true, encoding: .utf8)
            let result = try CommandRunner.wfo(["run", study.path, "--db", database])
            #expect(result.status == 2, "\(name): \(result.standardError)")
            #expect(!result.standardError.isEmpty)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM run", in: database) == 1)
    }

    func studyOverAHole(from holeFrom: Int64, to holeTo: Int64, extra: String = "") throws -> URL {
        try HoleStudy.folder(from: holeFrom, to: holeTo, extra: extra)
    }

    @Test func aWindowOverAHoleFailsAndTheOthersComplete() throws {
        // 6 days: 20 % of a 30-day testing period (fails) but under 10 % of the 90-day
        // training periods that also contain it (tolerated), so exactly one window fails.
        let folder = try studyOverAHole(from: UTCTime.milliseconds(year: 2023, month: 8, day: 5),
                                        to: UTCTime.milliseconds(year: 2023, month: 8, day: 11))
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let result = try CommandRunner.wfo(["run", folder.appendingPathComponent("hole.yaml").path, "--db", database])
        #expect(result.status == 0, "\(result.standardError)")
        let status = try CommandRunner.wfo(["status", "--json", "--db", database])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "COMPLETED")
        #expect(json["failed_windows"] as? Int == 1)
        #expect(json["completed_windows"] as? Int == 8)
        let failed = try DatabaseDump.text(of: database).split(separator: "\n").filter { $0.contains("FAILED") }
        #expect(failed.count == 1)
        #expect(failed.first?.contains("testing period 2023-07-30T00:00:00Z .. 2023-08-29T00:00:00Z has") == true)
        // The aggregates are over the 8 completed windows only.
        let average = try DatabaseQueueReader.average("""
            SELECT AVG(p.roi) FROM window_performance p JOIN window w ON w.id = p.window_id
            WHERE p.sample = 'out_of_sample' AND w.status = 'COMPLETED'
            """, in: database)
        #expect(abs((json["avg_out_of_sample_roi"] as? Double ?? .nan) - average) < 1e-9)
    }

    @Test func aGapIsAWarningNamingTheFileAndLineWhereTheDataResumes() throws {
        let folder = try studyOverAHole(from: UTCTime.milliseconds(year: 2023, month: 8, day: 5),
                                        to: UTCTime.milliseconds(year: 2023, month: 8, day: 11))
        let result = try CommandRunner.wfo(["run", folder.appendingPathComponent("hole.yaml").path, "--no-report",
                                            "--db", folder.appendingPathComponent("wfo.sqlite").path])
        #expect(result.status == 0, "\(result.standardError)")
        // Line 1 is the header and the CSV starts 2022-12-01T00:00Z: 2023-08-11T00:00Z is hour 6,072, line 6,074 - 144.
        let line = 2 + Int((UTCTime.milliseconds(year: 2023, month: 8, day: 11) - UTCTime.milliseconds(year: 2022, month: 12, day: 1)) / 3_600_000) - 144
        #expect(result.standardError.contains("warning: gap in the data: BTCUSDT 1h: 144 candles missing from 2023-08-05T00:00:00Z "
            + "to 2023-08-11T00:00:00Z (resumes at \(folder.appendingPathComponent("candles.csv").path):\(line))"), "\(result.standardError)")
    }

    @Test func onGapFailRefusesTheStudyBeforeAnythingIsWritten() throws {
        let folder = try studyOverAHole(from: UTCTime.milliseconds(year: 2023, month: 8, day: 5),
                                        to: UTCTime.milliseconds(year: 2023, month: 8, day: 11), extra: ", on_gap: fail")
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let result = try CommandRunner.wfo(["run", folder.appendingPathComponent("hole.yaml").path, "--db", database])
        #expect(result.status == 2)
        #expect(result.standardError.contains("hole.yaml: data.on_gap is fail and the BTCUSDT 1h candles have 1 gap: 144 candles missing "
            + "from 2023-08-05T00:00:00Z to 2023-08-11T00:00:00Z (resumes at "), "\(result.standardError)")
        #expect(result.standardError.contains("set data.on_gap: warn"))
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func aGapLongerThanAWindowFailsEveryWindowItTouchesUnderWarn() throws {
        // 45 days missing from mid-June: longer than a 30-day testing period and half of a
        // 90-day training period, so every window whose periods reach into it fails.
        let folder = try studyOverAHole(from: UTCTime.milliseconds(year: 2023, month: 6, day: 15),
                                        to: UTCTime.milliseconds(year: 2023, month: 7, day: 30))
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let result = try CommandRunner.wfo(["run", folder.appendingPathComponent("hole.yaml").path, "--no-report", "--db", database])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("1080 candles missing from 2023-06-15T00:00:00Z to 2023-07-30T00:00:00Z"))
        let status = try CommandRunner.wfo(["status", "--json", "--db", database])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        let failed = try #require(json["failed_windows"] as? Int)
        #expect(failed >= 4)
        #expect(json["completed_windows"] as? Int == 9 - failed)
    }

    @Test func aCompletedRunCannotBeResumedAndAnUnknownRunIsBadInput() throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        #expect(try CommandRunner.wfo(["run", "examples/quickstart.yaml", "--db", database]).status == 0)
        let again = try CommandRunner.wfo(["run", "--resume", "1", "--db", database])
        #expect(again.status == 2)
        #expect(again.standardError.contains("run 1 is COMPLETED"))
        let unknown = try CommandRunner.wfo(["run", "--resume", "7", "--db", database])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("there is no run 7"))
        let both = try CommandRunner.wfo(["run", "examples/quickstart.yaml", "--resume", "1", "--db", database])
        #expect(both.status == 2)
    }

    @Test func runsListsNewestFirst() throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let empty = try CommandRunner.wfo(["runs", "--db", database])
        #expect(empty.status == 2) // no database yet: a clear error, nothing created
        #expect(empty.standardError.contains("no such file"))
        #expect(!FileManager.default.fileExists(atPath: database))
        for _ in 0..<2 { #expect(try CommandRunner.wfo(["run", "examples/quickstart.yaml", "--db", database]).status == 0) }
        let list = try CommandRunner.wfo(["runs", "--json", "--db", database])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["id"] as? Int } == [2, 1])
        let table = try CommandRunner.wfo(["runs", "--db", database])
        #expect(table.standardOutput.split(separator: "\n").count == 3)
        #expect(table.standardOutput.contains("Quickstart"))
    }
}

enum DatabaseQueueReader {
    static func average(_ sql: String, in path: String) throws -> Double {
        Double(try DatabaseDump.count("SELECT CAST((\(sql)) * 1000000000 AS INTEGER)", in: path)) / 1e9
    }
}

/// Every broken study of the validation corpus is refused by `wfo run` with exit status 2
/// and leaves an existing database byte-identical.
@Suite struct CorpusAgainstTheDatabaseTests {
    @Test func everyCorpusFileIsRefusedWithoutTouchingTheDatabase() throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = folder.appendingPathComponent("wfo.sqlite").path
        #expect(try CommandRunner.wfo(["run", "examples/quickstart.yaml", "--db", database]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let corpus = SharedData.projectRoot.appendingPathComponent("Tests/StudyFileTests/Corpus")
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 30)
        for file in files {
            let result = try CommandRunner.wfo(["run", corpus.appendingPathComponent(file).path, "--db", database])
            #expect(result.status == 2, "\(file)")
            #expect(result.standardError.contains(file), "\(file): \(result.standardError)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }
}
