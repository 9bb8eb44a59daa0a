import Foundation
import TestSupport
import Testing

/// The portfolio simulator against the golden cases of `Scripts/portfolio-reference.py`, an
/// independent simulator written from docs/portfolio.md (`python3 Scripts/portfolio-reference.py
/// --check` regenerates them): every trade and the equity, positions and cash at every close
/// equal to 1e-9, through `wfo backtest` end to end.
@Suite struct PortfolioGoldenTests {
    static let folder = SharedData.projectRoot.appendingPathComponent("Tests/CommandTests/Fixtures/portfolio")
    static let cases = ["signals-binding", "rotation-filter", "volatility-listing", "risk-percent-stop", "vectorbt-equal"]

    struct Case: Decodable {
        var from: String
        var to: String
        var params: String
    }

    @Test(arguments: cases)
    func wfoEqualsTheReferenceSimulator(name: String) throws {
        let caseFolder = Self.folder.appendingPathComponent(name)
        let setup = try JSONDecoder().decode(Case.self, from: Data(contentsOf: caseFolder.appendingPathComponent("case.json")))
        let output = try CommandRunner.temporaryFolder()
        let trades = output.appendingPathComponent("trades.csv").path, equity = output.appendingPathComponent("equity.csv").path
        let result = try CommandRunner.wfo(["backtest", "study.yaml", "--params", setup.params, "--from", setup.from, "--to", setup.to,
                                            "--trades", trades, "--equity", equity, "--json"], in: caseFolder)
        try #require(result.status == 0, "\(result.standardError)")

        let expectedTrades = try Self.rows(caseFolder.appendingPathComponent("expected-trades.csv").path)
        let actualTrades = try Self.rows(trades)
        let columns = ["symbol", "side", "entry_time", "entry_price", "exit_time", "exit_price", "quantity", "fees", "profit_loss", "exit_reason"]
        func key(_ row: [String: String]) -> String { "\(row["exit_time"]!) \(row["symbol"]!) \(row["entry_time"]!)" }
        let sortedExpected = expectedTrades.sorted { key($0) < key($1) }, sortedActual = actualTrades.sorted { key($0) < key($1) }
        #expect(sortedActual.count == sortedExpected.count, "trades: wfo \(sortedActual.count), reference \(sortedExpected.count)")
        for (actual, expected) in zip(sortedActual, sortedExpected) {
            for column in columns {
                Self.expectEqual(actual[column], expected[column], "\(name) trade \(key(expected)) \(column)")
            }
        }
        let expectedEquity = try Self.rows(caseFolder.appendingPathComponent("expected-equity.csv").path)
        let actualEquity = try Self.rows(equity)
        #expect(actualEquity.count == expectedEquity.count)
        for (actual, expected) in zip(actualEquity, expectedEquity) {
            for column in ["close_time", "equity", "positions", "cash"] {
                Self.expectEqual(actual[column], expected[column], "\(name) equity at \(expected["close_time"]!) \(column)")
            }
        }
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: caseFolder.appendingPathComponent("expected-summary.json"))) as? [String: Any])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["skipped_entries"] as? Int == summary["skipped_entries"] as? Int)
    }

    /// Numbers equal to 1e-9 relative (absolute near 0); text exactly.
    static func expectEqual(_ actual: String?, _ expected: String?, _ what: String) {
        guard let actual, let expected else {
            Issue.record("\(what): missing (wfo \(actual ?? "nil"), reference \(expected ?? "nil"))")
            return
        }
        if let a = Double(actual), let e = Double(expected) {
            #expect(abs(a - e) <= 1e-9 * max(1, abs(e)), "\(what): wfo \(actual), reference \(expected)")
        } else {
            #expect(actual == expected, "\(what)")
        }
    }

    static func rows(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }
}
