import Foundation
import TestSupport
import Testing

/// The Reality Check, SPA and permutation test end to end (issue 22): stored per window (and
/// the SPA pooled), in the report, the verdict and `wfo status --json`, against either
/// benchmark, off with the statistics, the same for any `--jobs`, and a resumed run keeps the
/// permutations it had finished.
@Suite(.serialized) struct DataSnoopingCommandTests {
    static let study = """
        name: Data snooping
        symbols: [BTCUSDT]
        timeframe: 1h
        start_date: 2023-01-01T00:00:00Z
        end_date: 2023-07-01T00:00:00Z
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges:
          rsi_period: [7, 14, 21]
          rsi_oversold: [20, 25, 30]
          rsi_overbought: [70, 80]
        random_seed: 3
        min_trades: 3
        position_size: 1000
        data: {source: synthetic, seed: 4}
        """

    func run(_ extra: String = "", jobs: Int = 2, in folder: URL, name: String) throws -> (database: String, json: [String: Any]) {
        let study = folder.appendingPathComponent("\(name).yaml")
        try (Self.study + "\n" + extra).write(to: study, atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("\(name).sqlite").path
        let run = try CommandRunner.wfo(["run", study.path, "--db", database, "--jobs", String(jobs)], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        let status = try CommandRunner.wfo(["status", "1", "--db", database, "--json"])
        #expect(status.status == 0, "\(status.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any] ?? [:]
        return (database, json)
    }

    @Test func theTestsAreStoredPooledReportedAndCheckedByTheVerdict() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (database, json) = try run(in: folder, name: "zero")
        let snooping = try #require(json["data_snooping"] as? [String: Any], "status --json has data_snooping")
        #expect(snooping["benchmark"] as? String == "zero")
        let pvalues = try #require(snooping["spa_pvalues"] as? [String: Double])
        let (lower, consistent, upper) = (try #require(pvalues["lower"]), try #require(pvalues["consistent"]), try #require(pvalues["upper"]))
        #expect(lower <= consistent && consistent <= upper, "lower ≤ consistent ≤ upper: \(pvalues)")
        #expect((0...1).contains(lower) && (0...1).contains(upper))
        #expect(snooping["reality_check_pvalue"] as? Double == upper)
        let notes = try #require(json["robustness_notes"] as? [String])
        #expect(notes.contains { $0.contains("SPA p-value") && $0.contains("(must be <= 0.05)") }, "\(notes)")
        // Every window stored its test with 1,000 resamples and their maxima (3 × 8 bytes each).
        let rows = try DatabaseDump.rows(of: database, "SELECT spa_consistent, spa_resamples, length(spa_simulated) FROM window_overfitting")
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0[1] == "1000" && $0[2] == "24000" }, "\(rows)")
        let report = try String(contentsOf: folder.appendingPathComponent("site/runs/1-data-snooping/report.md"), encoding: .utf8)
        #expect(report.contains("White's Reality Check p-value **\(String(format: "%.3f", upper))**"), "the pooled p-values in the report")
        #expect(report.contains("- **Reality Check and SPA**"), "the glossary")

        // Buy and hold as the benchmark: other p-values, named; the same for one job.
        let held = try run("robustness: {benchmark: buy_and_hold, block_length: 3, spa_resamples: 200}", jobs: 1, in: folder, name: "held")
        let heldSnooping = try #require(held.json["data_snooping"] as? [String: Any])
        #expect(heldSnooping["benchmark"] as? String == "buy_and_hold")
        #expect(heldSnooping["spa_pvalues"] as? [String: Double] != pvalues)
        let blocks = try DatabaseDump.rows(of: held.database, "SELECT DISTINCT spa_block_length, spa_resamples FROM window_overfitting")
        #expect(blocks == [["3.0", "200"]], "\(blocks)")
    }

    @Test func theTestsDoNotDependOnTheJobsAndTurnOffWithTheStatistics() throws {
        let folder = try CommandRunner.temporaryFolder()
        let two = try run(in: folder, name: "two")
        let one = try run(jobs: 1, in: folder, name: "one")
        #expect(try DatabaseDump.text(of: one.database) == DatabaseDump.text(of: two.database))
        // No check without a threshold, no test without resamples or statistics.
        let unchecked = try run("robustness: {max_spa_pvalue: null}", in: folder, name: "unchecked")
        #expect(unchecked.json["data_snooping"] is [String: Any], "still computed")
        #expect(!((unchecked.json["robustness_notes"] as? [String]) ?? []).contains { $0.contains("SPA") })
        let off = try run("robustness: {spa_resamples: 0}", in: folder, name: "off")
        #expect(off.json["data_snooping"] is NSNull)
        #expect(((off.json["robustness_notes"] as? [String]) ?? []).contains { $0.contains("SPA p-value not computed") })
        let none = try run("overfitting: {cscv_blocks: 0, monte_carlo_paths: 0}", in: folder, name: "none")
        #expect(none.json["data_snooping"] is NSNull)
        #expect(!((none.json["robustness_notes"] as? [String]) ?? []).contains { $0.contains("SPA") })
    }

