/// A trading strategy: named parameters, and a way to bind them to one symbol's
/// indicators as a ``SignalRule``.
///
/// Implement `makeRule` so that it only looks up or computes columns (through the
/// context's shared indicator cache); the simulator calls the rule's `decision` once per
/// candle per combination.
public protocol Strategy: Sendable {
    associatedtype Rule: SignalRule
    static var name: String { get }
    /// One sentence for `--help` and reports.
    static var summary: String { get }
    static var parameters: [ParameterSpec] { get }
    /// Binds complete, validated parameters (every spec with a default present) to a symbol.
    static func makeRule(parameters: ParameterSet, context: SeriesContext) -> Rule
}

/// A strategy without its static type, as the study file and the command line name it.
public struct StrategyDefinition: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [ParameterSpec]
    /// The portfolio the strategy trades its symbols as (``inPortfolio(_:)``); nil: each on its own.
    public let portfolio: Portfolio?
    let bind: @Sendable (ParameterSet, Market, SimulationSettings) -> BoundStrategy
    let bindInPortfolio: @Sendable (ParameterSet, Market, SimulationSettings, Portfolio) -> BoundStrategy

    public init<S: Strategy>(_ strategy: S.Type) {
        self.init(name: S.name, summary: S.summary, parameters: S.parameters) { values, context, _ in S.makeRule(parameters: values, context: context) }
    }

    /// A strategy whose rule for one symbol (of the market, which it may read: `close@BTCUSDT`) `rule` builds.
    init<Rule: SignalRule>(name: String, summary: String, parameters: [ParameterSpec],
                           rule: @escaping @Sendable (ParameterSet, SeriesContext, Market) -> Rule) {
        self.init(name: name, summary: summary, parameters: parameters, portfolio: nil, bind: { values, market, settings in
            BoundStrategy(rules: market.contexts.map { rule(values, $0, market) }, market: market, settings: settings)
        }, bindInPortfolio: { values, market, settings, portfolio in
            BoundStrategy(rules: market.contexts.map { rule(values, $0, market) }, market: market, settings: settings,
                          portfolio: BoundPortfolio(portfolio, parameters: values, market: market, settings: settings))
        })
    }

    private init(name: String, summary: String, parameters: [ParameterSpec], portfolio: Portfolio?,
                 bind: @escaping @Sendable (ParameterSet, Market, SimulationSettings) -> BoundStrategy,
                 bindInPortfolio: @escaping @Sendable (ParameterSet, Market, SimulationSettings, Portfolio) -> BoundStrategy) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.portfolio = portfolio
        self.bind = bind
        self.bindInPortfolio = bindInPortfolio
    }

    /// This strategy trading its symbols as `portfolio` (docs/portfolio.md): its parameters are
    /// the strategy's and the portfolio's.
    public func inPortfolio(_ portfolio: Portfolio) -> StrategyDefinition {
        let bindInPortfolio = self.bindInPortfolio
        let own = Set(parameters.map(\.name))
        return StrategyDefinition(name: name, summary: summary, parameters: parameters + portfolio.parameters.filter { !own.contains($0.name) },
                                  portfolio: portfolio, bind: { values, market, settings in bindInPortfolio(values, market, settings, portfolio) },
                                  bindInPortfolio: bindInPortfolio)
    }

    public func spec(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }

    /// `strategy rsi has no parameter rsi_perod; did you mean rsi_period?; its parameters are …`:
    /// the one message for a parameter the strategy does not have, wherever it is named.
    public func unknownParameterMessage(_ name: String) -> String {
        "strategy \(self.name) has no parameter \(name)" + didYouMean(name, among: parameters.map(\.name))
            + "; its parameters are \(parameters.map(\.name).joined(separator: ", "))"
    }

    /// `values` checked against the specs and completed with defaults.
    ///
    /// - Throws: ``BacktestError/invalidParameter(_:)`` naming an unknown parameter (with the
    ///   closest known name) or a value out of range.
    public func resolve(_ values: ParameterSet) throws(BacktestError) -> ParameterSet {
        var resolved = ParameterSet()
        for (name, value) in values.pairs {
            guard let spec = spec(named: name) else { throw .invalidParameter(unknownParameterMessage(name)) }
            if let problem = spec.problem(with: value) { throw .invalidParameter(problem) }
            resolved[name] = value
        }
        for spec in parameters where resolved[spec.name] == nil {
            if let value = spec.defaultValue { resolved[spec.name] = value }
        }
        return ParameterSet(parameters.compactMap { spec in resolved[spec.name].map { (spec.name, $0) } })
    }
}

