import Foundation
import StudyFile
import TestSupport
import Testing

/// `strategy: rules` in a study file: the rules block, its errors with file, line, rule and caret.
@Suite struct RulesStudyTests {
    static let base = """
        name: Rules
        symbols: [BTCUSDT]
        timeframe: 1h
        start_date: 2023-01-01
        end_date: 2024-01-01
        training_window_days: 90
        testing_window_days: 30
        step_days: 30
        data: {source: synthetic}
        """

    func issues(_ extra: String) -> String {
        do {
            _ = try StudyParser.parse(Self.base + "\n" + extra, path: "rules.yaml")
            return ""
        } catch {
            return error.description
        }
    }

    @Test func everyExampleParses() throws {
        let folder = SharedData.projectRoot.appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 6)
        for file in files {
            let studies = try StudyParser.loadDocument(path: folder.appendingPathComponent(file).path).studies
            #expect(!studies.isEmpty, "\(file)")
            for study in studies { #expect(study.combinationCount > 0, "\(file)") }
        }
    }

    @Test func theIssueExampleParsesWithItsParametersAndStops() throws {
        let study = try StudyParser.parse(Self.base + """

            strategy: rules
            rules:
              long_entry:  "rsi(rsi_period) < rsi_oversold and close > ema(trend)"
              long_exit:   "rsi(rsi_period) > rsi_overbought"
              short_entry: "crosses_below(ema(fast), ema(slow))"
              short_exit:  "crosses_above(ema(fast), ema(slow))"
            strategy_params: {stop_loss_atr: 1.5, take_profit_atr: 2.5, trend: 200}
            parameter_ranges: {rsi_period: [7, 14, 21], rsi_oversold: [20, 30], rsi_overbought: [70, 80], fast: [9, 12], slow: [26, 50]}
            """, path: "rules.yaml")
        #expect(study.strategy.name == "rules")
        #expect(study.combinationCount == 48)
        #expect(Set(study.strategy.parameters.map(\.name)).isSuperset(of: ["rsi_period", "trend", "fast", "slow", "stop_loss_atr"]))
    }

    @Test func aBrokenRuleNamesFileLineRuleAndColumn() {
        let text = issues("""
            strategy: rules
            rules:
              long_entry: "rsi(rsi_period < 30"
              long_exit: "rsi(rsi_period) > 70 and"
            parameter_ranges: {rsi_period: [7, 14]}
            """)
        #expect(text.contains("""
            rules.yaml:12: rules.long_entry: expected ")" to close rsi( (column 4), found "<"
                rsi(rsi_period < 30
                               ^
            """), "\(text)")
        #expect(text.contains("rules.yaml:13: rules.long_exit: the rule ends where a value was expected"), "\(text)")
    }

    @Test func anUnknownNameInARuleSuggestsTheClosestParameter() {
        let text = issues("""
            strategy: rules
            rules: {long_entry: "rsi(rsi_perid) < 30"}
            parameter_ranges: {rsi_period: [7, 14]}
            """)
        // The misspelled name is a parameter the ranges do not give, and the rule says so.
        #expect(text.contains("rules.yaml:11: rules.long_entry: unknown name rsi_perid; did you mean rsi_period?"), "\(text)")
    }

    @Test(arguments: [
        ("strategy: rules\nparameter_ranges: {p: [1]}", "rules.yaml:10: rules: strategy: rules needs a rules block"),
        ("strategy: rsi\nrules: {long_entry: \"close > 1\"}\nparameter_ranges: {rsi_period: [7]}", "rules: rules are read only with strategy: rules"),
        ("strategy: rules\nrules: {long_entri: \"close > 1\", long_exit: \"close < 1\"}\nparameter_ranges: {stop_loss_atr: [1]}",
         "rules.long_entri: unknown rule; did you mean long_entry?"),
        ("strategy: rules\nrules: {long_exit: \"close < 1\"}\nparameter_ranges: {stop_loss_atr: [1]}", "rules: has no entry rule; give long_entry, short_entry or both"),
        ("strategy: rules\nrules: {long_entry: 14}\nparameter_ranges: {stop_loss_atr: [1]}", "rules.long_entry: must be a rule written as text"),
        ("strategy: rules\nrules: {long_entry: \"close > sma(n)\"}\nparameter_ranges: {n: [10, 20.5]}",
         "the period of sma must be a whole number from 1 to 1000000, but parameter n takes the value 20.5"),
        ("strategy: rules\nrules: {long_entry: \"close > 1\"}\nparameter_ranges: {unused: [1, 2]}",
         "rules.yaml:12: parameter_ranges.unused: no rule reads unused; use it in a rule or remove it"),
        ("strategy: ema_crosss\nparameter_ranges: {fast: [9]}", "unknown strategy ema_crosss; did you mean ema_cross?"),
        ("strategy: macd\nparameter_ranges: {macd_fast: [12, 30]}",
         "parameter_ranges: macd: the fast period of macd must not exceed its slow period, but it can be 30 (parameter macd_fast) while the slow one is 26 (parameter macd_slow)"),
    ])
    func blockErrors(_ extra: String, _ says: String) {
        let text = issues(extra)
        #expect(text.contains(says), "\(text)")
    }
}
