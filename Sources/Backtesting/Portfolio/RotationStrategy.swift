/// `strategy: rotation`: no entries or exits of its own. A portfolio with `mode: rotation`
/// trades it: what it holds is the portfolio's ranking, filter and rebalance schedule, whose
/// parameters are the only ones (docs/portfolio.md).
public enum RotationStrategy: Strategy {
    public static let name = "rotation"
    public static let summary = "Holds the best-ranked symbols of a portfolio, re-ranked at each rebalance (portfolio mode rotation)."
    public static let parameters: [ParameterSpec] = []

    public static func makeRule(parameters: ParameterSet, context: SeriesContext) -> Rule { Rule() }

    public struct Rule: SignalRule {
        @inline(__always)
        public func decision(at index: Int, holding: Side?) -> Decision { .none }
        public func exitLevels(side: Side, fillPrice: Double, signalIndex: Int) -> ExitLevels { ExitLevels(stopLoss: nil, takeProfit: nil) }
    }
}
