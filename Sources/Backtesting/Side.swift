/// The direction of a position or trade.
public enum Side: String, Sendable, Hashable, Codable {
    case long
    case short

    /// +1 for long, -1 for short: profit is `sign × (exit − entry) × quantity`.
    @inline(__always)
    public var sign: Double { self == .long ? 1 : -1 }

    public var opposite: Side { self == .long ? .short : .long }
}

/// Which sides a strategy may trade (`sides: both | long | short`).
public enum AllowedSides: String, Sendable, Hashable, CaseIterable {
    case both
    case long
    case short

    @inline(__always)
    public func allows(_ side: Side) -> Bool {
        switch self {
        case .both: true
        case .long: side == .long
        case .short: side == .short
        }
    }
}

/// Why a position was closed.
public enum ExitReason: String, Sendable, Hashable, Codable {
    /// The low (long) or high (short) reached the stop-loss level.
    case stopLoss = "stop_loss"
    /// The high (long) or low (short) reached the take-profit level.
    case takeProfit = "take_profit"
    /// The strategy's exit condition held at a close; filled at the next open.
    case signal
    /// The window ended: closed at its last candle's close.
    case end
    /// `flat_at_session_close`: closed at the close of its session's last candle.
    case sessionClose = "session_close"
    /// The trailing stop (``PositionExits``) was reached.
    case trailingStop = "trailing_stop"
    /// `max_candles_held`: closed at the close of its last allowed candle.
    case timeLimit = "time_limit"
    /// A portfolio symbol's data ended before the range: closed at its last candle's close.
    case delisted
    /// A portfolio rotation dropped the symbol from its holdings; filled at the next open.
    case rotation
}

/// What a strategy wants at the close of a candle; orders fill at the next open.
public enum Decision: Sendable, Hashable {
    case none
    case enter(Side)
    case exit
}

/// Stop-loss and take-profit prices of a position; `nil` when the level is not used.
public struct ExitLevels: Sendable, Hashable {
    public var stopLoss: Double?
    public var takeProfit: Double?

    public init(stopLoss: Double? = nil, takeProfit: Double? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
    }

    public static let none = ExitLevels()
}
