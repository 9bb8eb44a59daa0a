import MarketData

extension CandleImporter {
    /// Merges the candles of several files into one series in time order.
    ///
    /// Each file is already strictly increasing. Files that do not overlap are
    /// concatenated in order of their first candle; overlapping ones are merged, keeping a
    /// candle found identical in several files once and rejecting two different candles
    /// with the same open time.
    static func merge(_ files: [ParsedCandles], symbol: String, timeframe: Timeframe)
        throws(CandleImportError) -> (series: CandleSeries, locations: CandleLocations) {
        let nonEmpty = files.filter { !$0.candles.isEmpty }
        let order = nonEmpty.indices.sorted {
            (nonEmpty[$0].candles[0].openTime, $0) < (nonEmpty[$1].candles[0].openTime, $1)
        }
        let total = nonEmpty.reduce(0) { $0 + $1.candles.count }
        var series = CandleSeries(symbol: symbol, timeframe: timeframe)
        series.reserveCapacity(total)
        var locations = CandleLocations(files: nonEmpty.map(\.file), capacity: total)

        let overlapping = zip(order, order.dropFirst()).contains { previous, next in
            guard let last = nonEmpty[previous].candles.last else { return false }
            return last.openTime >= nonEmpty[next].candles[0].openTime
        }
        if !overlapping {
            for index in order {
                for (row, candle) in nonEmpty[index].candles.enumerated() {
                    series.append(candle)
                    locations.append(file: index, line: nonEmpty[index].lines[row])
                }
            }
            return (series, locations)
        }

        // (open time, rank of the file in `order`, row): sorted, equal open times sit together.
        var rows: [(time: Int64, file: Int, row: Int)] = []
        rows.reserveCapacity(total)
        for (rank, index) in order.enumerated() {
            for (row, candle) in nonEmpty[index].candles.enumerated() { rows.append((candle.openTime, rank, row)) }
        }
        rows.sort { ($0.time, $0.file, $0.row) < ($1.time, $1.file, $1.row) }
        var kept: (file: Int, row: Int)?
        for entry in rows {
            let file = nonEmpty[order[entry.file]]
            let candle = file.candles[entry.row]
            if let kept {
                let keptFile = nonEmpty[order[kept.file]]
                let keptCandle = keptFile.candles[kept.row]
                if keptCandle.openTime == candle.openTime {
                    guard keptCandle == candle else {
                        throw conflictError(file: file, row: entry.row, other: keptFile, otherRow: kept.row)
                    }
                    continue
                }
            }
            series.append(candle)
            locations.append(file: order[entry.file], line: file.lines[entry.row])
            kept = (entry.file, entry.row)
        }
        return (series, locations)
    }

    private static func conflictError(file: ParsedCandles, row: Int, other: ParsedCandles, otherRow: Int) -> CandleImportError {
        let candle = file.candles[row]
        let otherCandle = other.candles[otherRow]
        func values(_ candle: Candle) -> String {
            "open \(candle.open), high \(candle.high), low \(candle.low), close \(candle.close), volume \(candle.volume)"
        }
        return CandleImportError(
            file: file.file, line: Int(file.lines[row]),
            message: "the candle at \(UTCTime.format(milliseconds: candle.openTime)) (\(values(candle))) differs from "
                + "the one in \(other.file) line \(other.lines[otherRow]) (\(values(otherCandle))); "
                + "the two files disagree: keep only one of them or fix the row",
            withoutContent: "the candle at \(UTCTime.format(milliseconds: candle.openTime)) differs from the one in \(other.file) line "
                + "\(other.lines[otherRow]); the two files disagree: keep only one of them or fix the row")
    }
}

/// Where each candle of an imported series came from: `file:line` for messages about the
/// data (a gap, a suspicious jump) that arise after the files are merged.
public struct CandleLocations: Sendable {
    public let files: [String]
    private var fileIndices: [Int32] = []
    private var lines: [Int32] = []

    init(files: [String], capacity: Int = 0) {
        self.files = files
        fileIndices.reserveCapacity(capacity)
        lines.reserveCapacity(capacity)
    }

    mutating func append(file: Int, line: Int32) {
        fileIndices.append(Int32(file))
        lines.append(line)
    }

    /// `file:line` of the candle at `index` of the series, or nil outside it.
    public func location(ofCandleAt index: Int) -> String? {
        guard lines.indices.contains(index) else { return nil }
        return "\(files[Int(fileIndices[index])]):\(lines[index])"
    }
}
