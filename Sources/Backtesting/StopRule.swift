import Indicators

/// Stop-loss and take-profit levels from percent or ATR parameters, shared by strategies.
///
/// Long: `SL = fill × (1 − stop_loss_pct/100)` or `fill − stop_loss_atr × ATR[signal]`;
/// `TP = fill × (1 + take_profit_pct/100)` or `fill + take_profit_atr × ATR[signal]`.
/// Shorts mirror. A percent parameter replaces its ATR twin; a percent or multiple of 0, or an ATR
/// not yet defined at the signal candle, sets no level. The trailing stop and time exit come
/// with them (``PositionExits``).
struct StopRule: Sendable {
    let stopLossFraction: Double?
    let takeProfitFraction: Double?
    let stopLossATR: Double
    let takeProfitATR: Double
    let atr: [Double]
    let exits: PositionExits

    init(parameters: ParameterSet, context: SeriesContext) {
        exits = PositionExits(parameters: parameters, context: context)
        let stopLossPct = parameters.number("stop_loss_pct")
        let takeProfitPct = parameters.number("take_profit_pct")
        stopLossFraction = stopLossPct.flatMap { $0 > 0 ? $0 / 100 : nil }
        takeProfitFraction = takeProfitPct.flatMap { $0 > 0 ? $0 / 100 : nil }
        stopLossATR = stopLossPct == nil ? parameters.number("stop_loss_atr") ?? 0 : 0
        takeProfitATR = takeProfitPct == nil ? parameters.number("take_profit_atr") ?? 0 : 0
        if stopLossATR > 0 || takeProfitATR > 0 {
            let period = parameters.number("atr_period") ?? 14
            atr = context.indicator(IndicatorKey("atr", period)) {
                Indicator.atr(highs: $0.highs, lows: $0.lows, closes: $0.closes, period: Int(period))
            }
        } else {
            atr = []
        }
    }

    func levels(side: Side, fillPrice: Double, signalIndex: Int) -> ExitLevels {
        let sign = side.sign
        var levels = ExitLevels()
        let range = atr.isEmpty ? Double.nan : atr[signalIndex]
        if let fraction = stopLossFraction {
            levels.stopLoss = fillPrice * (1 - sign * fraction)
        } else if stopLossATR > 0, range.isFinite {
            levels.stopLoss = fillPrice - sign * stopLossATR * range
        }
        if let fraction = takeProfitFraction {
            levels.takeProfit = fillPrice * (1 + sign * fraction)
        } else if takeProfitATR > 0, range.isFinite {
            levels.takeProfit = fillPrice + sign * takeProfitATR * range
        }
        return levels
    }
}
