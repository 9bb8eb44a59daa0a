import Backtesting
import Foundation
import Indicators
import MarketData

/// Evaluates a checked rule over a whole series, column by column: each node is one pass
/// over the candles, never a walk of the tree per candle.
///
/// Numbers are `Double` columns with NaN where undefined (an indicator's warm-up, a look-back
/// before the first candle); conditions are columns of 1, 0, or NaN where any value they
/// depend on is undefined — `and`, `or` and `not` keep NaN too — so **a rule is false while any
/// indicator in it is not yet defined**. Indicator calls (`rsi(14)`, `ema(close, 200)`) are
/// computed once per series and shared through the ``SeriesContext`` cache by every
/// combination and window.
struct RuleEvaluator {
    let context: SeriesContext
    let parameters: ParameterSet
    /// The study's universe, for `x@SYMBOL` (nil outside a market: a rule checked against no
    /// symbols reads none).
    var market: Market? = nil

    enum Value {
        case constant(Double)
        case column([Double])
    }

    var count: Int { context.series.count }

    /// The rule's truth at every candle (undefined counts as false).
    func condition(_ node: RuleNode) -> ConditionColumn {
        switch evaluate(node) {
        case let .constant(value): return ConditionColumn(count: count) { _ in value == 1 }
        case let .column(values): return ConditionColumn(count: count) { values[$0] == 1 }
        }
    }

    func evaluate(_ node: RuleNode) -> Value {
        switch node {
        case let .number(value, _):
            return .constant(value)
        case let .name(name, _):
            if let field = CandleField(rawValue: name) { return .column(column(of: field)) }
            // A position name has no column: exit rules that read one are evaluated at each close (PositionRule).
            return .constant(PositionName(rawValue: name) != nil ? .nan : parameters.number(name) ?? .nan)
        case let .call(name, arguments, part, _):
            let key = IndicatorKey(function: "rule." + canonical(node), arguments: [])
            return .column(context.indicator(key) { _ in call(RuleFunction(rawValue: name)!, arguments, part) })
        case let .offset(value, offset, _):
            // The checker makes offsets whole numbers from 0 to 1e6; a missing parameter is undefined.
            guard let lag = Self.whole(constant(offset)) else { return .column([Double](repeating: .nan, count: count)) }
            switch evaluate(value) {
            case .constant: return evaluate(value)
            case let .column(values):
                var shifted = [Double](repeating: .nan, count: values.count)
                if lag < values.count { for index in lag..<values.count { shifted[index] = values[index - lag] } }
                return .column(shifted)
            }
        case let .negate(value, _):
            return map(evaluate(value)) { -$0 }
        case let .not(value, _):
            return map(evaluate(value)) { $0.isNaN ? .nan : ($0 == 1 ? 0 : 1) }
        case let .binary(op, left, right, _):
            return combine(evaluate(left), evaluate(right), Self.apply(op))
        case let .higherTimeframe(value, spelling, _):
            // Computed on the higher timeframe's candles, then seen at each candle as it was at
            // the last higher candle closed by then (never the one still forming).
            guard let timeframe = Timeframe(rawValue: spelling) else { return .column([Double](repeating: .nan, count: count)) }
            let key = IndicatorKey(function: "rule." + canonical(node), arguments: [])
            return .column(context.indicator(key) { _ in
                let (higher, lastClosed) = context.higherTimeframe(timeframe)
                let values = RuleEvaluator(context: higher, parameters: parameters).series(value)
                return lastClosed.map { $0 >= 0 ? values[$0] : .nan }
            })
        case let .otherSymbol(value, symbol, _):
            // Computed on the other symbol's candles, then seen at each candle as it was at the
            // other's last candle opening at or before it: one of the same timeframe closes with it.
            guard let other = market?.contexts.first(where: { $0.symbol == symbol }) else {
                preconditionFailure("@\(symbol): the checker admits only the study's symbols, and rules bind to the study's market")
            }
            let key = IndicatorKey(function: "rule." + canonical(node), arguments: [])
            return .column(context.indicator(key) { series in
                let values = RuleEvaluator(context: other, parameters: parameters, market: market).series(value)
                let times = other.series.openTimes
                var position = -1
                return series.openTimes.map { time in
                    while position + 1 < times.count, times[position + 1] <= time { position += 1 }
                    return position >= 0 ? values[position] : .nan
                }
            })
        }
    }

