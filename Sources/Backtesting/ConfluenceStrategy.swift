import Indicators
import MarketData

/// The original system's multi-indicator score, made causal and on candle time
/// (SPEC section 4).
///
/// At each close from candle 50 on, a long and a short score add up to ten weighted
/// conditions (MACD histogram cross, RSI zone or direction, close vs EMA50, ADX, Heikin-Ashi
/// colour, volume trend, EMA9/21/50 alignment, DI spread, Bollinger position, ATR/close).
/// The maximum is the sum of the weights (13.5 by default). A side triggers when its score
/// is `>= maximum × min_confidence`; when both do, long wins. Positions exit only by
/// stop-loss, take-profit (`stop_loss_atr`/`take_profit_atr` × ATR(14) at the signal candle,
/// from the fill price) or the window's end.
///
/// Confidence, from `raw = score / maximum`: `raw > 0.88: 0.78 + (raw − 0.88) × 1.17`;
/// `raw > 0.75: 0.68 + (raw − 0.75) × 0.77`; else `raw × 0.91`; capped at 0.92.
public enum ConfluenceStrategy: Strategy {
    public static let name = "confluence"
    public static let summary = "The original multi-indicator confluence score with ATR stops."

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("rsi_period", .integer(2...1_000), default: .number(14), "RSI look-back in candles"),
        ParameterSpec("long_rsi_min", .number(0...100), default: .number(25), "long RSI zone, lower bound"),
        ParameterSpec("long_rsi_max", .number(0...100), default: .number(35), "long RSI zone, upper bound"),
        ParameterSpec("short_rsi_min", .number(0...100), default: .number(65), "short RSI zone, lower bound"),
        ParameterSpec("short_rsi_max", .number(0...100), default: .number(75), "short RSI zone, upper bound"),
        ParameterSpec("adx_min", .number(0...100), default: .number(22), "ADX above this counts as trending"),
        ParameterSpec("volume_multiplier", .number(0...100), default: .number(1.2), "volume trend above this scores fully"),
        ParameterSpec("min_confidence", .number(0...1), default: .number(0.75), "share of the maximum score that triggers"),
        ParameterSpec("macd_weight", .number(0...100), default: .number(2.0), "points for a MACD histogram cross"),
        ParameterSpec("rsi_weight", .number(0...100), default: .number(1.5), "points for RSI in its zone (half if only moving the right way)"),
        ParameterSpec("trend_weight", .number(0...100), default: .number(1.8), "points for close beyond EMA50"),
        ParameterSpec("adx_weight", .number(0...100), default: .number(1.7), "points for ADX above adx_min"),
        ParameterSpec("heikin_ashi_weight", .number(0...100), default: .number(1.6), "points for a Heikin-Ashi candle of the side's colour"),
        ParameterSpec("volume_weight", .number(0...100), default: .number(1.4), "points for volume trend above volume_multiplier (half above 1)"),
        ParameterSpec("ema_alignment_weight", .number(0...100), default: .number(1.2), "points for EMA9/21/50 stacked the side's way"),
        ParameterSpec("di_weight", .number(0...100), default: .number(1.0), "points for a DI spread above 10 (pro rata below)"),
        ParameterSpec("bollinger_weight", .number(0...100), default: .number(0.8), "points for a mid-band close (70 % at the side's edge)"),
        ParameterSpec("volatility_weight", .number(0...100), default: .number(0.5), "points for ATR/close below 2 % (half below 4 %)"),
        ParameterSpec("sides", .choice(AllowedSides.allCases.map(\.rawValue)), default: .text("both"), "which sides may be traded"),
        ParameterSpec("stop_loss_atr", .number(0...1_000), default: .number(1.5), "stop-loss, ATR multiples from the fill price (0: none)"),
        ParameterSpec("take_profit_atr", .number(0...1_000), default: .number(2.5), "take-profit, ATR multiples from the fill price (0: none)"),
        ParameterSpec("atr_period", .integer(1...1_000), default: .number(14), "ATR look-back for the stops and the volatility condition"),
    ] + PositionExits.parameters

    /// Candles needed before the first signal.
    static let firstSignalIndex = 49

    /// Scores are computed at the closes where the rule is asked (only when flat), from
    /// columns shared through the context's indicator cache: binding a combination costs
    /// nothing and allocates nothing.
    public struct Rule: SignalRule {
        let columns: Columns
        let weights: Weights
        let thresholds: Thresholds
        let threshold: Double
        let maximum: Double
        let sides: AllowedSides
        let stops: StopRule

        @inline(__always)
        public func decision(at index: Int, holding: Side?) -> Decision {
            guard holding == nil, index >= ConfluenceStrategy.firstSignalIndex else { return .none }
            if sides.allows(.long), score(.long, at: index) >= threshold { return .enter(.long) }
            if sides.allows(.short), score(.short, at: index) >= threshold { return .enter(.short) }
            return .none
        }

        public func exitLevels(side: Side, fillPrice: Double, signalIndex: Int) -> ExitLevels {
            stops.levels(side: side, fillPrice: fillPrice, signalIndex: signalIndex)
        }

        public var positionExits: PositionExits { stops.exits }

        public func confidence(side: Side, signalIndex: Int) -> Double? {
            ConfluenceStrategy.confidence(raw: maximum > 0 ? score(side, at: signalIndex) / maximum : 0)
        }

        /// The score of `side` at the close of candle `index`; NaN while an indicator is undefined.
        func score(_ side: Side, at index: Int) -> Double {
            ConfluenceStrategy.score(side, at: index, columns, weights, thresholds)
        }
    }

    /// The SPEC's piecewise map from the raw score share to a confidence, capped at 0.92.
    public static func confidence(raw: Double) -> Double {
        let mapped: Double
        if raw > 0.88 {
            mapped = 0.78 + (raw - 0.88) * 1.17
        } else if raw > 0.75 {
            mapped = 0.68 + (raw - 0.75) * 0.77
        } else {
            mapped = raw * 0.91
        }
        return min(mapped, 0.92)
    }

    public static func makeRule(parameters: ParameterSet, context: SeriesContext) -> Rule {
        func number(_ name: String) -> Double { parameters.number(name) ?? spec(name) }
        let weights = Weights(
            macd: number("macd_weight"), rsi: number("rsi_weight"), trend: number("trend_weight"),
            adx: number("adx_weight"), heikinAshi: number("heikin_ashi_weight"), volume: number("volume_weight"),
            alignment: number("ema_alignment_weight"), directional: number("di_weight"),
            bollinger: number("bollinger_weight"), volatility: number("volatility_weight"))
        let columns = Columns(context: context, rsiPeriod: Int(number("rsi_period")), atrPeriod: Int(number("atr_period")))
        let thresholds = Thresholds(
            longRSI: (number("long_rsi_min"), number("long_rsi_max")),
            shortRSI: (number("short_rsi_min"), number("short_rsi_max")),
            adxMinimum: number("adx_min"), volumeMultiplier: number("volume_multiplier"))
        let maximum = weights.total
        return Rule(columns: columns, weights: weights, thresholds: thresholds,
                    threshold: maximum * number("min_confidence"), maximum: maximum,
                    sides: parameters.text("sides").flatMap(AllowedSides.init(rawValue:)) ?? .both,
                    stops: StopRule(parameters: parameters, context: context))
    }

    private static func spec(_ name: String) -> Double {
        parameters.first { $0.name == name }?.defaultValue?.number ?? 0
    }

    struct Weights: Sendable {
        var macd, rsi, trend, adx, heikinAshi, volume, alignment, directional, bollinger, volatility: Double
        var total: Double { macd + rsi + trend + adx + heikinAshi + volume + alignment + directional + bollinger + volatility }
    }

    struct Thresholds: Sendable {
        var longRSI: (Double, Double)
        var shortRSI: (Double, Double)
        var adxMinimum: Double
        var volumeMultiplier: Double
    }

    /// The indicator columns the score reads, shared through the context's cache.
    struct Columns: Sendable {
        let close: [Double]
        let rsi: [Double]
        let macdHistogram: [Double]
        let ema9: [Double], ema21: [Double], ema50: [Double]
        let adx: [Double], plusDI: [Double], minusDI: [Double]
        let heikinAshiOpen: [Double], heikinAshiClose: [Double]
        let bollingerUpper: [Double], bollingerLower: [Double]
        let atr: [Double]
        let volumeTrend: [Double]

        init(context: SeriesContext, rsiPeriod: Int, atrPeriod: Int) {
            close = context.series.closes
            rsi = context.indicator(IndicatorKey("rsi", Double(rsiPeriod))) { Indicator.rsi($0.closes, period: rsiPeriod) }
            macdHistogram = context.indicator(IndicatorKey("macd_hist", 12, 26, 9)) {
                Indicator.macd($0.closes, fast: 12, slow: 26, signal: 9).histogram
            }
            ema9 = context.indicator(IndicatorKey("ema", 9)) { Indicator.ema($0.closes, period: 9) }
            ema21 = context.indicator(IndicatorKey("ema", 21)) { Indicator.ema($0.closes, period: 21) }
            ema50 = context.indicator(IndicatorKey("ema", 50)) { Indicator.ema($0.closes, period: 50) }
            func directional(_ series: CandleSeries) -> DirectionalMovement {
                Indicator.directionalMovement(highs: series.highs, lows: series.lows, closes: series.closes, period: 14)
            }
            adx = context.indicator(IndicatorKey("adx", 14)) { directional($0).adx }
            plusDI = context.indicator(IndicatorKey("plus_di", 14)) { directional($0).plusDI }
            minusDI = context.indicator(IndicatorKey("minus_di", 14)) { directional($0).minusDI }
            func heikinAshi(_ series: CandleSeries) -> HeikinAshi {
                Indicator.heikinAshi(opens: series.opens, highs: series.highs, lows: series.lows, closes: series.closes)
            }
            heikinAshiOpen = context.indicator(IndicatorKey("heikin_ashi_open")) { heikinAshi($0).open }
            heikinAshiClose = context.indicator(IndicatorKey("heikin_ashi_close")) { heikinAshi($0).close }
            bollingerUpper = context.indicator(IndicatorKey("bb_upper", 20, 2)) {
                Indicator.bollinger($0.closes, period: 20, deviations: 2).upper
            }
            bollingerLower = context.indicator(IndicatorKey("bb_lower", 20, 2)) {
                Indicator.bollinger($0.closes, period: 20, deviations: 2).lower
            }
            atr = context.indicator(IndicatorKey("atr", Double(atrPeriod))) {
                Indicator.atr(highs: $0.highs, lows: $0.lows, closes: $0.closes, period: atrPeriod)
            }
            volumeTrend = context.indicator(IndicatorKey("volume_trend", 20)) { Indicator.volumeTrend($0.volumes, period: 20) }
        }
    }

    /// The score of `side` at the close of `index` (SPEC section 4's table); NaN while an
    /// indicator it reads is undefined, so no signal fires.
    static func score(_ side: Side, at index: Int, _ c: Columns, _ w: Weights, _ t: Thresholds) -> Double {
        guard index >= 1 else { return .nan }
        let close = c.close[index]
        let rsi = c.rsi[index], previousRSI = c.rsi[index - 1]
        let histogram = c.macdHistogram[index], previousHistogram = c.macdHistogram[index - 1]
        let sum = close + rsi + previousRSI + histogram + previousHistogram + c.ema9[index] + c.ema21[index]
            + c.ema50[index] + c.adx[index] + c.plusDI[index] + c.minusDI[index] + c.bollingerUpper[index]
            + c.bollingerLower[index] + c.atr[index] + c.volumeTrend[index]
        guard !sum.isNaN else { return .nan } // NaN propagates through the sum

        let isLong = side == .long
        var score = 0.0
        // 1. MACD histogram crosses zero the side's way.
        if isLong ? (previousHistogram <= 0 && histogram > 0) : (previousHistogram >= 0 && histogram < 0) { score += w.macd }
        // 2. RSI in the side's zone, else moving the side's way.
        let zone = isLong ? t.longRSI : t.shortRSI
        if zone.0 < rsi, rsi < zone.1 {
            score += w.rsi
        } else if isLong ? rsi > previousRSI : rsi < previousRSI {
            score += w.rsi / 2
        }
        // 3. Close beyond EMA50.
        if isLong ? close > c.ema50[index] : close < c.ema50[index] { score += w.trend }
        // 4. Trend strength.
        if c.adx[index] > t.adxMinimum { score += w.adx }
        // 5. Heikin-Ashi colour.
        let haOpen = c.heikinAshiOpen[index], haClose = c.heikinAshiClose[index]
        if isLong ? haClose > haOpen : haClose < haOpen { score += w.heikinAshi }
        // 6. Volume trend.
        if c.volumeTrend[index] > t.volumeMultiplier {
            score += w.volume
        } else if c.volumeTrend[index] > 1 {
            score += w.volume / 2
        }
        // 7. EMA alignment.
        let (e9, e21, e50) = (c.ema9[index], c.ema21[index], c.ema50[index])
        if isLong ? (e9 > e21 && e21 > e50) : (e9 < e21 && e21 < e50) { score += w.alignment }
        // 8. Directional spread.
        let spread = isLong ? c.plusDI[index] - c.minusDI[index] : c.minusDI[index] - c.plusDI[index]
        if spread > 10 {
            score += w.directional
        } else if spread > 0 {
            score += w.directional * spread / 10
        }
        // 9. Bollinger position.
        let width = c.bollingerUpper[index] - c.bollingerLower[index]
        if width > 0 {
            let position = (close - c.bollingerLower[index]) / width
            if position > 0.3, position < 0.7 {
                score += w.bollinger
            } else if isLong ? position <= 0.3 : position >= 0.7 {
                score += w.bollinger * 0.7
            }
        }
        // 10. Calm volatility.
        let relativeRange = c.atr[index] / close
        if relativeRange < 0.02 {
            score += w.volatility
        } else if relativeRange < 0.04 {
            score += w.volatility / 2
        }
        return score
    }
}
