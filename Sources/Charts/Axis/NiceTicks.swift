/// "Nice number" ticks for a numeric axis: steps of 1, 2, 2.5 or 5 × 10^k.
///
/// Every candidate step near the span is tried; the domain is widened outward to whole
/// steps ("loose" labelling, as in Heckbert's *Nice Numbers for Graph Labels*, Graphics
/// Gems 1990) and the candidates with a tick count in `count` are scored on how much of
/// the widened axis the data covers (weight 0.5), how close the count is to the middle of
/// `count` (0.25) and how simple the step is (0.25; 1 > 5 > 2 > 2.5). Ties keep the finer step.
///
/// Edge cases: an empty span (`lower == upper`) is padded by 10 % of the value (±1 around
/// zero); non-finite bounds fall back to the finite one, or to 0…1; bounds in the wrong
/// order are swapped. Tick values are computed as `i × m / 10^-k`, so `0.6` is the double
/// nearest 0.6 and never `0.6000000000000001`.
///
/// ```swift
/// let ticks = NiceTicks.ticks(lower: 0, upper: 1)
/// ticks.values                 // [0, 0.2, 0.4, 0.6, 0.8, 1]
/// ticks.labels(.plain)         // ["0", "0.2", "0.4", "0.6", "0.8", "1"]
/// ```
public enum NiceTicks {
    /// The chosen ticks: evenly spaced `values` from `lower` to `upper` inclusive.
    public struct Ticks: Sendable, Equatable {
        /// Tick positions in ascending order; the first is the axis minimum, the last its maximum.
        public let values: [Double]
        /// Distance between neighbouring ticks (`m × 10^k`, m ∈ {1, 2, 2.5, 5}).
        public let step: Double
        /// Digits after the point that every tick label needs (before trimming zeros).
        public let decimals: Int

        /// The axis minimum (the first tick).
        public var lower: Double { values[0] }
        /// The axis maximum (the last tick).
        public var upper: Double { values[values.count - 1] }

        /// Labels for the ticks in `format`, with ``decimals`` digits and trailing zeros trimmed.
        public func labels(_ format: ValueFormat) -> [String] {
            values.map { format.format($0, decimals: decimals) }
        }
    }

    private static let mantissas: [(numerator: Double, simplicity: Double, extraDecimal: Int)] = [
        (1, 1.0, 0), (2, 0.7, 0), (2.5, 0.5, 1), (5, 0.8, 0),
    ]

    /// Ticks that cover `lower … upper`.
    ///
    /// - Parameters:
    ///   - lower: the smallest value to show.
    ///   - upper: the largest value to show.
    ///   - count: the acceptable number of ticks (default 4…8). When no step gives a count in
    ///     this range (only possible with `integers`), the count nearest its middle wins.
    ///   - integers: only steps of at least 1 (counts, window numbers).
    public static func ticks(lower: Double, upper: Double, count: ClosedRange<Int> = 4...8,
                             integers: Bool = false) -> Ticks {
        var (low, high) = sanitized(lower, upper)
        if high - low <= Swift.max(Swift.abs(low), Swift.abs(high)) * 1e-12 {
            let pad = low == 0 ? 1 : Swift.abs(low) * 0.1
            low -= pad
            high += pad
        }
        let span = high - low
        let target = Double(count.lowerBound + count.upperBound) / 2
        let exponent = DecimalText.exponent(of: span)

        var best: (score: Double, fits: Bool, k: Int, mantissa: Int, first: Int64, last: Int64)?
        for k in (exponent - 2)...(exponent + 1) {
            for (index, mantissa) in mantissas.enumerated() {
                let step = mantissa.numerator * DecimalText.power(k)
                if integers && step < 1 { continue }
                let first = (low / step).rounded(.down)
                let last = (high / step).rounded(.up)
                guard (last - first).isFinite, last - first < 1e6 else { continue }
                let n = Int(last - first) + 1
                let fits = count.contains(n)
                let coverage = span / ((last - first) * step)
                let density = 1 - Swift.abs(Double(n) - target) / target
                let score = fits
                    ? 0.5 * coverage + 0.25 * density + 0.25 * mantissa.simplicity
                    : -Swift.abs(Double(n) - target) // only used when nothing fits
                guard n >= 2 else { continue }
                if let current = best {
                    if current.fits && !fits { continue }
                    if current.fits == fits && score <= current.score { continue }
                }
                best = (score, fits, k, index, Int64(first), Int64(last))
            }
        }
        guard let chosen = best else {
            return Ticks(values: [low, high], step: span, decimals: 0)
        }
        let mantissa = mantissas[chosen.mantissa]
        var values: [Double] = []
        values.reserveCapacity(Int(chosen.last - chosen.first) + 1)
        for i in chosen.first...chosen.last {
            values.append(tickValue(Double(i) * mantissa.numerator, k: chosen.k))
        }
        let decimals = Swift.max(0, -chosen.k + mantissa.extraDecimal)
        return Ticks(values: values, step: mantissa.numerator * DecimalText.power(chosen.k), decimals: decimals)
    }

    /// `units × 10^k` rounded once: a division for negative `k` keeps decimal ticks exact.
    private static func tickValue(_ units: Double, k: Int) -> Double {
        let value = k >= 0 ? units * DecimalText.power(k) : units / DecimalText.power(-k)
        return value == 0 ? 0 : value // no negative zero
    }

    private static func sanitized(_ lower: Double, _ upper: Double) -> (Double, Double) {
        let limit = 1e300
        var low = lower.isFinite ? lower : (upper.isFinite ? upper : 0)
        var high = upper.isFinite ? upper : (lower.isFinite ? lower : 1)
        if !lower.isFinite && !upper.isFinite { (low, high) = (0, 1) }
        if low > high { swap(&low, &high) }
        return (Swift.min(Swift.max(low, -limit), limit), Swift.min(Swift.max(high, -limit), limit))
    }
}

extension NiceTicks {
    /// The nice step (1, 2, 2.5 or 5 × 10^k) nearest `raw` by ratio, and the decimals its
    /// multiples need. For bin widths.
    static func step(near raw: Double) -> (value: Double, decimals: Int) {
        let raw = raw.isFinite && raw > 0 ? raw : 1
        let k = DecimalText.exponent(of: raw)
        var best = (value: DecimalText.power(k), decimals: Swift.max(0, -k), ratio: Double.infinity)
        for exponent in k...(k + 1) {
            for mantissa in mantissas {
                let value = mantissa.numerator * DecimalText.power(exponent)
                let ratio = Swift.max(value / raw, raw / value)
                if ratio < best.ratio {
                    best = (value, Swift.max(0, -exponent + mantissa.extraDecimal), ratio)
                }
            }
        }
        return (best.value, best.decimals)
    }
}
