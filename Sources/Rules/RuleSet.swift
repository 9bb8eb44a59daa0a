import Backtesting
import MarketData

/// The four rules of a `strategy: rules` study (any may be absent), parsed and checked, and
/// the strategy they make.
///
/// ```swift
/// let rules = try RuleSet(texts: ["long_entry": "rsi(p) < 30", "long_exit": "rsi(p) > 70"],
///                         parameterValues: ["p": [7, 14, 21]])
/// let strategy = rules.strategy()
/// ```
public struct RuleSet: Sendable {
    /// The rule keys of a study file, in the order they are documented.
    public static let keys = ["long_entry", "long_exit", "short_entry", "short_exit"]

    /// The rules as written; checked by ``init(texts:parameterValues:)``.
    public let texts: [String: String]

    /// A rule that failed to parse or check, with its key.
    public struct Failure: Error, Sendable {
        public var key: String
        public var error: RuleError
        public var text: String
        /// The message with the rule and a caret under the column.
        public var description: String { error.pointing(into: text) }
    }

    /// - Parameters:
    ///   - texts: rule key (``keys``) → rule text.
    ///   - parameterValues: every parameter with every value it takes in the study.
    ///   - timeframe: the study's: an `@` must name a higher one.
    ///   - symbols: the study's: what `close@BTCUSDT` may name.
    /// - Throws: one ``Failure`` per broken rule.
    public init(texts: [String: String], parameterValues: [String: [Double]], timeframe: Timeframe? = nil,
                symbols: [String] = []) throws(RuleSetError) {
        var failures: [Failure] = []
        let checker = RuleChecker(parameterValues: parameterValues, timeframe: timeframe, symbols: symbols)
        for key in Self.keys {
            guard let text = texts[key] else { continue }
            do {
                try checker.check(try RuleParser.parse(text), isExit: key.hasSuffix("_exit"))
            } catch {
                failures.append(Failure(key: key, error: error, text: text))
            }
        }
        if !failures.isEmpty { throw RuleSetError(failures: failures) }
        self.texts = texts
        if let timeframe {
            warmupCandles = Self.keys.compactMap { texts[$0].flatMap { try? RuleParser.parse($0) } }
                .map { checker.lookback($0, timeframe: timeframe) }.max() ?? 0
        } else {
            warmupCandles = 0
        }
    }

    /// Candles of the study's timeframe the rules read before their first defined value, at the
    /// largest parameter values (``RuleChecker/lookback(_:timeframe:)``): an `@1d` filter on 1h
    /// candles needs its daily look-back times 24. 0 when the timeframe was not given.
    public let warmupCandles: Int

    /// The parameters the rules read, sorted. A rule that does not parse still contributes the
    /// words that read as parameters (not a keyword, field, function call or part), so one
    /// syntax error does not turn into "no parameter" errors for every name it uses.
    public static func parameterNames(in texts: [String: String]) -> [String] {
        var names = Set<String>()
        for text in texts.values {
            if let node = try? RuleParser.parse(text) {
                names.formUnion(RuleChecker.parameters(in: node))
            } else if let tokens = try? RuleLexer.tokens(text) {
                for (index, token) in tokens.enumerated() {
                    guard case let .word(word) = token.kind, !["and", "or", "not"].contains(word),
                          CandleField(rawValue: word) == nil else { continue }
                    if index + 1 < tokens.count, tokens[index + 1].kind == .symbol("(") { continue }
                    if index > 0, tokens[index - 1].kind == .symbol(".") { continue }
                    names.insert(word)
                }
            }
        }
        return names.sorted()
    }

    /// The strategy: its parameters are `parameters` (defaults and accepted values) plus the
    /// stop parameters; condition columns are computed once per distinct rule text after
    /// parameter substitution and symbol, and shared by the combinations that agree on it.
    public func strategy(name: String = "rules", summary: String = "Entries and exits written as rules in the study file.",
                         parameters: [ParameterSpec]) -> StrategyDefinition {
        // The rules are kept as text and parsed again at each binding (microseconds): a tree held
        // by a process-wide strategy (ema_cross) sits behind Swift's spare-bit-tagged enum
        // pointers, which LeakSanitizer cannot follow and reported as leaked.
        let texts = self.texts
        return StrategyDefinition(name: name, summary: summary, parameters: parameters) { values, context, market in
            let nodes = texts.compactMapValues { try? RuleParser.parse($0) }
            let evaluator = RuleEvaluator(context: context, parameters: values, market: market)
            func column(_ key: String) -> ConditionColumn {
                guard let node = nodes[key], !RuleChecker.readsPosition(node) else { return ConditionColumn(count: context.series.count) }
                return context.condition("rule:" + evaluator.canonical(node)) { evaluator.condition(node) }
            }
            // An exit that reads the position is a formula asked at each close while holding.
            func positionExit(_ key: String) -> SignalColumns.PositionExit? {
                guard let node = nodes[key], RuleChecker.readsPosition(node) else { return nil }
                let formula = evaluator.positionFormula(node)
                let closes = context.series.closes
                return { index, position in formula.value(at: index, position: position, close: closes[index]) == 1 }
            }
            return SignalColumns(longEntry: column("long_entry"), longExit: column("long_exit"),
                                 shortEntry: column("short_entry"), shortExit: column("short_exit"),
                                 longPositionExit: positionExit("long_exit"), shortPositionExit: positionExit("short_exit"))
        }
    }
}

/// Every rule that failed, for a study file's issues.
public struct RuleSetError: Error, Sendable {
    public var failures: [RuleSet.Failure]
}
