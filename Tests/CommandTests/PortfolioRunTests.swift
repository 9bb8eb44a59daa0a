import Foundation
import TestSupport
import Testing

/// Portfolio studies through `wfo run` and `wfo backtest`, end to end.
@Suite struct PortfolioRunTests {
    static let quickstart = try! String(contentsOf: SharedData.projectRoot.appendingPathComponent("examples/quickstart.yaml"), encoding: .utf8)

    /// The dump's sections that only a portfolio has: each window's skipped entries and the holdings curve, just before the batch's.
    static let portfolioOnlySections = 2

    @Test func aOneSymbolPortfolioStoresThePlainStudysResults() throws {
        let folder = try CommandRunner.temporaryFolder()
        let plain = folder.appendingPathComponent("plain.yaml"), portfolio = folder.appendingPathComponent("portfolio.yaml")
        try Self.quickstart.write(to: plain, atomically: true, encoding: .utf8)
        try (Self.quickstart + "portfolio: {max_positions: 1}\n").write(to: portfolio, atomically: true, encoding: .utf8)
        var dumps: [[String]] = []
        for study in [plain, portfolio] {
            let database = folder.appendingPathComponent(study.lastPathComponent + ".sqlite").path
            let run = try CommandRunner.wfo(["run", study.path, "--no-report", "--db", database])
            try #require(run.status == 0, "\(run.standardError)")
            dumps.append(try DatabaseDump.text(of: database).components(separatedBy: "\n----\n"))
        }
        // The run row differs by its study text only; every result after it is the same, byte for
        // byte, but the two sections only a portfolio has (before the batch's, the last).
        let count = dumps[0].count
        let portfolioSections = (count - 1 - Self.portfolioOnlySections)..<(count - 1)
        let shared = (1..<count).filter { !portfolioSections.contains($0) }
        #expect(shared.map { dumps[0][$0] } == shared.map { dumps[1][$0] })
        #expect(portfolioSections.allSatisfy { dumps[0][$0].isEmpty }, "a plain run stores no holdings")
        #expect(dumps[1][count - 2].split(separator: "\n").count > 100, "the portfolio run stores its holdings")
        #expect(dumps[1][count - 3].contains("oos_skipped_entries=0"))
    }

    @Test(arguments: [
        ("portfolio: {max_positions: 0}", "portfolio.max_positions: 0 is not a whole number of at least 1"),
        ("portfolio: {max_positions: 2, sizing: {model: kelly}}", "portfolio.sizing.model: unknown model kelly"),
        ("portfolio: {max_positions: 2, rank_by: \"rsi(\"}", "portfolio.rank_by: "),
        ("portfolio: {max_positions: 4, max_weight_pct: 10}", "portfolio.max_weight_pct: 10 is below 100 / max_positions (25)"),
        ("portfolio: {max_positions: 2, mode: rotation, rebalance: weekly}", "portfolio.mode: rotation holds the best-ranked symbols"),
    ])
    func aBadPortfolioBlockExitsWithStatusTwoNamingTheFieldAndWritesNothing(block: String, expected: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        let study = folder.appendingPathComponent("bad.yaml")
        try (Self.quickstart + block + "\n").write(to: study, atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("bad.sqlite")
        let run = try CommandRunner.wfo(["run", study.path, "--db", database.path])
        #expect(run.status == 2)
        #expect(run.standardError.contains(expected), "\(run.standardError)")
        #expect(run.standardError.contains("bad.yaml:"), "the file and line are named")
        #expect(!FileManager.default.fileExists(atPath: database.path))
    }

    /// GONE delists on 2021-06-20: a period after it trades the others and never GONE.
    @Test func aSymbolWithoutCandlesInThePeriodIsNeverTraded() throws {
        let fixture = SharedData.projectRoot.appendingPathComponent("Tests/CommandTests/Fixtures/portfolio/volatility-listing")
        let output = try CommandRunner.temporaryFolder()
        let trades = output.appendingPathComponent("trades.csv").path
        let result = try CommandRunner.wfo(["backtest", "study.yaml", "--params", "n=12", "--from", "2021-07-01", "--to", "2021-09-01",
                                            "--trades", trades], in: fixture)
        try #require(result.status == 0, "\(result.standardError)")
        let rows = try String(contentsOfFile: trades, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        #expect(!rows.contains { $0.hasPrefix("GONE,") })
        // A plain study refuses the same data: its symbols must all trade.
        let plain = try String(contentsOf: fixture.appendingPathComponent("study.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "symbols: [GONE, HOLE, LATE, STAY]", with: "symbols: [GONE]")
            .components(separatedBy: "portfolio:")[0]
            .replacingOccurrences(of: "path: \"candles/{symbol}.csv\"", with: "path: \"\(fixture.path)/candles/GONE.csv\"")
        let study = output.appendingPathComponent("plain.yaml")
        try plain.write(to: study, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.wfo(["backtest", study.path, "--params", "n=12", "--from", "2021-07-01", "--to", "2021-09-01"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("no GONE 1d candles between 2021-07-01"), "\(refused.standardError)")
    }

    @Test(.enabled(if: SharedData.hasCryptoUniverse, Comment(rawValue: SharedData.missingUniverseMessage)))
    func theCryptoRotationExampleTradesEveryListedCoinOnlyWhileItHasCandles() throws {
        let output = try CommandRunner.temporaryFolder()
        let trades = output.appendingPathComponent("trades.csv").path
        let result = try CommandRunner.wfo(["backtest", "examples/portfolio-rotation-crypto.yaml", "--params", "lookback=60",
                                            "--from", "2021-01-01", "--to", "2025-12-01", "--trades", trades])
        try #require(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("rotation on ADAUSDT, APTUSDT, ATOMUSDT"))
        #expect(result.standardOutput.contains("data: APTUSDT 1"))  // listed 2022-10-19: fewer candles
        let rows = try String(contentsOfFile: trades, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count > 50)
        for row in rows {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            if fields[0] == "APTUSDT" { #expect(fields[2] >= "2022-10-19", "APT held before it listed: \(row)") }
            if fields[0] == "WLFIUSDT" { #expect(fields[2] >= "2025-09-01", "WLFI held before it listed: \(row)") }
            #expect(["rotation", "end"].contains(String(fields[10])), "\(row)")
        }
    }
}
