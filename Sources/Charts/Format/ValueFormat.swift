/// How a chart writes a value in tick labels, tooltips and cells.
///
/// Formatting is deterministic and locale-free: a `.` decimal point, `,` thousands
/// separators where stated, the minus sign U+2212 (`−`), and `—` for a value that is not
/// finite. Tick labels get their number of decimals from the tick step (see
/// ``NiceTicks/Ticks/labels(_:)``) with trailing zeros trimmed, so `0`, `0.2`, `1` rather
/// than `0.0`, `0.2`, `1.0`.
///
/// ```swift
/// ValueFormat.money.format(10_500, decimals: 0)      // "10,500"
/// ValueFormat.percent.format(-33.4, decimals: 0)     // "−33 %"
/// ValueFormat.plain.format(0.25, decimals: 3)        // "0.25"
/// ```
public enum ValueFormat: Sendable, Hashable {
    /// A plain decimal number without grouping: `1234.5`, `−0.25`. Parameter values, ratios.
    case plain
    /// An amount of quote currency with thousands separators: `10,500`, `−1,250.5`.
    /// The currency itself belongs in the axis title (`Equity (USDT)`).
    case money
    /// A value that is already in percent (multiply fractions by 100 first), grouped,
    /// followed by a space and `%`: `12.5 %`, `−33 %`.
    case percent

    /// `value` with at most `decimals` digits after the point.
    ///
    /// - Parameters:
    ///   - decimals: digits after the point before trimming; above 9 switches to scientific text.
    ///   - trimmingZeros: drop trailing zeros of the fraction (default `true`).
    public func format(_ value: Double, decimals: Int, trimmingZeros: Bool = true) -> String {
        guard value.isFinite else { return "—" }
        let grouping = self != .plain
        let body = DecimalText.fixed(value, decimals: decimals, trimmingZeros: trimmingZeros, grouping: grouping)
        return self == .percent ? body + " %" : body
    }

    /// `value` with as many decimals as its size calls for: money always has two
    /// (`10,523.40`); other values keep about three significant digits (`61.2`, `0.125`,
    /// `1,234`), trailing zeros trimmed.
    public func format(_ value: Double) -> String {
        if self == .money { return format(value, decimals: 2, trimmingZeros: false) }
        return format(value, decimals: ValueFormat.automaticDecimals(forMagnitude: Swift.abs(value)))
    }

    /// Decimals that show about three significant digits of a value of this size:
    /// 0 from 100 up, 1 from 10, 2 from 1, 3 from 0.1, then one more per decade (at most 9).
    public static func automaticDecimals(forMagnitude magnitude: Double) -> Int {
        guard magnitude.isFinite, magnitude > 0 else { return 0 }
        if magnitude >= 100 { return 0 }
        return Swift.min(9, Swift.max(0, 2 - DecimalText.exponent(of: magnitude)))
    }
}
