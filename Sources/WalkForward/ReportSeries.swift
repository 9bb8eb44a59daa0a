import Backtesting
import MarketData

/// What a report draws that needs the full-resolution candles and curves, computed when a run
/// finishes (the database keeps curves downsampled): the prices under the trades, the
/// underwater curves and the monthly returns.
public struct ReportSeries: Sendable {
    /// Prices summarised column by column: each column the candles of its slice of time, their
    /// lowest low, highest high and last close — a spike stays a spike at any zoom.
    public struct PriceColumns: Sendable, Equatable {
        /// The window whose testing period it covers; nil for the stitched span.
        public var windowIndex: Int?
        public var symbol: String
        /// The open time of each column's first candle.
        public var times: [Int64]
        public var lows: [Double]
        public var highs: [Double]
        public var closes: [Double]

        public init(windowIndex: Int?, symbol: String, times: [Int64], lows: [Double], highs: [Double], closes: [Double]) {
            self.windowIndex = windowIndex
            self.symbol = symbol
            self.times = times
            self.lows = lows
            self.highs = highs
            self.closes = closes
        }

        /// The candles of `range` in at most `columns` columns of (nearly) equal candle counts;
        /// every candle is its own column when there are fewer.
        public static func summarise(_ series: CandleSeries, range: Range<Int>, columns: Int, windowIndex: Int?) -> PriceColumns {
            var result = PriceColumns(windowIndex: windowIndex, symbol: series.symbol, times: [], lows: [], highs: [], closes: [])
            guard !range.isEmpty, columns > 0 else { return result }
            let count = min(columns, range.count)
            for column in 0..<count {
                let start = range.lowerBound + range.count * column / count
                let end = range.lowerBound + range.count * (column + 1) / count
                guard end > start else { continue }
                result.times.append(series.openTimes[start])
                result.lows.append(series.lows[start..<end].min()!)
                result.highs.append(series.highs[start..<end].max()!)
                result.closes.append(series.closes[end - 1])
            }
            return result
        }
    }

    /// One calendar month's return of a curve, percent.
    public struct MonthlyReturn: Sendable, Equatable {
        public var year: Int
        public var month: Int
        public var returnPct: Double

        public init(year: Int, month: Int, returnPct: Double) {
            self.year = year
            self.month = month
            self.returnPct = returnPct
        }
    }

    public var prices: [PriceColumns]
    /// Underwater curves, `(E_t / max_{s≤t} E_s − 1) × 100` (0 at a new high, negative below),
    /// of the stitched out-of-sample equity and of buy-and-hold, each downsampled to at most
    /// ``pointLimit`` points keeping the shallowest and deepest point of each slice.
    public var stitchedDrawdown: (times: [Int64], values: [Double])
    public var buyAndHoldDrawdown: (times: [Int64], values: [Double])
    /// UTC calendar months: a month's return is its last equity over the last equity before it
    /// (the initial capital for the first), minus 1.
    public var stitchedMonths: [MonthlyReturn]
    public var buyAndHoldMonths: [MonthlyReturn]

    /// Points kept per underwater curve; columns of price per window and for the stitched span.
    public static let pointLimit = 2_000
    public static let windowColumns = 600
    public static let spanColumns = 1_200

    /// - Parameters:
    ///   - windows: the completed windows, in order.
    ///   - stitched, buyAndHold: full-resolution curves (close times and equity) from the initial capital.
    public init(market: Market, windows: [Window], stitched: (times: [Int64], values: [Double]),
                buyAndHold: (times: [Int64], values: [Double]), initialCapital: Double) {
        var prices: [PriceColumns] = []
        if let first = windows.first, let last = windows.last {
            for context in market.contexts {
                let series = context.series
                prices.append(.summarise(series, range: series.indexRange(fromTime: first.testingStart, toTime: last.testingEnd),
                                         columns: Self.spanColumns, windowIndex: nil))
                for window in windows {
                    prices.append(.summarise(series, range: series.indexRange(fromTime: window.testingStart, toTime: window.testingEnd),
                                             columns: Self.windowColumns, windowIndex: window.index))
                }
            }
        }
        self.prices = prices
        stitchedDrawdown = Self.underwater(stitched, initial: initialCapital)
        buyAndHoldDrawdown = Self.underwater(buyAndHold, initial: initialCapital)
        stitchedMonths = Self.months(stitched, initial: initialCapital)
        buyAndHoldMonths = Self.months(buyAndHold, initial: initialCapital)
    }

    /// The underwater curve, downsampled to at most ``pointLimit`` points: each of
    /// `pointLimit / 2` slices keeps its shallowest and its deepest point, in time order, so
    /// neither a drawdown's depth nor a recovery to the peak is smoothed away.
    static func underwater(_ curve: (times: [Int64], values: [Double]), initial: Double) -> (times: [Int64], values: [Double]) {
        var peak = initial
        let depths = curve.values.map { value -> Double in
            peak = max(peak, value)
            return peak > 0 ? (value / peak - 1) * 100 : 0
        }
        guard depths.count > pointLimit else { return (curve.times, depths) }
        var times: [Int64] = [], values: [Double] = []
        let slices = pointLimit / 2
        for slice in 0..<slices {
            let start = depths.count * slice / slices, end = depths.count * (slice + 1) / slices
            guard end > start else { continue }
            let deepest = (start..<end).min { depths[$0] < depths[$1] }!
            let shallowest = (start..<end).max { depths[$0] < depths[$1] }!
            for index in Set([deepest, shallowest]).sorted() {
                times.append(curve.times[index])
                values.append(depths[index])
            }
        }
        return (times, values)
    }

    /// Monthly returns of a curve whose points are close times (a candle closing at midnight
    /// on the 1st belongs to the month before).
    static func months(_ curve: (times: [Int64], values: [Double]), initial: Double) -> [MonthlyReturn] {
        var result: [MonthlyReturn] = []
        var base = initial
        var current: (year: Int, month: Int)?
        var last = initial
        for (time, value) in zip(curve.times, curve.values) {
            let date = UTCTime.civil(fromDays: UTCTime.day(ofMilliseconds: time - 1))
            if let month = current, month != (date.year, date.month) {
                result.append(MonthlyReturn(year: month.year, month: month.month, returnPct: base > 0 ? (last / base - 1) * 100 : 0))
                base = last
            }
            current = (date.year, date.month)
            last = value
        }
        if let month = current {
            result.append(MonthlyReturn(year: month.year, month: month.month, returnPct: base > 0 ? (last / base - 1) * 100 : 0))
        }
        return result
    }
}
