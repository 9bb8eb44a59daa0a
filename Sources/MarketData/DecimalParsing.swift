/// Exact parsing of decimal and integer text straight from bytes, shared by the CSV
/// importers and the Binance REST client.
///
/// `parseDouble` returns the same `Double` as Swift's `Double(String)` (the correctly
/// rounded value), bit for bit. The fast path reads the digits into an integer mantissa
/// `m` and counts the fraction digits `k`; when `m <= 2^53` and `k <= 22` both `m` and
/// `10^k` are exact doubles, so the one IEEE division `m / 10^k` is correctly rounded.
/// Anything else (an exponent, 20+ significant digits, 23+ fraction digits) goes to
/// `Double(String)` after the syntax has been checked here.
public enum DecimalParsing {
    /// 10^0 ... 10^22, all exactly representable as doubles.
    @usableFromInline static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
    @usableFromInline static let exactMantissaLimit: UInt64 = 1 << 53

    /// The decimal `[+-]digits[.digits][(e|E)[+-]digits]` in `bytes[start..<end]`, or nil
    /// when the text is anything else (empty, `nan`, `inf`, hex, stray characters).
    @inlinable
    public static func parseDouble(_ bytes: UnsafePointer<UInt8>, start: Int, end: Int) -> Double? {
        var index = start
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == 0x2D {
            negative = true
            index += 1
        } else if bytes[index] == 0x2B {
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var tooLong = false
        while index < end {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { break }
            if mantissa < 100_000_000_000_000_000 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
            } else {
                tooLong = true
            }
            digits += 1
            index += 1
        }
        if index < end, bytes[index] == 0x2E {
            index += 1
            while index < end {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { break }
                if mantissa < 100_000_000_000_000_000 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                } else {
                    tooLong = true
                }
                digits += 1
                fractionDigits += 1
                index += 1
            }
        }
        guard digits > 0 else { return nil }
        var hasExponent = false
        if index < end, bytes[index] == 0x65 || bytes[index] == 0x45 { // e E
            index += 1
            if index < end, bytes[index] == 0x2D || bytes[index] == 0x2B { index += 1 }
            let exponentStart = index
            while index < end, bytes[index] &- 0x30 < 10 { index += 1 }
            guard index > exponentStart else { return nil }
            hasExponent = true
        }
        guard index == end else { return nil }
        if !tooLong, !hasExponent, mantissa <= exactMantissaLimit, fractionDigits <= 22 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self)
        return Double(text)
    }

    /// The non-negative integer of 1 to 19 digits in `bytes[start..<end]`, or nil (also past `Int64.max`).
    @inlinable
    public static func parseInteger(_ bytes: UnsafePointer<UInt8>, start: Int, end: Int) -> Int64? {
        guard start < end, end - start <= 19 else { return nil }
        var value: Int64 = 0
        var index = start
        while index < end {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            // 19 digits (epoch nanoseconds) may pass Int64.max: nil, never a wrapped value.
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int64(digit))
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
            index += 1
        }
        return value
    }
}
