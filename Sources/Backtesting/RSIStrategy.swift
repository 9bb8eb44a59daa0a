import Indicators

/// Mean reversion on Wilder's RSI (the study example of SPEC section 4).
///
/// At the close of candle `i`, when flat: long when `RSI < rsi_oversold`, short when
/// `RSI > rsi_overbought` (as `sides` allows). When holding, with `exit_on_opposite`, a
/// long exits when `RSI > rsi_overbought` and a short when `RSI < rsi_oversold`; the
/// exit fills at the next open and does not reverse the position.
///
/// Stops: `stop_loss_pct` / `take_profit_pct` (percent from the fill price) when given,
/// else `stop_loss_atr` / `take_profit_atr` multiples of Wilder ATR(`atr_period`) at the
/// signal candle (0 turns a level off).
public enum RSIStrategy: Strategy {
    public static let name = "rsi"
    public static let summary = "Wilder RSI mean reversion: long below oversold, short above overbought."

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("rsi_period", .integer(2...1_000), default: .number(14), "RSI look-back in candles"),
        ParameterSpec("rsi_oversold", .number(0...100), default: .number(30), "go long when RSI is below this"),
        ParameterSpec("rsi_overbought", .number(0...100), default: .number(70), "go short when RSI is above this"),
        ParameterSpec("sides", .choice(AllowedSides.allCases.map(\.rawValue)), default: .text("both"), "which sides may be traded"),
        ParameterSpec("exit_on_opposite", .flag, default: .flag(true), "exit when the opposite condition holds"),
        ParameterSpec("stop_loss_pct", .number(0...100), default: nil, "stop-loss, percent from the fill price (replaces stop_loss_atr)"),
        ParameterSpec("take_profit_pct", .number(0...10_000), default: nil, "take-profit, percent from the fill price (replaces take_profit_atr)"),
        ParameterSpec("stop_loss_atr", .number(0...1_000), default: .number(1.5), "stop-loss, ATR multiples from the fill price (0: none)"),
        ParameterSpec("take_profit_atr", .number(0...1_000), default: .number(2.5), "take-profit, ATR multiples from the fill price (0: none)"),
        ParameterSpec("atr_period", .integer(1...1_000), default: .number(14), "ATR look-back for the ATR stops"),
    ] + PositionExits.parameters

    public struct Rule: SignalRule {
        let rsi: [Double]
        let oversold: Double
        let overbought: Double
        let sides: AllowedSides
        let exitOnOpposite: Bool
        let stops: StopRule

        @inline(__always)
        public func decision(at index: Int, holding: Side?) -> Decision {
            let value = rsi[index]
            switch holding {
            case nil:
                if value < oversold, sides.allows(.long) { return .enter(.long) }
                if value > overbought, sides.allows(.short) { return .enter(.short) }
                return .none
            case .long?:
                return exitOnOpposite && value > overbought ? .exit : .none
            case .short?:
                return exitOnOpposite && value < oversold ? .exit : .none
            }
        }

        public func exitLevels(side: Side, fillPrice: Double, signalIndex: Int) -> ExitLevels {
            stops.levels(side: side, fillPrice: fillPrice, signalIndex: signalIndex)
        }

        public var positionExits: PositionExits { stops.exits }
    }

    public static func makeRule(parameters: ParameterSet, context: SeriesContext) -> Rule {
        let period = parameters.number("rsi_period") ?? 14
        let rsi = context.indicator(IndicatorKey("rsi", period)) { Indicator.rsi($0.closes, period: Int(period)) }
        return Rule(
            rsi: rsi,
            oversold: parameters.number("rsi_oversold") ?? 30,
            overbought: parameters.number("rsi_overbought") ?? 70,
            sides: parameters.text("sides").flatMap(AllowedSides.init(rawValue:)) ?? .both,
            exitOnOpposite: parameters.flag("exit_on_opposite") ?? true,
            stops: StopRule(parameters: parameters, context: context))
    }
}
