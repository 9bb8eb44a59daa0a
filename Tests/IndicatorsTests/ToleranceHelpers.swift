import Testing

/// Whether `actual` is within `relative` of `expected`, with `absolute` slack for
/// values near zero. NaN matches only NaN.
func isClose(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 1e-12) -> Bool {
    if expected.isNaN || actual.isNaN { return expected.isNaN && actual.isNaN }
    return abs(actual - expected) <= relative * abs(expected) + absolute
}

/// Expects two series to have the same length, NaN at the same indices and close
/// values elsewhere; reports the first few mismatching indices.
func expectSeries(_ actual: [Double], _ expected: [Double], relative: Double = 1e-12, absolute: Double = 1e-12,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "length", sourceLocation: sourceLocation)
    let mismatches = zip(actual, expected).enumerated()
        .filter { !isClose($0.element.0, $0.element.1, relative: relative, absolute: absolute) }
        .prefix(5)
        .map { "[\($0.offset)] \($0.element.0) != \($0.element.1)" }
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: ", "))", sourceLocation: sourceLocation)
}

/// A deterministic pseudo-random walk of prices (SplitMix64), for property tests.
struct RandomCandles {
    let opens: [Double]
    let highs: [Double]
    let lows: [Double]
    let closes: [Double]
    let volumes: [Double]

    init(count: Int, seed: UInt64) {
        var state = seed
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }
        var opens: [Double] = [], highs: [Double] = [], lows: [Double] = []
        var closes: [Double] = [], volumes: [Double] = []
        var price = 40_000.0
        for _ in 0..<count {
            let open = price
            let close = open * (1 + (next() - 0.5) * 0.01)
            opens.append(open)
            closes.append(close)
            highs.append(max(open, close) * (1 + next() * 0.003))
            lows.append(min(open, close) * (1 - next() * 0.003))
            volumes.append(next() < 0.05 ? 0 : next() * 200)
            price = close
        }
        (self.opens, self.highs, self.lows, self.closes, self.volumes) = (opens, highs, lows, closes, volumes)
    }
}
