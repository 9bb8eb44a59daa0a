/// How a study trades its symbols as one portfolio (docs/portfolio.md): at most
/// `maxPositions` at once, entries ranked across the universe or a rotation into the best
/// ranked on a schedule, each position sized by a model.
///
/// The expressions (`rank_by`, `filter`, a risk stop) arrive as column builders: the Rules
/// module turns their text into columns of a symbol's candles, so this module never parses.
/// Numbers may name a searched parameter (``Quantity``), read per combination.
public struct Portfolio: Sendable {
    /// A column of one symbol's candles for one parameter combination: NaN where undefined.
    /// The column of one symbol of a market (which the expression may read: `close@BTCUSDT`).
    public typealias Column = @Sendable (ParameterSet, SeriesContext, Market) -> [Double]

    public enum Mode: String, Sendable, CaseIterable {
        /// Each symbol's strategy enters and exits; the best ranked fill the free slots.
        case signals
        /// At each rebalance, hold the best ranked symbols that pass the filter.
        case rotation
    }

    /// When a rotation re-ranks (``RebalanceSchedule``).
    public enum Rebalance: Sendable, Hashable {
        case everyCandle, daily, weekly, monthly
        /// Every `n` candles of the axis from the range's first.
        case candles(Quantity)
    }

    /// A number written in the study, or the name of a parameter whose value each combination gives.
    public enum Quantity: Sendable, Hashable, CustomStringConvertible {
        case number(Double)
        case parameter(String)

        /// The value in `parameters`; NaN when a parameter is missing (validation prevents it).
        public func value(in parameters: ParameterSet) -> Double {
            switch self {
            case let .number(value): value
            case let .parameter(name): parameters.number(name) ?? .nan
            }
        }

        public var description: String {
            switch self {
            case let .number(value): ParameterValue.format(value)
            case let .parameter(name): name
            }
        }
    }

    /// Where a risk-sized position's stop is.
    public enum RiskStop: Sendable {
        /// A percent of the fill.
        case percent(Quantity)
        /// An expression in price units at the signal close (`2 * atr(14)`).
        case distance(text: String, column: Column)
    }

    /// How much an entry buys (the table of docs/portfolio.md).
    public enum Sizing: Sendable {
        /// `E / (max_positions × (1 + fee))`.
        case equal
        /// A fixed notional (the study's `position_size`).
        case fixed(Double)
        /// A percent of equity (the study's `position_size_pct`).
        case percent(Double)
        /// `E × min(target / σ, cap)`: σ the annualised realised volatility over `lookback` days.
        case volatility(targetPct: Quantity, lookback: Quantity)
        /// A quantity whose loss at the stop is `riskPct` of equity.
        case risk(riskPct: Quantity, stop: RiskStop)

        public var name: String {
            switch self {
            case .equal: "equal"
            case .fixed: "fixed"
            case .percent: "percent"
            case .volatility: "volatility"
            case .risk: "risk"
            }
        }
    }

    public var maxPositions: Quantity
    public var mode: Mode
    public var rebalance: Rebalance
    /// The ranking expression as written (for reports) and its column; nil ranks every symbol 0.
    public var rankBy: (text: String, column: Column)?
    /// The filter rule as written and its column (1 true, 0 false, NaN undefined).
    public var filter: (text: String, column: Column)?
    public var sizing: Sizing
    /// A cap on one position's notional, percent of equity; nil: none (volatility: 100).
    public var maxWeightPct: Quantity?
    /// The parameters the portfolio reads (from `parameter_ranges`), added to the strategy's.
    public var parameters: [ParameterSpec]

    public init(maxPositions: Quantity, mode: Mode = .signals, rebalance: Rebalance = .everyCandle,
                rankBy: (text: String, column: Column)? = nil, filter: (text: String, column: Column)? = nil,
                sizing: Sizing = .equal, maxWeightPct: Quantity? = nil, parameters: [ParameterSpec] = []) {
        self.maxPositions = maxPositions
        self.mode = mode
        self.rebalance = rebalance
        self.rankBy = rankBy
        self.filter = filter
        self.sizing = sizing
        self.maxWeightPct = maxWeightPct
        self.parameters = parameters
    }
}
