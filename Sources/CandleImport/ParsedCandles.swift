import Foundation
import MarketData

/// The candles of one CSV, in file order, with the line each came from.
struct ParsedCandles {
    var file: String
    var format: CandleFileFormat
    var candles: [Candle] = []
    /// `lines[i]` is the 1-based line of `candles[i]`.
    var lines: [Int32] = []
    /// The wall-clock time of the import (epoch ms): a candle that closes later is still forming.
    let now: Int64
    /// Whether open times must sit on the timeframe's UTC grid (``CandleReadingOptions/checksGrid``).
    var checksGrid = true

    init(file: String, format: CandleFileFormat, capacity: Int = 0,
         now: Int64 = Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))) {
        self.file = file
        self.format = format
        self.now = now
        candles.reserveCapacity(capacity)
        lines.reserveCapacity(capacity)
    }

    /// Checks a row's candle against the series rules and the rows before it, then keeps it.
    @inline(__always)
    mutating func append(_ candle: Candle, line: Int, timeframe: Timeframe) throws(CandleImportError) {
        if let problem = candle.problem {
            throw CandleImportError(file: file, line: line, message: "\(problem); fix or remove the row",
                                    withoutContent: "the candle's prices or volume break the candle rules (prices finite and above "
                                        + "zero, low ≤ open, close ≤ high, volume ≥ 0, prices below 1e12); fix or remove the row")
        }
        if checksGrid, timeframe != .oneWeek, timeframe != .threeDays, candle.openTime % timeframe.milliseconds != 0 {
            throw CandleImportError(
                file: file, line: line,
                message: "open time \(UTCTime.format(milliseconds: candle.openTime)) is not on the \(timeframe.rawValue) grid "
                    + "(a multiple of \(timeframe.rawValue) since 1970-01-01); is the timeframe right?")
        }
        if let previous = candles.last, candle.openTime <= previous.openTime {
            let previousLine = lines.last.map(Int.init) ?? 0
            let time = UTCTime.format(milliseconds: candle.openTime)
            if candle.openTime == previous.openTime {
                throw CandleImportError(
                    file: file, line: line,
                    message: "duplicate open time \(time), already at line \(previousLine); remove one of the two rows")
            }
            throw CandleImportError(
                file: file, line: line,
                message: "open time \(time) is before \(UTCTime.format(milliseconds: previous.openTime)) at line "
                    + "\(previousLine); sort the rows by time")
        }
        if let previous = candles.last, let jump = Candle.implausibleJump(from: previous, to: candle) {
            throw CandleImportError(file: file, line: line,
                                    message: "\(jump) at line \(lines.last.map(Int.init) ?? 0); fix or remove the bad row",
                                    withoutContent: "the open is more than ×\(Int(Candle.largestJump)) away from the close at line "
                                        + "\(lines.last.map(Int.init) ?? 0); fix or remove the bad row")
        }
        if candle.openTime + timeframe.milliseconds > now {
            throw CandleImportError(
                file: file, line: line,
                message: "the candle opening at \(UTCTime.format(milliseconds: candle.openTime)) closes at "
                    + "\(UTCTime.format(milliseconds: candle.openTime + timeframe.milliseconds)), after now "
                    + "(\(UTCTime.format(milliseconds: now))): it is still forming; remove the row, or export again once it has closed")
        }
        candles.append(candle)
        lines.append(Int32(truncatingIfNeeded: line))
    }
}
