/// `a % d` without a division (Lemire, Kaser, Kurz, "Faster Remainder by Direct Computation",
/// 2019): with `M = ⌊(2¹²⁸ − 1) / d⌋ + 1`, `a % d = ((M · a) mod 2¹²⁸ · d) >> 128`, exact for
/// every 64-bit `a` and `d ≥ 1`. The Monte Carlo draws one index per trade of every path, the
/// stationary bootstrap one per block.
///
/// In 64-bit words, M = M₁·2⁶⁴ + M₀: `(M · a) mod 2¹²⁸ = L₁·2⁶⁴ + L₀` with `L₀` the low and
/// `L₁ = high(M₀·a) + M₁·a mod 2⁶⁴`; then `(L · d) >> 128 = high(L₁·d) + carry(low(L₁·d) +
/// high(L₀·d))`: four 64-bit products, and no generic 128-bit arithmetic (which an unoptimised
/// build runs a hundred times slower).
struct FastModulo {
    let divisor: UInt64
    /// M₀ and M₁.
    let low: UInt64, high: UInt64

    init(_ divisor: UInt64) {
        precondition(divisor > 0)
        self.divisor = divisor
        let multiplier = UInt128.max / UInt128(divisor) &+ 1
        low = UInt64(truncatingIfNeeded: multiplier)
        high = UInt64(truncatingIfNeeded: multiplier >> 64)
    }

    @inline(__always)
    func remainder(_ value: UInt64) -> UInt64 {
        guard divisor > 1 else { return 0 }
        let product = low.multipliedFullWidth(by: value)
        let (lowWord, highWord) = (product.low, product.high &+ high &* value)
        let carried = lowWord.multipliedFullWidth(by: divisor).high
        let top = highWord.multipliedFullWidth(by: divisor)
        let (_, carry) = top.low.addingReportingOverflow(carried)
        return top.high &+ (carry ? 1 : 0)
    }
}
