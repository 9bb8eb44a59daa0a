/// The candles of one symbol and timeframe, stored column by column.
///
/// Columns are contiguous arrays of equal length so that indicators and the simulator
/// stream through them without touching one object per candle. A series is usually
/// checked with ``validate()`` once after it is built; the engine assumes a valid series.
public struct CandleSeries: Sendable, Equatable {
    public var symbol: String
    public var timeframe: Timeframe
    /// UTC epoch milliseconds of each candle's open, strictly increasing.
    public var openTimes: [Int64]
    public var opens: [Double]
    public var highs: [Double]
    public var lows: [Double]
    public var closes: [Double]
    public var volumes: [Double]

    public init(symbol: String, timeframe: Timeframe, openTimes: [Int64] = [], opens: [Double] = [],
                highs: [Double] = [], lows: [Double] = [], closes: [Double] = [], volumes: [Double] = []) {
        precondition(
            [opens.count, highs.count, lows.count, closes.count, volumes.count].allSatisfy { $0 == openTimes.count },
            "CandleSeries columns must have equal lengths")
        self.symbol = symbol
        self.timeframe = timeframe
        self.openTimes = openTimes
        self.opens = opens
        self.highs = highs
        self.lows = lows
        self.closes = closes
        self.volumes = volumes
    }

    /// Builds a series from candles in the order given.
    public init(symbol: String, timeframe: Timeframe, candles: some Collection<Candle>) {
        self.init(symbol: symbol, timeframe: timeframe)
        reserveCapacity(candles.count)
        for candle in candles { append(candle) }
    }

    public var count: Int { openTimes.count }
    public var isEmpty: Bool { openTimes.isEmpty }
    public var indices: Range<Int> { 0..<count }

    public subscript(index: Int) -> Candle {
        Candle(openTime: openTimes[index], open: opens[index], high: highs[index],
               low: lows[index], close: closes[index], volume: volumes[index])
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        openTimes.reserveCapacity(capacity)
        opens.reserveCapacity(capacity)
        highs.reserveCapacity(capacity)
        lows.reserveCapacity(capacity)
        closes.reserveCapacity(capacity)
        volumes.reserveCapacity(capacity)
    }

    public mutating func append(_ candle: Candle) {
        openTimes.append(candle.openTime)
        opens.append(candle.open)
        highs.append(candle.high)
        lows.append(candle.low)
        closes.append(candle.close)
        volumes.append(candle.volume)
    }

    /// The candles whose open time lies in `[from, to)` (milliseconds), as a new series.
    public func slice(fromTime from: Int64, toTime to: Int64) -> CandleSeries {
        slice(indexRange(fromTime: from, toTime: to))
    }

    /// The candles at `range`, as a new series.
    public func slice(_ range: Range<Int>) -> CandleSeries {
        CandleSeries(symbol: symbol, timeframe: timeframe,
                     openTimes: Array(openTimes[range]), opens: Array(opens[range]),
                     highs: Array(highs[range]), lows: Array(lows[range]),
                     closes: Array(closes[range]), volumes: Array(volumes[range]))
    }

    /// The index range of the candles whose open time lies in `[from, to)`, by binary search.
    public func indexRange(fromTime from: Int64, toTime to: Int64) -> Range<Int> {
        let lower = firstIndex(openingAtOrAfter: from)
        let upper = max(lower, firstIndex(openingAtOrAfter: to))
        return lower..<upper
    }

    /// The first index whose open time is `>= time`, or `count` when there is none.
    public func firstIndex(openingAtOrAfter time: Int64) -> Int {
        var low = 0
        var high = openTimes.count
        while low < high {
            let middle = (low + high) / 2
            if openTimes[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
