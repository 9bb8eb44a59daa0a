import MarketData

/// The stationary bootstrap of Politis & Romano ("The Stationary Bootstrap", JASA 89, 1994):
/// a resample of a series of n observations made of blocks of random start and geometric
/// length with mean L, wrapping around the end, so that the resample is stationary and keeps
/// the series' dependence up to about L.
///
/// Index t of a resample: a uniform start for t = 0; then, with probability p = 1/L, a new
/// uniform start, else the previous index + 1 (n wraps to 0) — `arch`'s
/// `StationaryBootstrap`, drawn here from a ``SeededGenerator``.
public struct StationaryBootstrap: Sendable {
    public let count: Int
    public let meanBlockLength: Double
    private var generator: SeededGenerator

    /// `draw % count` without a division: a new block starts at every 1/L-th index.
    private let modulus: FastModulo

    public init(count: Int, meanBlockLength: Double, seed: UInt64) {
        self.count = count
        self.meanBlockLength = max(1, meanBlockLength)
        generator = SeededGenerator(seed: seed)
        modulus = FastModulo(UInt64(max(count, 1)))
    }

    /// The indices of the next resample.
    public mutating func nextIndices() -> [Int] {
        guard count > 0 else { return [] }
        let p = 1 / meanBlockLength
        var indices = [Int](repeating: 0, count: count)
        indices[0] = Int(modulus.remainder(generator.next()))
        for t in 1..<count {
            if generator.nextUnit() < p {
                indices[t] = Int(modulus.remainder(generator.next()))
            } else {
                indices[t] = indices[t - 1] + 1 == count ? 0 : indices[t - 1] + 1
            }
        }
        return indices
    }
}
