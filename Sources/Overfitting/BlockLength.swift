import Foundation

/// The mean block length of a stationary bootstrap, chosen from the data: Politis & White,
/// "Automatic Block-Length Selection for the Dependent Bootstrap" (Econometric Reviews 23(1),
/// 2004) with the correction of Patton, Politis & White (2009), computed as `arch`'s
/// `optimal_block_length` computes it (the tests pin its values).
///
/// With n observations, ε = x − x̄, autocovariances γ̂_k = Σ_{t ≥ k} ε_t ε_{t−k} / n:
/// - m is the first lag after which k_n = max(5, ⌊log₁₀ n⌋) consecutive autocorrelations are
///   all inside ±2√(log₁₀ n / n) (m̂ = 2·max(m, 1), at most M = ⌈√n⌉ + k_n; M when none is);
/// - with the flat-top kernel h(x) = min(1, 2(1 − |x|)):
///   G = Σ_{|k| ≤ m̂} h(k/m̂)·|k|·γ̂_k and σ̂² = Σ_{|k| ≤ m̂} h(k/m̂)·γ̂_k;
/// - b = (2G² / (2σ̂⁴) · n)^(1/3), at most ⌈min(3√n, n/3)⌉.
///
/// White noise gives a length near 0; ``meanBlockLength(_:)`` is the one a bootstrap uses. nil
/// for a constant series.
public enum BlockLength {
    /// The Politis–White length for the stationary bootstrap (`arch`'s `stationary` column);
    /// nil for fewer than 2 observations or a constant series.
    public static func politisWhite(_ x: [Double]) -> Double? {
        let n = x.count
        guard n >= 2 else { return nil }
        let mean = x.reduce(0, +) / Double(n)
        let eps = x.map { $0 - mean }
        // A constant series (up to rounding of its mean) has no dependence to measure.
        let scale = x.map(abs).max() ?? 0
        guard eps.contains(where: { abs($0) > 1e-12 * max(scale, 1e-300) }) else { return nil }
        let nobs = Double(n)
        let bMax = (min(3 * nobs.squareRoot(), nobs / 3)).rounded(.up)
        let kn = max(5, Int(log10(nobs)))
        let mMax = Int(nobs.squareRoot().rounded(.up)) + kn
        let band = 2 * (log10(nobs) / nobs).squareRoot()
        var acv = [Double](repeating: 0, count: mMax + 1)
        var absCorrelation = [Double](repeating: 0, count: mMax + 1)
        var chosen: Int?
        for i in 0...mMax {
            // As arch: the products over the overlapping parts (empty past the end).
            let v1 = dot(eps, from: i + 1, eps, from: i + 1, count: n - i - 1)
            let v2 = dot(eps, from: 0, eps, from: 0, count: n - i - 1)
            let cross = dot(eps, from: i, eps, from: 0, count: n - i)
            acv[i] = cross / nobs
            absCorrelation[i] = abs(cross) / (v1 * v2).squareRoot()
            if i >= kn, chosen == nil, absCorrelation[(i - kn)..<i].allSatisfy({ $0 < band }) { chosen = i - kn }
        }
        let m = min(chosen.map { 2 * max($0, 1) } ?? mMax, mMax)
        var g = 0.0
        var longRun = acv[0]
        if m >= 1 {
            for k in 1...m {
                let weight = Double(k) / Double(m) <= 0.5 ? 1 : 2 * (1 - Double(k) / Double(m))
                g += 2 * weight * Double(k) * acv[k]
                longRun += 2 * weight * acv[k]
            }
        }
        let d = 2 * longRun * longRun
        guard d > 0 else { return nil }
        let b = pow(2 * g * g / d, 1.0 / 3) * pow(nobs, 1.0 / 3)
        return b.isFinite ? min(b, bMax) : nil
    }

    /// The mean block length a bootstrap of `x` uses: Politis–White's, at least 1 (1 when it
    /// is undefined — a constant or too short series, where blocks do not matter).
    public static func meanBlockLength(_ x: [Double]) -> Double {
        max(1, politisWhite(x) ?? 1)
    }

    /// Σ a[aStart + j]·b[bStart + j] for j < count (0 when count ≤ 0).
    private static func dot(_ a: [Double], from aStart: Int, _ b: [Double], from bStart: Int, count: Int) -> Double {
        guard count > 0 else { return 0 }
        var total = 0.0
        for j in 0..<count { total += a[aStart + j] * b[bStart + j] }
        return total
    }
}
