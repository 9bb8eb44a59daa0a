/// A ``Portfolio`` with one combination's parameter values read and its columns built on
/// every symbol of a market: what the portfolio simulator reads per candle.
///
/// Its columns are shared, never copied: a rank that is an indicator is the indicator cache's
/// array, and a search keeps each combination's bound portfolio (a copy per combination once
/// took 1.1 KB per candle-symbol of a 100-symbol walk-forward).
struct BoundPortfolio: Sendable {
    enum Sizing: Sendable {
        case equal
        case fixed(Double)
        case percent(Double)
        /// σ per symbol (own candles), annualised percent.
        case volatility(targetPct: Double, sigma: [[Double]])
        /// A stop `stopPct` percent from the fill, or `distances` per symbol (own candles, price units; nil with `stopPct`).
        case risk(riskPct: Double, stopPct: Double?, distances: [[Double]]?)
    }

    let mode: Portfolio.Mode
    let maxPositions: Int
    let rebalance: Portfolio.Rebalance
    /// Every `n` candles, for `rebalance: n`.
    let rebalanceCandles: Int
    /// The rank per symbol at each of its candles; nil when every rank is 0.
    let ranks: [[Double]]?
    /// The filter per symbol (1 true); nil when there is none.
    let filters: [[Double]]?
    let sizing: Sizing
    /// The cap on one notional as a fraction of equity (∞ when none).
    let maxWeight: Double
    let feeRate: Double

    init(_ portfolio: Portfolio, parameters: ParameterSet, market: Market, settings: SimulationSettings) {
        mode = portfolio.mode
        maxPositions = max(1, Int(portfolio.maxPositions.value(in: parameters)))
        rebalance = portfolio.rebalance
        if case let .candles(count) = portfolio.rebalance {
            rebalanceCandles = max(1, Int(count.value(in: parameters)))
        } else {
            rebalanceCandles = 1
        }
        ranks = portfolio.rankBy.map { rank in market.contexts.map { rank.column(parameters, $0, market) } }
        filters = portfolio.filter.map { filter in market.contexts.map { filter.column(parameters, $0, market) } }
        feeRate = settings.feePct / 100
        switch portfolio.sizing {
        case .equal: sizing = .equal
        case let .fixed(amount): sizing = .fixed(amount)
        case let .percent(percent): sizing = .percent(percent)
        case let .volatility(target, lookback):
            let days = Int(lookback.value(in: parameters))
            sizing = .volatility(targetPct: target.value(in: parameters),
                                 sigma: market.contexts.map { RealisedVolatility.column(context: $0, lookback: days) })
        case let .risk(riskPct, .percent(stop)):
            sizing = .risk(riskPct: riskPct.value(in: parameters), stopPct: stop.value(in: parameters), distances: nil)
        case let .risk(riskPct, .distance(_, column)):
            sizing = .risk(riskPct: riskPct.value(in: parameters), stopPct: nil,
                           distances: market.contexts.map { column(parameters, $0, market) })
        }
        let cap = portfolio.maxWeightPct.map { $0.value(in: parameters) }
        if case .volatility = sizing { maxWeight = (cap ?? 100) / 100 } else { maxWeight = cap.map { $0 / 100 } ?? .infinity }
    }

    /// The rank of `symbol` at its candle `index` (0 without `rank_by`; NaN while undefined).
    @inline(__always)
    func rank(symbol: Int, at index: Int) -> Double {
        ranks?[symbol][index] ?? 0
    }

    /// Whether `symbol` may be entered at its candle `index`: its rank is defined, its filter
    /// holds, and its size can be computed (volatility and a risk expression defined and > 0).
    @inline(__always)
    func admits(symbol: Int, at index: Int) -> Bool {
        guard !rank(symbol: symbol, at: index).isNaN else { return false }
        if let filters, filters[symbol][index] != 1 { return false }
        switch sizing {
        case let .volatility(_, sigma): return sigma[symbol][index] > 0 && sigma[symbol][index].isFinite
        case let .risk(_, _, distances?): return distances[symbol][index] > 0 && distances[symbol][index].isFinite
        default: return true
        }
    }

    /// The stop distance of a risk-sized entry signalled at `signalIndex` and filled at `fill`; nil for other models.
    @inline(__always)
    func riskDistance(symbol: Int, signalIndex: Int, fill: Double) -> Double? {
        guard case let .risk(_, stopPct, distances) = sizing else { return nil }
        return stopPct.map { fill * $0 / 100 } ?? distances?[symbol][signalIndex]
    }

    /// The notional of an entry into `symbol` signalled at its candle `signalIndex`, filled at
    /// `fill`, with `equity` marked at the previous close (docs/portfolio.md, "Sizing").
    @inline(__always)
    func notional(symbol: Int, signalIndex: Int, fill: Double, equity: Double) -> Double {
        let target: Double
        switch sizing {
        case .equal: target = equity / (Double(maxPositions) * (1 + feeRate))
        case let .fixed(amount): target = amount
        case let .percent(percent): target = equity * percent / 100
        case let .volatility(targetPct, sigma): target = equity * min(targetPct / sigma[symbol][signalIndex], maxWeight)
        case let .risk(riskPct, _, _):
            let distance = riskDistance(symbol: symbol, signalIndex: signalIndex, fill: fill) ?? .nan
            target = equity * riskPct / 100 / distance * fill
        }
        return maxWeight.isFinite ? min(target, equity * maxWeight) : target
    }
}