    @Test func thePermutationTestIsTheSameForAnyJobsAndAResumeKeepsTheFinishedPermutations() throws {
        let folder = try CommandRunner.temporaryFolder()
        let settings = "robustness: {permutations: 9}"
        let two = try run(settings, in: folder, name: "perm-two")
        let report = try String(contentsOf: folder.appendingPathComponent("site/runs/1-data-snooping/report.md"), encoding: .utf8)
        #expect(report.contains("Permutation test, 9 permutations of each window's in-sample price changes"), "\(report)")
        let one = try run(settings, jobs: 1, in: folder, name: "perm-one")
        let reference = try DatabaseDump.text(of: two.database)
        #expect(try DatabaseDump.text(of: one.database) == reference)
        let test = try #require(two.json["permutation_test"] as? [String: Any], "status --json has the permutation test")
        #expect(test["permutations"] as? Int == 9)
        let pValues = try #require(test["pvalues"] as? [Double])
        #expect(pValues.count == 4, "one per window")
        for p in pValues {
            #expect((1...10).map { Double($0) / 10 }.contains { abs($0 - p) < 1e-12 }, "p = k / 10: \(p)")
        }
        let without = try run(in: folder, name: "no-perm")
        #expect(without.json["permutation_test"] is NSNull)
        #expect(try DatabaseDump.count("SELECT count(*) FROM window_permutation", in: two.database) == 36)

        // A crash in window 2 after its first permutation was stored: the resumed run searches the
        // window again but takes that permutation from the database, here turned to the other side
        // of the real best (a search run again would turn it back), so p moves by exactly 1 / 10.
        let crashed = folder.appendingPathComponent("crashed.sqlite").path
        try FileManager.default.copyItem(atPath: two.database, toPath: crashed)
        let second = try #require(try DatabaseDump.string("SELECT CAST(id AS TEXT) FROM window WHERE window_index = 1", in: crashed))
        let realP = try #require(try DatabaseDump.string("SELECT CAST(permutation_pvalue AS TEXT) FROM window WHERE window_index = 1", in: crashed).flatMap(Double.init))
        let wasBelow = try DatabaseDump.count("""
            SELECT count(*) FROM window_permutation p JOIN window w ON w.id = p.window_id, trial t
            WHERE t.window_id = w.id AND t.rank = 1 AND w.window_index = 1 AND p.permutation = 0 AND (p.best IS NULL OR p.best < t.objective_value)
            """, in: two.database) == 1
        try DatabaseDump.execute("""
            UPDATE window SET status = 'OPTIMIZING', permutation_pvalue = NULL, permutations = NULL WHERE id = \(second);
            DELETE FROM window_permutation WHERE window_id = \(second) AND permutation > 0;
            UPDATE window_permutation SET best = \(wasBelow ? "1e9" : "NULL") WHERE window_id = \(second);
            UPDATE run SET status = 'INTERRUPTED'
            """, in: crashed)
        let resumed = try CommandRunner.wfo(["run", "--resume", "1", "--db", crashed, "--no-report"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try DatabaseDump.count("SELECT count(*) FROM window_permutation WHERE window_id = \(second)", in: crashed) == 9)
        let resumedP = try #require(try DatabaseDump.string("SELECT CAST(permutation_pvalue AS TEXT) FROM window WHERE window_index = 1", in: crashed).flatMap(Double.init))
        #expect(abs(resumedP - realP - (wasBelow ? 0.1 : -0.1)) < 1e-12, "p counts the kept permutation: \(realP) → \(resumedP)")
        // The other windows are as before.
        #expect(try DatabaseDump.count("SELECT count(*) FROM window WHERE status = 'COMPLETED'", in: crashed) == 4)
    }

    /// Regression (issue 31): a TPE search's permutations were searched with the out-of-sample
    /// check of a whole window on a market that ends with the permuted training period, so every
    /// one failed; the failure was read as "nothing found" (−∞), and every window reported
    /// p = 1 / (M + 1), the smallest there is. Each permutation is now searched on its training
    /// period and finds a best, and the p-values are those of real searches.
    @Test func aTPESearchsPermutationsAreSearchedOnTheirTrainingPrices() throws {
        let folder = try CommandRunner.temporaryFolder()
        let tpe = """
            optimization_method: tpe
            max_combinations: 8
            tpe: {batch_size: 4, startup_trials: 4}
            warm_start: true
            robustness: {permutations: 5}
            """
        let (database, json) = try run(tpe, in: folder, name: "tpe-perm")
        #expect(try DatabaseDump.count("SELECT count(*) FROM window WHERE status = 'COMPLETED'", in: database) == 4)
        #expect(try DatabaseDump.count("SELECT count(*) FROM window_permutation", in: database) == 20)
        #expect(try DatabaseDump.count("SELECT count(*) FROM window_permutation WHERE best IS NULL", in: database) == 0,
                "every permutation's search found a best with enough trades")
        let test = try #require(json["permutation_test"] as? [String: Any], "status --json has the permutation test")
        let pValues = try #require(test["pvalues"] as? [Double])
        #expect(pValues.count == 4)
        #expect(pValues.contains { abs($0 - 1.0 / 6) > 1e-12 }, "not every window at the smallest p: \(pValues)")
    }
}
