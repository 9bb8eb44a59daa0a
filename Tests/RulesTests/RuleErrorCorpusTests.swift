import MarketData
@testable import Rules
import Testing

/// Broken rules and what they must say: the message, and the column the caret points at.
@Suite struct RuleErrorCorpusTests {
    struct Broken: Sendable, CustomTestStringConvertible {
        var rule: String
        var says: String
        var column: Int
        /// Checked as an exit rule (which may read the position).
        var exit = false
        var testDescription: String { rule }
    }

    /// Parameters of the study these rules belong to.
    static let parameters: [String: [Double]] = ["rsi_period": [7, 14, 21], "rsi_oversold": [20, 30], "trend": [200],
                                                 "lag": [1, 2], "fraction": [0.5], "negative": [-1],
                                                 "fast": [8, 30], "slow": [26, 40]]

    static let corpus: [Broken] = [
        Broken(rule: "", says: "the rule is empty", column: 0),
        Broken(rule: "rsi(rsi_period < 30", says: "expected \")\" to close rsi( (column 4), found \"<\"", column: 15),
        Broken(rule: "rsi(14) < 30)", says: "this \")\" closes nothing", column: 12),
        Broken(rule: "(close > open", says: "expected \")\" to close ( (column 1), found the end of the rule", column: 13),
        Broken(rule: "close > ", says: "the rule ends where a value was expected", column: 8),
        Broken(rule: "close >> open", says: "expected a number, a name or \"(\", found \">\"", column: 7),
        Broken(rule: "close = open", says: "unexpected character \"=\"; compare with ==", column: 6),
        Broken(rule: "close > open && volume > 0", says: "unexpected character \"&\"; write and", column: 13),
        Broken(rule: "close open", says: "expected an operator (and, or, <, +, ...) or the end of the rule, found \"open\"", column: 6),
        Broken(rule: "rsi(rsi_perod) < 30", says: "unknown name rsi_perod; did you mean rsi_period?", column: 4),
        Broken(rule: "rsx(14) < 30", says: "unknown function rsx; did you mean rsi?", column: 0),
        Broken(rule: "clsoe > open", says: "unknown name clsoe; did you mean close?", column: 0),
        Broken(rule: "rsi(14, 3) < 30", says: "rsi takes 1 argument, not 2: rsi(n)", column: 0),
        Broken(rule: "macd(12, 26) > 0", says: "macd takes 3 arguments, not 2", column: 0),
        Broken(rule: "sma() > close", says: "sma takes 1 or 2 arguments, not 0", column: 0),
        Broken(rule: "rsi(14)", says: "this is a number, but a rule must be a condition", column: 0),
        Broken(rule: "close + 1", says: "this is a number, but a rule must be a condition", column: 6),
        Broken(rule: "close > open and volume", says: "and joins conditions, but this is a number; compare it first", column: 17),
        Broken(rule: "not close", says: "not needs a condition, not a number", column: 0),
        Broken(rule: "(close > open) + 1 > 2", says: "+ needs numbers on both sides, but this is a condition", column: 7),
        Broken(rule: "close[-1] > close", says: "an offset must be a whole number from 0 to 1000000 written as a number or a parameter name", column: 6),
        Broken(rule: "close[1.5] > close", says: "an offset must be a whole number from 0 to 1000000, not 1.5", column: 6),
        Broken(rule: "close[negative] > close", says: "an offset must be a whole number from 0 to 1000000, but parameter negative takes the value -1", column: 6),
        Broken(rule: "close[close] > open", says: "an offset must be known before the candles are read (a number or a parameter), not the candle field close", column: 6),
        Broken(rule: "rsi(fraction) < 30", says: "the period of rsi must be a whole number from 1 to 1000000, but parameter fraction takes the value 0.5", column: 4),
        Broken(rule: "rsi(0) < 30", says: "the period of rsi must be a whole number from 1 to 1000000, not 0", column: 4),
        Broken(rule: "sma(crosses_above(close, open), 5) > 0", says: "sma needs a number here, not a condition", column: 4),
        Broken(rule: "sma(close > open, 5) > 0", says: "expected \")\" to close sma( (column 4), found \">\"", column: 10),
        Broken(rule: "macd(12, 26, 9) > 0", says: "macd(...) has several values; pick one with .line, .signal, .hist", column: 0),
        Broken(rule: "bb(20, 2).uper > close", says: "bb(...) has no part .uper; did you mean upper?", column: 0),
        Broken(rule: "rsi(14).line > 0", says: "rsi(...) has no parts; remove .line", column: 0),
        Broken(rule: "close.line > 0", says: "only macd, bb, stoch, donchian and keltner have parts", column: 5),
        Broken(rule: "close() > 0", says: "close is not a function; write close without parentheses", column: 0),
        Broken(rule: "rsi < 30", says: "rsi is a function; call it, e.g. rsi(n)", column: 0),
        Broken(rule: "1 < close < 2", says: "comparisons cannot be chained; join them with and", column: 10),
        Broken(rule: "close > open[", says: "the rule ends where a value was expected", column: 13),
        Broken(rule: "close ≥ open", says: "unexpected character \"≥\"", column: 6),
        Broken(rule: "(close > open)[1]", says: "[...] looks back at a number, not a condition", column: 14),
        Broken(rule: "close[99999999999999999999] > close", says: "an offset must be a whole number from 0 to 1000000, not 1e+20", column: 6),
        Broken(rule: "crosses_above(macd(28, 26, 9).line, 0)", says: "the fast period of macd must not exceed its slow period, but it can be 28 while the slow one is 26", column: 19),
        Broken(rule: "macd(fast, slow, 9).hist > 0", says: "but it can be 30 (parameter fast) while the slow one is 26 (parameter slow)", column: 5),
        Broken(rule: "bb(20, 0).upper > close", says: "the width of bb must be a number > 0 and at most 1000000, not 0", column: 7),
        // Higher timeframes (the study's is 1h).
        Broken(rule: "close@1x > close", says: "@1x is not a timeframe", column: 5),
        Broken(rule: "close@15m > close", says: "@15m is not higher than the study's timeframe 1h", column: 5),
        Broken(rule: "close@3d > close", says: "@3d candles have no agreed start; use @1d or @1w", column: 5),
        Broken(rule: "close@ > close", says: "@ is followed by a timeframe or one of the study's symbols, e.g. close@1d", column: 5),
        Broken(rule: "close@daily > close", says: "@daily is neither a timeframe nor one of the study's symbols", column: 5),
        Broken(rule: "ema(close@1d, 50) > close", says: "ema(...) of a value @1d would mix the two timeframes candle by candle; compute it on the 1d candles: put the @ after the call, e.g. ema(close, 50)@1d", column: 9),
        Broken(rule: "close@1d[1] > close", says: "an offset after @1d would count the study's candles; put it before the @: close[1]@1d", column: 8),
        Broken(rule: "(close@4h > open)@1d", says: "an @ inside another @", column: 6),
        Broken(rule: "close > open@1d@1w", says: "an @ inside another @", column: 12),
        // The position (exit rules only).
        Broken(rule: "candles_held > 10", says: "candles_held describes the open position: use it in long_exit or short_exit, not in an entry rule", column: 0),
        Broken(rule: "sma(trade_return_pct, 5) > 0", says: "trade_return_pct describes the open position now and has no history", column: 4, exit: true),
        Broken(rule: "entry_price[1] < close", says: "entry_price describes the open position now and has no history", column: 0, exit: true),
        Broken(rule: "highest_since_entry@1d > close", says: "highest_since_entry describes the open position now and has no history", column: 0, exit: true),
        Broken(rule: "candles_hold > 10", says: "unknown name candles_hold; did you mean candles_held?", column: 0, exit: true),
        // The new functions.
        Broken(rule: "stoch(14, 3, 3) > 20", says: "stoch(...) has several values; pick one with .k, .d", column: 0),
        Broken(rule: "obv(5) > 0", says: "obv takes 0 arguments, not 1: obv()", column: 0),
        Broken(rule: "keltner(20, 0).upper > close", says: "the width of keltner must be a number > 0", column: 12),
        Broken(rule: "min(close) > 0", says: "min takes 2 arguments, not 1: min(a, b)", column: 0),
    ]

    @Test(arguments: corpus)
    func aBrokenRuleSaysWhatAndWhere(_ broken: Broken) {
        do {
            let node = try RuleParser.parse(broken.rule)
            try RuleChecker(parameterValues: Self.parameters, timeframe: .oneHour).check(node, isExit: broken.exit)
            Issue.record("\(broken.rule) was accepted")
        } catch {
            #expect(error.message.contains(broken.says), "got: \(error.message)")
            #expect(error.column == broken.column, "caret at \(error.column): \(error.pointing(into: broken.rule))")
        }
    }

    @Test func theCaretSitsUnderTheColumn() {
        let error = RuleError("expected \")\"", at: 15)
        #expect(error.pointing(into: "rsi(rsi_period < 30") == "expected \")\"\n    rsi(rsi_period < 30\n                   ^")
    }

    @Test func theCorpusHasAtLeastTwentyCases() {
        #expect(Self.corpus.count >= 20)
    }
}
