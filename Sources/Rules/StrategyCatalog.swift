import Backtesting

/// The one catalogue of the strategies a study file can name: the built-ins written in Swift
/// (`rsi`, `confluence`: ``StrategyDefinition/builtIns``) and the ones defined by rules
/// (`ema_cross`, `bollinger`, `macd`), with the "unknown strategy … did you mean" message.
/// (A strategy's "has no parameter" message is ``StrategyDefinition/unknownParameterMessage(_:)``.)
public enum StrategyCatalog {
    static let emaCrossRules: [String: String] = [
        "long_entry": "crosses_above(ema(fast), ema(slow))",
        "long_exit": "crosses_below(ema(fast), ema(slow))",
        "short_entry": "crosses_below(ema(fast), ema(slow))",
        "short_exit": "crosses_above(ema(fast), ema(slow))",
    ]

    /// Fast EMA crossing the slow one: long on the cross up, short on the cross down, each
    /// exiting on the opposite cross.
    public static let emaCross = named(
        "ema_cross", "EMA crossover: long when the fast EMA crosses above the slow one, short when it crosses below.",
        rules: emaCrossRules,
        parameters: [
            ParameterSpec("fast", .integer(1...1_000), default: .number(12), "fast EMA length in candles"),
            ParameterSpec("slow", .integer(2...1_000), default: .number(26), "slow EMA length in candles"),
        ])

    static let bollingerRules: [String: String] = [
        "long_entry": "close < bb(bb_period, bb_width).lower",
        "long_exit": "close > bb(bb_period, bb_width).middle",
        "short_entry": "close > bb(bb_period, bb_width).upper",
        "short_exit": "close < bb(bb_period, bb_width).middle",
    ]

    /// Mean reversion to the Bollinger bands: long below the lower band until the close is back
    /// above the middle, short above the upper band until it is back below the middle.
    public static let bollinger = named(
        "bollinger", "Bollinger mean reversion: long below the lower band, short above the upper, exit at the middle.",
        rules: bollingerRules,
        parameters: [
            ParameterSpec("bb_period", .integer(2...1_000), default: .number(20), "Bollinger band length in candles"),
            ParameterSpec("bb_width", .number(0.1...10), default: .number(2), "band width in standard deviations"),
        ])

    static let macdRules: [String: String] = [
        "long_entry": "crosses_above(macd(macd_fast, macd_slow, macd_signal).line, macd(macd_fast, macd_slow, macd_signal).signal)",
        "long_exit": "crosses_below(macd(macd_fast, macd_slow, macd_signal).line, macd(macd_fast, macd_slow, macd_signal).signal)",
        "short_entry": "crosses_below(macd(macd_fast, macd_slow, macd_signal).line, macd(macd_fast, macd_slow, macd_signal).signal)",
        "short_exit": "crosses_above(macd(macd_fast, macd_slow, macd_signal).line, macd(macd_fast, macd_slow, macd_signal).signal)",
    ]

    /// MACD line crossing its signal line.
    public static let macd = named(
        "macd", "MACD signal-line cross: long when the MACD line crosses above its signal, short when below.",
        rules: macdRules,
        parameters: [
            ParameterSpec("macd_fast", .integer(1...1_000), default: .number(12), "fast EMA length"),
            ParameterSpec("macd_slow", .integer(2...1_000), default: .number(26), "slow EMA length"),
            ParameterSpec("macd_signal", .integer(1...1_000), default: .number(9), "signal EMA length"),
        ])

    public static let all: [StrategyDefinition] = StrategyDefinition.builtIns + [emaCross, bollinger, macd, StrategyDefinition.rotation]

    /// The rules of the strategies defined by rules, by strategy name, so a study's parameter
    /// values can be checked against them (a MACD whose fast period exceeds its slow one).
    public static let ruleTexts: [String: [String: String]] = ["ema_cross": emaCrossRules, "bollinger": bollingerRules, "macd": macdRules]

    /// - Throws: ``BacktestError/unknownStrategy(_:)`` with the closest name; `rules` is
    ///   handled by the study parser, which has the rules.
    public static func named(_ name: String) throws(BacktestError) -> StrategyDefinition {
        guard let strategy = all.first(where: { $0.name == name }) else {
            let names = all.map(\.name) + ["rules"]
            throw .unknownStrategy("unknown strategy \(name)" + didYouMean(name, among: names)
                + "; choose one of \(names.joined(separator: ", "))")
        }
        return strategy
    }

    /// A strategy defined by rules over parameters with known specs; the rules are checked
    /// against every value the specs allow at their bounds and defaults.
    static func named(_ name: String, _ summary: String, rules: [String: String], parameters: [ParameterSpec]) -> StrategyDefinition {
        let values = Dictionary(uniqueKeysWithValues: parameters.map { spec in
            (spec.name, [spec.defaultValue?.number ?? 1])
        })
        do {
            return try RuleSet(texts: rules, parameterValues: values).strategy(name: name, summary: summary, parameters: parameters)
        } catch {
            preconditionFailure("the built-in rules of \(name) do not check: \(error.failures.map(\.description))")
        }
    }
}
