/// Deterministic decimal arithmetic and text for chart numbers, without Foundation or libm.
///
/// Everything here uses only IEEE-754 operations that are correctly rounded (`+ - * /`,
/// `rounded()`), so the same input gives the same bytes on every machine. `log10` and
/// `pow` are avoided on purpose: their last bit may differ between C libraries.
enum DecimalText {
    /// The minus sign used in labels (U+2212), which lines up with `+` and digits.
    static let minus = "\u{2212}"

    /// Powers of ten that a `Double` holds exactly (1e0 … 1e22).
    private static let exactPowers: [Double] = {
        var powers: [Double] = [1]
        for _ in 1...22 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// 10^k. Exact for -22 ≤ k ≤ 22 (negative k is a correctly rounded division).
    static func power(_ k: Int) -> Double {
        if k >= 0 {
            if k <= 22 { return exactPowers[k] }
            var value = exactPowers[22]
            for _ in 22..<k { value *= 10 }
            return value
        }
        if -k <= 22 { return 1 / exactPowers[-k] }
        var value = 1 / exactPowers[22]
        for _ in 22..<(-k) { value /= 10 }
        return value
    }

    /// `floor(log10(|x|))` for a finite, non-zero `x`, computed with comparisons only.
    static func exponent(of x: Double) -> Int {
        let magnitude = Swift.abs(x)
        guard magnitude.isFinite, magnitude > 0 else { return 0 }
        // log10(2) ≈ 0.30103: a first guess from the binary exponent, then corrected.
        var k = Int((Double(Int(magnitude.exponent)) * 0.30103).rounded(.down))
        while k > -330, power(k) > magnitude { k -= 1 }
        while k < 310, power(k + 1) <= magnitude { k += 1 }
        return k
    }

    /// `value` with `decimals` digits after the point.
    ///
    /// - Parameters:
    ///   - trimmingZeros: drop trailing zeros of the fraction (and the point if nothing is left).
    ///   - grouping: put `,` between groups of three integer digits (`10,500`).
    /// - Returns: `"—"` for a non-finite value; scientific text (`1.5e20`) when the value
    ///   is beyond 1e15 or `decimals` is above 9, so that no digit is invented.
    static func fixed(_ value: Double, decimals: Int, trimmingZeros: Bool, grouping: Bool) -> String {
        guard value.isFinite else { return "—" }
        let decimals = Swift.max(0, decimals)
        let magnitude = Swift.abs(value)
        if magnitude >= 1e15 || decimals > 9 {
            return scientific(value)
        }
        let scaled = (magnitude * power(decimals)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return scientific(value) }
        let units = UInt64(scaled)
        let divisor = UInt64(power(decimals))
        let integerPart = units / divisor
        var fraction = units % divisor
        var fractionDigits = decimals
        if trimmingZeros {
            while fractionDigits > 0, fraction % 10 == 0 {
                fraction /= 10
                fractionDigits -= 1
            }
        }
        var text = ""
        text.reserveCapacity(24)
        if value < 0, units != 0 { text += minus }
        text += grouping ? grouped(integerPart) : String(integerPart)
        if fractionDigits > 0 {
            text += "."
            let digits = String(fraction)
            if digits.count < fractionDigits {
                text += String(repeating: "0", count: fractionDigits - digits.count)
            }
            text += digits
        }
        return text
    }

    /// `1.5e20`, `−2e-12`: a mantissa with up to three decimals, trailing zeros trimmed.
    static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        guard value != 0 else { return "0" }
        var k = exponent(of: value)
        var mantissa = Swift.abs(value) / power(k)
        mantissa = (mantissa * 1000).rounded(.toNearestOrAwayFromZero) / 1000
        if mantissa >= 10 {
            mantissa /= 10
            k += 1
        }
        let body = fixed(mantissa, decimals: 3, trimmingZeros: true, grouping: false)
        let exponentText = k < 0 ? "-" + String(-k) : String(k)
        return (value < 0 ? minus : "") + body + "e" + exponentText
    }

    /// `10500` → `10,500`.
    static func grouped(_ number: UInt64) -> String {
        let digits = Array(String(number).utf8)
        guard digits.count > 3 else { return String(number) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count + digits.count / 3)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { bytes.append(44) } // ,
            bytes.append(digit)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A coordinate with at most two decimals, trailing zeros trimmed: `12.5`, `300`, `-4.25`.
    ///
    /// Non-finite input is written as `0` and magnitudes are clamped to 1e6, so a chart
    /// never contains `NaN` or `inf` even if a caller's data slipped through.
    static func appendCoordinate(_ value: Double, to text: inout String) {
        var value = value.isFinite ? value : 0
        value = Swift.min(Swift.max(value, -1e6), 1e6)
        let hundredths = Int64((value * 100).rounded(.toNearestOrAwayFromZero))
        if hundredths == 0 {
            text += "0"
            return
        }
        if hundredths < 0 { text += "-" }
        let magnitude = hundredths.magnitude
        text += String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            text += "."
            if fraction % 10 == 0 {
                text += String(fraction / 10)
            } else {
                if fraction < 10 { text += "0" }
                text += String(fraction)
            }
        }
    }

    static func coordinate(_ value: Double) -> String {
        var text = ""
        appendCoordinate(value, to: &text)
        return text
    }
}