    /// The text of a node with parameters replaced by their values: the cache key of a call.
    func canonical(_ node: RuleNode) -> String {
        switch node {
        case let .number(value, _): RuleFormatting.number(value)
        case let .name(name, _): CandleField(rawValue: name) != nil ? name : RuleFormatting.number(parameters.number(name) ?? .nan)
        case let .call(name, arguments, part, _):
            "\(name)(\(arguments.map(canonical).joined(separator: ",")))" + (part.map { ".\($0)" } ?? "")
        case let .offset(value, offset, _): "(\(canonical(value)))[\(canonical(offset))]"
        case let .negate(value, _): "-(\(canonical(value)))"
        case let .not(value, _): "not(\(canonical(value)))"
        case let .binary(op, left, right, _): "(\(canonical(left)))\(op.rawValue)(\(canonical(right)))"
        case let .higherTimeframe(value, spelling, _): "(\(canonical(value)))@\(spelling)"
        case let .otherSymbol(value, symbol, _): "(\(canonical(value)))@\(symbol)"
        }
    }

    /// `value` as an Int when it is a whole number from 0 to 1e6.
    static func whole(_ value: Double) -> Int? {
        value.isFinite && value >= 0 && value <= 1_000_000 && value == value.rounded() ? Int(value) : nil
    }

    func constant(_ node: RuleNode) -> Double {
        if case let .constant(value) = evaluate(node) { return value }
        return .nan
    }

    func column(of field: CandleField) -> [Double] {
        switch field {
        case .open: context.series.opens
        case .high: context.series.highs
        case .low: context.series.lows
        case .close: context.series.closes
        case .volume: context.series.volumes
        }
    }

    func series(_ node: RuleNode) -> [Double] {
        switch evaluate(node) {
        case let .constant(value): [Double](repeating: value, count: count)
        case let .column(values): values
        }
    }

