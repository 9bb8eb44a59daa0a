/// A condition's truth at every candle of a series, one bit per candle (a year of 5m
/// candles is 13 KB), so thousands of combinations can keep their entry and exit columns.
public struct ConditionColumn: Sendable, Equatable {
    public let count: Int
    private var words: [UInt64]

    /// A column that is false everywhere.
    public init(count: Int) {
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// True where `isTrue` says so.
    public init(count: Int, _ isTrue: (Int) -> Bool) {
        self.init(count: count)
        for index in 0..<count where isTrue(index) { words[index >> 6] |= 1 << UInt64(index & 63) }
    }

    @inline(__always)
    public subscript(index: Int) -> Bool {
        words[index >> 6] >> UInt64(index & 63) & 1 == 1
    }

    /// How many candles the condition holds at.
    public var trueCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
}

/// Entry and exit conditions of a strategy, precomputed over a whole series (SPEC section 4:
/// decided at a candle's close, using candles up to it).
public struct SignalColumns: Sendable {
    public var longEntry: ConditionColumn
    public var longExit: ConditionColumn
    public var shortEntry: ConditionColumn
    public var shortExit: ConditionColumn
    /// An exit that reads the open position (`candles_held`, `trade_return_pct`, …): asked at
    /// each close while holding, in place of the column.
    public typealias PositionExit = @Sendable (_ index: Int, _ position: PositionView) -> Bool
    public var longPositionExit: PositionExit?
    public var shortPositionExit: PositionExit?

    public init(longEntry: ConditionColumn, longExit: ConditionColumn, shortEntry: ConditionColumn, shortExit: ConditionColumn,
                longPositionExit: PositionExit? = nil, shortPositionExit: PositionExit? = nil) {
        self.longEntry = longEntry
        self.longExit = longExit
        self.shortEntry = shortEntry
        self.shortExit = shortExit
        self.longPositionExit = longPositionExit
        self.shortPositionExit = shortPositionExit
    }
}

/// A rule that reads precomputed condition columns: when flat, long when `longEntry`, else
/// short when `shortEntry`; a long exits when `longExit`, a short when `shortExit`. Stops
/// come from the standard stop parameters (``StopRule``).
struct ColumnRule: SignalRule {
    let columns: SignalColumns
    let stops: StopRule

    @inline(__always)
    func decision(at index: Int, holding: Side?) -> Decision {
        switch holding {
        case nil:
            if columns.longEntry[index] { return .enter(.long) }
            if columns.shortEntry[index] { return .enter(.short) }
            return .none
        case .long?:
            return columns.longExit[index] ? .exit : .none
        case .short?:
            return columns.shortExit[index] ? .exit : .none
        }
    }

    @inline(__always)
    func decision(at index: Int, position: PositionView?) -> Decision {
        guard let position else { return decision(at: index, holding: nil) }
        switch position.side {
        case .long:
            if let exit = columns.longPositionExit { return exit(index, position) ? .exit : .none }
        case .short:
            if let exit = columns.shortPositionExit { return exit(index, position) ? .exit : .none }
        }
        return decision(at: index, holding: position.side)
    }

    func exitLevels(side: Side, fillPrice: Double, signalIndex: Int) -> ExitLevels {
        stops.levels(side: side, fillPrice: fillPrice, signalIndex: signalIndex)
    }

    var positionExits: PositionExits { stops.exits }

    var readsPosition: Bool { columns.longPositionExit != nil || columns.shortPositionExit != nil }
}

extension StrategyDefinition {
    /// The stop parameters every column strategy accepts, with the defaults of `rsi`.
    public static let stopParameters: [ParameterSpec] = RSIStrategy.parameters.filter {
        ["stop_loss_pct", "take_profit_pct", "stop_loss_atr", "take_profit_atr", "atr_period"].contains($0.name)
    } + PositionExits.parameters

    /// A strategy whose signals are columns computed once per parameter combination and
    /// symbol (the rules of a study file). ``stopParameters`` are added to `parameters`.
    public init(name: String, summary: String, parameters: [ParameterSpec],
                columns: @escaping @Sendable (ParameterSet, SeriesContext, Market) -> SignalColumns) {
        self.init(name: name, summary: summary, parameters: parameters + Self.stopParameters) { values, context, market in
            ColumnRule(columns: columns(values, context, market), stops: StopRule(parameters: values, context: context))
        }
    }
}
