/// The three series of MACD (moving average convergence/divergence), see
/// ``Indicator/macd(_:fast:slow:signal:)``. All arrays have one value per candle and
/// share the same first defined index.
public struct MACD: Sendable, Equatable {
    /// `EMA(fast) - EMA(slow)` of closes.
    public let line: [Double]
    /// `EMA(signal)` of ``line``.
    public let signal: [Double]
    /// `line - signal`.
    public let histogram: [Double]
}

extension Indicator {
    /// MACD with TA-Lib's seeding, so values match TA-Lib `MACD` exactly.
    ///
    /// Both EMAs start at index `slow - 1` (alpha `2 / (n + 1)`):
    /// - the slow EMA is seeded with the mean of `closes[0 ... slow-1]`;
    /// - the fast EMA is seeded with the mean of `closes[slow-fast ... slow-1]` (its
    ///   last `fast` closes), not with the mean of the first `fast` closes;
    /// - `line = fastEMA - slowEMA` from index `slow - 1`;
    /// - `signal` is the EMA(`signal`) of the line, seeded with the mean of the first
    ///   `signal` line values (indices `slow-1 ... slow+signal-2`);
    /// - `histogram = line - signal`.
    ///
    /// First defined index: `slow + signal - 2` for all three series (33 for 12/26/9).
    /// Like TA-Lib, the line is also reported only from there, although it could be
    /// computed from `slow - 1`, so every series starts at the same candle. Fewer than
    /// `slow + signal - 1` closes give all NaN. `fast == slow` gives a line of zeros.
    ///
    /// - Parameters:
    ///   - closes: Close prices, oldest first.
    ///   - fast: The fast EMA span, `1 <= fast <= slow`.
    ///   - slow: The slow EMA span.
    ///   - signal: The signal EMA span, `>= 1`.
    /// - Returns: Line, signal and histogram; NaN before index `slow + signal - 2`.
    public static func macd(_ closes: [Double], fast: Int, slow: Int, signal: Int) -> MACD {
        precondition(fast >= 1 && signal >= 1, "MACD periods must be at least 1, got \(fast)/\(slow)/\(signal)")
        precondition(fast <= slow, "MACD fast period (\(fast)) must not exceed the slow period (\(slow))")
        let count = closes.count
        var line = [Double](repeating: .nan, count: count)
        var signalLine = [Double](repeating: .nan, count: count)
        var histogram = [Double](repeating: .nan, count: count)
        let lineStart = slow - 1
        let firstDefined = slow + signal - 2
        guard count > firstDefined else {
            return MACD(line: line, signal: signalLine, histogram: histogram)
        }

        var fastAverage = 0.0
        for index in (slow - fast)...lineStart { fastAverage += closes[index] }
        fastAverage /= Double(fast)
        var slowAverage = 0.0
        for index in 0...lineStart { slowAverage += closes[index] }
        slowAverage /= Double(slow)

        let fastAlpha = 2 / (Double(fast) + 1)
        let slowAlpha = 2 / (Double(slow) + 1)
        let signalAlpha = 2 / (Double(signal) + 1)
        var signalAverage = 0.0
        for index in lineStart..<count {
            if index > lineStart {
                fastAverage = (closes[index] - fastAverage) * fastAlpha + fastAverage
                slowAverage = (closes[index] - slowAverage) * slowAlpha + slowAverage
            }
            let value = fastAverage - slowAverage
            if index < firstDefined {
                signalAverage += value
                continue
            }
            if index == firstDefined {
                signalAverage = (signalAverage + value) / Double(signal)
            } else {
                signalAverage = (value - signalAverage) * signalAlpha + signalAverage
            }
            line[index] = value
            signalLine[index] = signalAverage
            histogram[index] = value - signalAverage
        }
        return MACD(line: line, signal: signalLine, histogram: histogram)
    }
}