    func call(_ function: RuleFunction, _ arguments: [RuleNode], _ part: String?) -> [Double] {
        let series = context.series
        // The checker makes periods whole numbers from 1 to 1e6; anything else (a parameter a
        // hand-built ParameterSet lacks) leaves the indicator undefined rather than trapping.
        let form = function.forms.first { $0.count == arguments.count } ?? []
        let periods = arguments.map { Self.whole(constant($0)) }
        for (kind, value) in zip(form, periods) where kind == .period && (value ?? 0) < 1 {
            return [Double](repeating: .nan, count: count)
        }
        func period(_ index: Int) -> Int { periods[index] ?? 1 }
        switch function {
        case .rsi: return Indicator.rsi(series.closes, period: period(0))
        case .sma, .ema:
            let input = arguments.count == 2 ? self.series(arguments[0]) : series.closes
            let length = period(arguments.count - 1)
            return Self.onDefinedSuffix(input) { function == .sma ? Indicator.sma($0, period: length) : Indicator.ema($0, period: length) }
        case .atr: return Indicator.atr(highs: series.highs, lows: series.lows, closes: series.closes, period: period(0))
        case .adx, .plus_di, .minus_di:
            let movement = Indicator.directionalMovement(highs: series.highs, lows: series.lows, closes: series.closes, period: period(0))
            return function == .adx ? movement.adx : function == .plus_di ? movement.plusDI : movement.minusDI
        case .macd:
            // The checker refuses fast > slow; a combination that still has it never signals.
            guard period(0) <= period(1) else { return [Double](repeating: .nan, count: count) }
            let macd = Indicator.macd(series.closes, fast: period(0), slow: period(1), signal: period(2))
            return part == "line" ? macd.line : part == "signal" ? macd.signal : macd.histogram
        case .bb:
            let bands = Indicator.bollinger(series.closes, period: period(0), deviations: constant(arguments[1]))
            return part == "upper" ? bands.upper : part == "middle" ? bands.middle : bands.lower
        case .highest, .lowest:
            let length = period(1)
            return Self.onDefinedSuffix(self.series(arguments[0])) {
                function == .highest ? Indicator.highest($0, period: length) : Indicator.lowest($0, period: length)
            }
        case .stoch:
            let stochastic = Indicator.stochastic(highs: series.highs, lows: series.lows, closes: series.closes,
                                                  kPeriod: period(0), smoothing: period(1), dPeriod: period(2))
            return part == "k" ? stochastic.k : stochastic.d
        case .cci: return Indicator.cci(highs: series.highs, lows: series.lows, closes: series.closes, period: period(0))
        case .obv: return Indicator.obv(closes: series.closes, volumes: series.volumes)
        case .vwap:
            return Indicator.vwap(highs: series.highs, lows: series.lows, closes: series.closes, volumes: series.volumes,
                                  period: arguments.isEmpty ? nil : period(0),
                                  resetsAfter: arguments.isEmpty ? context.isLastCandleOfSession : nil)
        case .donchian, .keltner:
            let channel = function == .donchian ? Indicator.donchian(highs: series.highs, lows: series.lows, period: period(0))
                : Indicator.keltner(highs: series.highs, lows: series.lows, closes: series.closes, period: period(0), multiple: constant(arguments[1]))
            return part == "upper" ? channel.upper : part == "middle" ? channel.middle : channel.lower
        case .supertrend:
            return Indicator.supertrend(highs: series.highs, lows: series.lows, closes: series.closes, period: period(0), multiple: constant(arguments[1]))
        case .stdev, .zscore, .roc, .percent_rank:
            let input = arguments.count == 2 ? self.series(arguments[0]) : series.closes
            let length = period(arguments.count - 1)
            return Self.onDefinedSuffix(input) { values in
                switch function {
                case .stdev: Indicator.rollingMoments(values, period: length).deviation
                case .zscore: Indicator.zscore(values, period: length)
                case .roc: Indicator.roc(values, period: length)
                default: Indicator.percentRank(values, period: length)
                }
            }
        case .abs: return self.series(arguments[0]).map { Swift.abs($0) }
        case .log: return self.series(arguments[0]).map { $0 > 0 ? Foundation.log($0) : .nan }
        case .sqrt: return self.series(arguments[0]).map { $0 >= 0 ? $0.squareRoot() : .nan }
        case .min, .max:
            let a = self.series(arguments[0]), b = self.series(arguments[1])
            return zip(a, b).map { $0.isNaN || $1.isNaN ? .nan : function == .min ? Swift.min($0, $1) : Swift.max($0, $1) }
        case .crosses_above, .crosses_below:
            let a = self.series(arguments[0]), b = self.series(arguments[1])
            var output = [Double](repeating: .nan, count: a.count)
            for index in a.indices.dropFirst() {
                let now = (a[index], b[index]), before = (a[index - 1], b[index - 1])
                if now.0.isNaN || now.1.isNaN || before.0.isNaN || before.1.isNaN { continue }
                output[index] = function == .crosses_above
                    ? (now.0 > now.1 && before.0 <= before.1 ? 1 : 0)
                    : (now.0 < now.1 && before.0 >= before.1 ? 1 : 0)
            }
            return output
        }
    }

    /// An indicator of a derived series whose first values are undefined (an RSI's warm-up):
    /// computed from its first defined value on, NaN before.
    static func onDefinedSuffix(_ values: [Double], _ compute: ([Double]) -> [Double]) -> [Double] {
        guard let first = values.firstIndex(where: { !$0.isNaN }) else { return values }
        if first == 0 { return compute(values) }
        return [Double](repeating: .nan, count: first) + compute(Array(values[first...]))
    }

    func map(_ value: Value, _ transform: (Double) -> Double) -> Value {
        switch value {
        case let .constant(number): .constant(transform(number))
        case let .column(values): .column(values.map(transform))
        }
    }

