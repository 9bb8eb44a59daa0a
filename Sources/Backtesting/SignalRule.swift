/// A strategy with its parameters bound to one symbol's indicators: it decides at the
/// close of candle `index` using candles `<= index` only.
///
/// Rules are built once per parameter combination and symbol (indicators come from the
/// shared ``SeriesContext``) and then evaluated by the simulator in its inner loop, so
/// `decision(at:holding:)` should only read precomputed columns.
public protocol SignalRule: Sendable {
    /// What to do at the close of candle `index`, given the open position's side (nil when
    /// flat). Entries are only taken when flat; exits only when holding.
    func decision(at index: Int, holding: Side?) -> Decision

    /// Stop-loss and take-profit prices for an entry filled at `fillPrice` whose signal came
    /// at the close of candle `signalIndex`.
    func exitLevels(side: Side, fillPrice: Double, signalIndex: Int) -> ExitLevels

    /// The confidence of the entry signal at `signalIndex`, for strategies that have one.
    func confidence(side: Side, signalIndex: Int) -> Double?

    /// ``decision(at:holding:)`` for rules that read the open position (`candles_held`,
    /// `trade_return_pct`, …): what the simulator calls. By default it decides by the side alone.
    func decision(at index: Int, position: PositionView?) -> Decision

    /// The trailing stop and time exit of positions this rule opens (``PositionExits``).
    var positionExits: PositionExits { get }

    /// Whether ``decision(at:position:)`` reads more of the position than its side.
    var readsPosition: Bool { get }
}

extension SignalRule {
    public func confidence(side: Side, signalIndex: Int) -> Double? { nil }

    @inline(__always)
    public func decision(at index: Int, position: PositionView?) -> Decision { decision(at: index, holding: position?.side) }

    public var positionExits: PositionExits { .none }

    public var readsPosition: Bool { false }
}
