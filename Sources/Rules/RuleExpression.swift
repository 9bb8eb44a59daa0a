import Backtesting
import MarketData

/// One expression of the rules language outside a strategy's four rules: a portfolio's
/// `rank_by` (a number), `filter` (a condition) or risk stop (a number in price units),
/// checked once and evaluated per symbol into a column (docs/portfolio.md).
///
/// A number is NaN where any value it reads is undefined; a condition is 1, 0, or NaN. Columns
/// are cached in the symbol's ``SeriesContext`` by the expression with its parameter values,
/// so combinations that agree on them share one.
public struct RuleExpression: Sendable {
    public enum Kind: Sendable { case number, condition }

    public let text: String
    public let kind: Kind
    /// Candles of the study's timeframe read before the first defined value, at the largest
    /// parameter values (``RuleChecker/lookback(_:timeframe:)``).
    public let warmupCandles: Int

    /// - Parameter symbols: the study's: what `close@BTCUSDT` may name.
    /// - Throws: ``RuleError`` pointing into `text` when it does not parse, reads an unknown
    ///   name, or is a condition where a number is wanted (or the reverse).
    public init(_ text: String, kind: Kind, parameterValues: [String: [Double]], timeframe: Timeframe,
                symbols: [String] = []) throws(RuleError) {
        let node = try RuleParser.parse(text)
        let checker = RuleChecker(parameterValues: parameterValues, timeframe: timeframe, symbols: symbols)
        switch (try checker.kind(of: node), kind) {
        case (.number, .number), (.condition, .condition): break
        case (.condition, .number):
            throw RuleError("this is a condition, but a number is wanted here: rank by a value such as roc(close, 90)", at: node.position)
        case (.number, .condition):
            throw RuleError("this is a number, but a condition is wanted here: compare it (close > sma(close, 200))", at: node.position)
        }
        self.text = text
        self.kind = kind
        warmupCandles = checker.lookback(node, timeframe: timeframe)
    }

    /// The parameters `text` reads (``RuleSet/parameterNames(in:)``).
    public static func parameterNames(in text: String) -> [String] {
        RuleSet.parameterNames(in: ["expression": text])
    }

    /// The expression's value at every candle of a symbol, for one combination.
    public var column: Portfolio.Column {
        let text = self.text
        return { parameters, context, market in
            guard let node = try? RuleParser.parse(text) else { return [Double](repeating: .nan, count: context.series.count) }
            let evaluator = RuleEvaluator(context: context, parameters: parameters, market: market)
            return context.indicator(IndicatorKey(function: "expression." + evaluator.canonical(node), arguments: [])) { _ in
                evaluator.series(node)
            }
        }
    }
}
