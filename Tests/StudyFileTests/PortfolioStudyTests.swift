import Backtesting
import Foundation
import MarketData
import StudyFile
import Testing

/// `portfolio:` in a study file: what it builds, and every bad block named by its field.
@Suite struct PortfolioStudyTests {
    static func text(portfolio: String, strategy: String = "strategy: rsi", extra: String = "",
                     ranges: String = "parameter_ranges: {rsi_period: [7, 14]}", timeframe: String = "1d") -> String {
        ([
            "name: Portfolio", "symbols: [AAA, BBB, CCC]", "timeframe: \(timeframe)", "start_date: 2022-01-01", "end_date: 2024-01-01",
            "training_window_days: 180", "testing_window_days: 90", "step_days: 90", strategy, ranges,
            "data: {source: synthetic, seed: 3}", "portfolio:",
        ] + portfolio.split(separator: "\n").map { "  " + $0 } + (extra.isEmpty ? [] : [extra])).joined(separator: "\n")
    }

    static func issues(_ text: String) -> [String] {
        do {
            _ = try StudyParser.parse(text, path: "p.yaml")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func aSearchedPortfolioDeclaresItsParametersBesideTheStrategys() throws {
        let study = try StudyParser.parse(Self.text(
            portfolio: "max_positions: top_n\nrank_by: \"roc(close, lookback)\"\nsizing: {model: equal}",
            ranges: "parameter_ranges: {rsi_period: [7, 14], top_n: [1, 2], lookback: [20, 60]}"), path: "p.yaml")
        let portfolio = try #require(study.strategy.portfolio)
        #expect(portfolio.maxPositions == .parameter("top_n"))
        #expect(portfolio.rankBy?.text == "roc(close, lookback)")
        #expect(portfolio.mode == .signals)
        #expect(study.strategy.spec(named: "lookback") != nil && study.strategy.spec(named: "top_n") != nil)
        #expect(study.combinationCount == 8)
    }

    @Test func withoutSizingAPortfolioSizesAsTheStudyDoes() throws {
        let fixed = try StudyParser.parse(Self.text(portfolio: "max_positions: 2"), path: "p.yaml")
        if case .fixed(100)? = fixed.strategy.portfolio?.sizing {} else { Issue.record("not fixed 100: \(String(describing: fixed.strategy.portfolio?.sizing))") }
        let percent = try StudyParser.parse(Self.text(portfolio: "max_positions: 2", extra: "position_size_pct: 20"), path: "p.yaml")
        if case .percent(20)? = percent.strategy.portfolio?.sizing {} else { Issue.record("not percent 20") }
    }

    @Test(arguments: [
        ("max_positions: 0", "p.yaml:13: portfolio.max_positions: 0 is not a whole number of at least 1"),
        ("max_positions: 2.5", "portfolio.max_positions: 2.5 is not a whole number of at least 1"),
        ("rank_by: \"roc(close, 20)\"", "portfolio.max_positions: is required"),
        ("max_positions: 2\nmode: rotate", "portfolio.mode: "),
        ("max_positions: 2\nsizing: {model: volatilty, target_pct: 20, lookback: 20}", "portfolio.sizing.model: unknown model volatilty; did you mean volatility?"),
        ("max_positions: 2\nsizing: {model: volatility, target_pct: 20}", "portfolio.sizing.lookback: is required with model: volatility"),
        ("max_positions: 2\nsizing: {model: volatility, target_pct: 20, lookback: 1}", "portfolio.sizing.lookback: 1 is not a whole number of days of at least 2"),
        ("max_positions: 2\nsizing: {model: risk, risk_pct: 1, stop: \"atr(14) >\"}", "portfolio.sizing.stop: "),
        ("max_positions: 4\nmax_weight_pct: 20", "portfolio.max_weight_pct: 20 is below 100 / max_positions (25)"),
        ("max_positions: 2\nrank_by: \"roc(close, 20\"", "portfolio.rank_by: "),
        ("max_positions: 2\nrank_by: \"close > 1\"", "portfolio.rank_by: this is a condition, but a number is wanted here"),
        ("max_positions: 2\nfilter: \"sma(close, 20)\"", "portfolio.filter: this is a number, but a condition is wanted here"),
        ("max_positions: 2\nrank_by: \"roc(close, lookbak)\"", "portfolio.rank_by: "),
        ("max_positions: 2\nfilter: \"close@BTCUSDT > 0\"", "portfolio.filter: @BTCUSDT is neither a timeframe nor one of the study's symbols"),
        ("max_positions: 2\nrebalance: weekly", "portfolio.rebalance: is read only with mode: rotation"),
        ("max_positions: 2\nmode: rotation\nrebalance: weekly", "portfolio.mode: rotation holds the best-ranked symbols with no entry rules of its own"),
        ("max_positions: 2\nmax_positions_typo: 3", "portfolio.max_positions_typo: "),
        ("max_positions: top_n", "portfolio.max_positions: top_n is not a number or a parameter"),
        ("max_positions: [2]", "portfolio.max_positions: must be a number or the name of a parameter"),
    ])
    func aBadBlockNamesItsField(portfolio: String, expected: String) {
        let issues = Self.issues(Self.text(portfolio: portfolio))
        #expect(issues.contains { $0.contains(expected) }, "\(issues)")
    }

    /// A regime filter on another symbol of the universe, and an entry rule reading one.
    @Test func expressionsAndRulesMayReadAnotherSymbolOfTheStudy() throws {
        let study = try StudyParser.parse(Self.text(
            portfolio: "max_positions: 2\nfilter: \"close@AAA > sma(close, 30)@AAA\"",
            strategy: "strategy: rules\nrules: {long_entry: \"close > sma(close, n) and close@BBB > sma(close, 20)@BBB\", long_exit: \"close < sma(close, n)\"}",
            ranges: "parameter_ranges: {n: [5, 10]}"), path: "p.yaml")
        #expect(study.strategy.portfolio?.filter?.text == "close@AAA > sma(close, 30)@AAA")
        #expect(study.warmupCandles >= 30, "the other symbol's look-back counts in the warm-up")
        let rules = Self.issues(Self.text(portfolio: "max_positions: 2",
                                          strategy: "strategy: rules\nrules: {long_entry: \"close@ZZZ > n\", long_exit: \"close < n\"}",
                                          ranges: "parameter_ranges: {n: [1, 2]}"))
        #expect(rules.contains { $0.contains("rules.long_entry: @ZZZ is neither a timeframe nor one of the study's symbols") }, "\(rules)")
    }

    @Test func aNumberNamingAWordParameterAnEmptyBlockAndABadParameterValueAreRefused() throws {
        #expect(Self.issues(Self.text(portfolio: "max_positions: sides", ranges: "parameter_ranges: {rsi_period: [7, 14], sides: [long, both]}"))
            .contains { $0.contains("portfolio.max_positions: sides takes no number (its values are words or flags)") })
        let empty = Self.text(portfolio: "").replacingOccurrences(of: "portfolio:", with: "portfolio: ")
        #expect(Self.issues(empty).contains { $0.contains("portfolio: is empty; give at least max_positions") }, "\(Self.issues(empty))")
        // A searched count is checked as a count wherever the values come from (wfo backtest --params).
        let study = try StudyParser.parse(Self.text(portfolio: "max_positions: top_n",
                                                    ranges: "parameter_ranges: {rsi_period: [7, 14], top_n: [2, 3]}"), path: "p.yaml")
        #expect(throws: BacktestError.self) {
            try study.strategy.resolve(ParameterSet([("rsi_period", .number(7)), ("top_n", .number(0))]))
        }
        #expect(throws: BacktestError.self) {
            try study.strategy.resolve(ParameterSet([("rsi_period", .number(7)), ("top_n", .number(2.5))]))
        }
    }

    @Test func aRiskStopNamingAParameterIsAPercentAndAnExpressionIsAPriceDistance() throws {
        let percent = try StudyParser.parse(Self.text(portfolio: "max_positions: 2\nsizing: {model: risk, risk_pct: 1, stop: stop_pct}",
                                                      ranges: "parameter_ranges: {rsi_period: [7, 14], stop_pct: [2, 5]}"), path: "p.yaml")
        guard case let .risk(_, .percent(stop))? = percent.strategy.portfolio?.sizing else {
            Issue.record("not a percent stop: \(String(describing: percent.strategy.portfolio?.sizing))")
            return
        }
        #expect(stop == .parameter("stop_pct"))
        let distance = try StudyParser.parse(Self.text(portfolio: "max_positions: 2\nsizing: {model: risk, risk_pct: 1, stop: \"2 * atr(14)\"}"),
                                             path: "p.yaml")
        guard case let .risk(_, .distance(text, _))? = distance.strategy.portfolio?.sizing else {
            Issue.record("not a distance stop")
            return
        }
        #expect(text == "2 * atr(14)")
    }

    @Test func rotationNeedsItsStrategyItsScheduleAndAPortfolio() {
        let rotation = "strategy: rotation"
        #expect(Self.issues(Self.text(portfolio: "max_positions: 2\nmode: rotation", strategy: rotation, ranges: ""))
            .contains { $0.contains("portfolio.rebalance: is required with mode: rotation") })
        #expect(Self.issues(Self.text(portfolio: "max_positions: 2\nrebalance: 0\nmode: rotation", strategy: rotation, ranges: ""))
            .contains { $0.contains("portfolio.rebalance: 0 is not a whole number of candles of at least 1") })
        #expect(Self.issues(Self.text(portfolio: "max_positions: 2", strategy: rotation, ranges: ""))
            .contains { $0.contains("portfolio.mode: strategy: rotation needs mode: rotation") })
        let plain = Self.text(portfolio: "max_positions: 2", strategy: rotation, ranges: "")
            .replacingOccurrences(of: "portfolio:\n  max_positions: 2", with: "")
        #expect(Self.issues(plain).contains { $0.contains("strategy: rotation trades a portfolio's ranking; add a portfolio: block") })
        #expect(Self.issues(Self.text(portfolio: "max_positions: 2\nmode: rotation\nrebalance: monthly\nrank_by: \"roc(close, lookback)\"",
                                      strategy: rotation, ranges: "parameter_ranges: {lookback: [30, 60]}")).isEmpty)
    }

    @Test func volatilitySizingNeedsDailyOrShorterCandlesAndPercentSizingMustPayItsFee() {
        #expect(Self.issues(Self.text(portfolio: "max_positions: 2\nsizing: {model: volatility, target_pct: 20, lookback: 20}", timeframe: "1w"))
            .contains { $0.contains("volatility sizing annualises daily returns and needs a timeframe of 1d or shorter") })
        #expect(Self.issues(Self.text(portfolio: "max_positions: 2\nsizing: {model: percent}", extra: "position_size_pct: 100"))
            .contains { $0.contains("position_size_pct: 100 % of equity and the 0.1 % fee cost more than the equity") })
    }

    @Test func symbolsAllListsAFolderOfOneFilePerSymbolInNameOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("universe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("candles"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["ZZZ.csv", "AAA.csv", "MMM.csv", ".hidden.csv", "notes.txt"] {
            try Data("date,open,high,low,close,volume\n".utf8).write(to: folder.appendingPathComponent("candles/\(name)"))
        }
        var text = Self.text(portfolio: "max_positions: 2")
            .replacingOccurrences(of: "symbols: [AAA, BBB, CCC]", with: "symbols: all")
            .replacingOccurrences(of: "data: {source: synthetic, seed: 3}", with: "data: {source: csv, path: candles}")
        let study = try StudyParser.parse(text, path: folder.appendingPathComponent("p.yaml").path)
        #expect(study.symbols == ["AAA", "MMM", "ZZZ"])
        #expect(study.data.path(symbol: "MMM", timeframe: .oneDay) == "candles/{symbol}.csv".replacingOccurrences(of: "{symbol}", with: "MMM"))
        text = text.replacingOccurrences(of: "path: candles}", with: "path: \"candles/{symbol}.csv\"}")
        #expect(try StudyParser.parse(text, path: folder.appendingPathComponent("p.yaml").path).symbols == ["AAA", "MMM", "ZZZ"])
        text = text.replacingOccurrences(of: "path: \"candles/{symbol}.csv\"}", with: "path: nowhere}")
        #expect(Self.issues(text).contains { $0.contains("symbols: all reads the symbols from a folder, and nowhere is not one") }, "\(Self.issues(text))")
    }
}