    func combine(_ left: Value, _ right: Value, _ operation: (Double, Double) -> Double) -> Value {
        switch (left, right) {
        case let (.constant(a), .constant(b)): .constant(operation(a, b))
        case let (.column(a), .constant(b)): .column(a.map { operation($0, b) })
        case let (.constant(a), .column(b)): .column(b.map { operation(a, $0) })
        case let (.column(a), .column(b)): .column(zip(a, b).map(operation))
        }
    }

    /// The operator on numbers, or on conditions as 1 / 0, NaN in, NaN out.
    static func apply(_ op: RuleOperator) -> (Double, Double) -> Double {
        func truth(_ holds: Bool) -> Double { holds ? 1 : 0 }
        switch op {
        case .plus: return { $0 + $1 }
        case .minus: return { $0 - $1 }
        case .times: return { $0 * $1 }
        case .divide: return { $0 / $1 }
        case .less: return { $0.isNaN || $1.isNaN ? .nan : truth($0 < $1) }
        case .lessOrEqual: return { $0.isNaN || $1.isNaN ? .nan : truth($0 <= $1) }
        case .greater: return { $0.isNaN || $1.isNaN ? .nan : truth($0 > $1) }
        case .greaterOrEqual: return { $0.isNaN || $1.isNaN ? .nan : truth($0 >= $1) }
        case .equal: return { $0.isNaN || $1.isNaN ? .nan : truth($0 == $1) }
        case .notEqual: return { $0.isNaN || $1.isNaN ? .nan : truth($0 != $1) }
        case .and: return { $0.isNaN || $1.isNaN ? .nan : truth($0 == 1 && $1 == 1) }
        case .or: return { $0.isNaN || $1.isNaN ? .nan : truth($0 == 1 || $1 == 1) }
        }
    }
}

/// An exit rule that reads the open position (`trade_return_pct > 3 or candles_held >= n`): the
/// parts that do not are columns computed once per combination, the rest is evaluated at each
/// close while holding, with the same undefined-is-false rule as the columns.
indirect enum PositionFormula: Sendable {
    case constant(Double)
    case column([Double])
    case position(PositionName)
    case negate(PositionFormula)
    case not(PositionFormula)
    case binary(RuleOperator, PositionFormula, PositionFormula)

    /// The value at candle `index` (whose close is `close`) with `position` open.
    func value(at index: Int, position: PositionView, close: Double) -> Double {
        switch self {
        case let .constant(value): value
        case let .column(values): values[index]
        case let .position(name):
            switch name {
            case .candles_held: Double(position.candlesHeld(at: index))
            case .entry_price: position.entryPrice
            case .trade_return_pct: position.returnPct(at: close)
            case .highest_since_entry: position.highestSinceEntry
            case .lowest_since_entry: position.lowestSinceEntry
            }
        case let .negate(value): -value.value(at: index, position: position, close: close)
        case let .not(value):
            { $0.isNaN ? .nan : ($0 == 1 ? 0 : 1) }(value.value(at: index, position: position, close: close))
        case let .binary(op, left, right):
            RuleEvaluator.apply(op)(left.value(at: index, position: position, close: close),
                                    right.value(at: index, position: position, close: close))
        }
    }
}

extension RuleEvaluator {
    /// The formula of an exit rule that reads the position (``RuleChecker/readsPosition(_:)``).
    func positionFormula(_ node: RuleNode) -> PositionFormula {
        guard RuleChecker.readsPosition(node) else {
            switch evaluate(node) {
            case let .constant(value): return .constant(value)
            case let .column(values): return .column(values)
            }
        }
        switch node {
        case let .name(name, _): return PositionName(rawValue: name).map(PositionFormula.position) ?? .constant(.nan)
        case let .negate(value, _): return .negate(positionFormula(value))
        case let .not(value, _): return .not(positionFormula(value))
        case let .binary(op, left, right, _): return .binary(op, positionFormula(left), positionFormula(right))
        // The checker keeps position names out of calls, offsets and @.
        case .number, .call, .offset, .higherTimeframe, .otherSymbol: return .constant(.nan)
        }
    }
}