/// A parameter combination bound to a market: rules built, ready to simulate any range.
///
/// Closures rather than a generic type behind a protocol: they are formed inside
/// ``StrategyDefinition/init(_:)``, which the compiler specializes for each catalogued
/// strategy, so the simulator's inner loop calls the concrete rule directly (a protocol
/// witness per candle cost half the loop's time).
struct BoundStrategy: Sendable {
    let summarize: @Sendable (Range<Int>) -> PerformanceSummary
    let record: @Sendable (Range<Int>) -> (PerformanceSummary, FullRecording)
    let dailyCloses: @Sendable (Range<Int>) -> [Double]
    let summarizeWithDailyCloses: @Sendable (Range<Int>) -> (PerformanceSummary, [Double])

    init<Rule: SignalRule>(rules: [Rule], market: Market, settings: SimulationSettings) {
        summarize = { range in
            var recorder = NoRecording()
            return Simulator.run(market: market, rules: rules, range: range, settings: settings, recorder: &recorder)
        }
        record = { range in
            var recorder = FullRecording()
            let summary = Simulator.run(market: market, rules: rules, range: range, settings: settings, recorder: &recorder)
            return (summary, recorder)
        }
        dailyCloses = { range in
            var recorder = DailyCloseRecording()
            _ = Simulator.run(market: market, rules: rules, range: range, settings: settings, recorder: &recorder)
            return recorder.finished
        }
        summarizeWithDailyCloses = { range in
            var recorder = DailyCloseRecording()
            let summary = Simulator.run(market: market, rules: rules, range: range, settings: settings, recorder: &recorder)
            return (summary, recorder.finished)
        }
    }

    /// The rules trading as `portfolio` (``PortfolioSimulator``).
    init<Rule: SignalRule>(rules: [Rule], market: Market, settings: SimulationSettings, portfolio: BoundPortfolio) {
        summarize = { range in
            var recorder = NoRecording()
            return PortfolioSimulator.run(market: market, rules: rules, portfolio: portfolio, range: range, settings: settings, recorder: &recorder)
        }
        record = { range in
            var recorder = FullRecording()
            let summary = PortfolioSimulator.run(market: market, rules: rules, portfolio: portfolio, range: range, settings: settings,
                                                 recorder: &recorder)
            return (summary, recorder)
        }
        dailyCloses = { range in
            var recorder = DailyCloseRecording()
            _ = PortfolioSimulator.run(market: market, rules: rules, portfolio: portfolio, range: range, settings: settings, recorder: &recorder)
            return recorder.finished
        }
        summarizeWithDailyCloses = { range in
            var recorder = DailyCloseRecording()
            let summary = PortfolioSimulator.run(market: market, rules: rules, portfolio: portfolio, range: range, settings: settings,
                                                 recorder: &recorder)
            return (summary, recorder.finished)
        }
    }
}

/// `"; did you mean rsi_period?"` for the known name closest to `name` (edit distance
/// at most a third of its length), or an empty string.
public func didYouMean(_ name: String, among candidates: [String]) -> String {
    let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 3) else { return "" }
    return "; did you mean \(best.0)?"
}

/// Levenshtein distance between two strings.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
