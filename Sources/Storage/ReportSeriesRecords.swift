import GRDB
import RunRecords
import WalkForward

/// A row of `price_column`: one column of a run's price chart (``ReportSeries/PriceColumns``):
/// the lowest low, highest high and last close of its slice of candles.
public struct PriceColumnRecord: Sendable, FetchableRecord, BulkInsertable, Equatable {
    public static let databaseTableName = "price_column"
    public var runId: Int64
    /// The window whose testing period it covers; nil for the stitched span.
    public var windowIndex: Int?
    public var symbol: String
    public var position: Int
    public var time: Int64
    public var low: Double
    public var high: Double
    public var close: Double

    public init(row: Row) throws {
        let row = StoredRow(row, table: Self.databaseTableName)
        runId = try row.value("run_id")
        windowIndex = try row.value("window_index")
        symbol = try row.value("symbol")
        position = try row.value("position")
        time = try row.value("time")
        low = try row.value("low")
        high = try row.value("high")
        close = try row.value("close")
    }

    init(runId: Int64, windowIndex: Int?, symbol: String, position: Int, time: Int64, low: Double, high: Double, close: Double) {
        (self.runId, self.windowIndex, self.symbol, self.position) = (runId, windowIndex, symbol, position)
        (self.time, self.low, self.high, self.close) = (time, low, high, close)
    }

    static let insertColumns = ["run_id", "window_index", "symbol", "position", "time", "low", "high", "close"]

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values += [runId, windowIndex, symbol, position, time, low, high, close]
    }
}

/// A row of `drawdown_point`: a point of a run's underwater curve, percent below the peak.
public struct DrawdownPointRecord: Sendable, FetchableRecord, BulkInsertable, Equatable {
    public static let databaseTableName = "drawdown_point"
    public var runId: Int64
    public var series: EquityPointRecord.Series
    public var time: Int64
    public var value: Double

    public init(row: Row) throws {
        let row = StoredRow(row, table: Self.databaseTableName)
        runId = try row.value("run_id")
        series = try row.value("series")
        time = try row.value("time")
        value = try row.value("value")
    }

    init(runId: Int64, series: EquityPointRecord.Series, time: Int64, value: Double) {
        (self.runId, self.series, self.time, self.value) = (runId, series, time, value)
    }

    static let insertColumns = ["run_id", "series", "time", "value"]

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values += [runId, series.rawValue, time, value]
    }
}

/// A row of `monthly_return`: one UTC calendar month's return of a run's curve
/// (``ReportSeries/MonthlyReturn``, the one type of a monthly return).
public struct MonthlyReturnRecord: Sendable, FetchableRecord, BulkInsertable, Equatable {
    public static let databaseTableName = "monthly_return"
    public var runId: Int64
    public var series: EquityPointRecord.Series
    public var monthly: ReportSeries.MonthlyReturn

    public init(row: Row) throws {
        let row = StoredRow(row, table: Self.databaseTableName)
        runId = try row.value("run_id")
        series = try row.value("series")
        monthly = ReportSeries.MonthlyReturn(year: try row.value("year"), month: try row.value("month"), returnPct: try row.value("return_pct"))
    }

    public init(runId: Int64, series: EquityPointRecord.Series, monthly: ReportSeries.MonthlyReturn) {
        (self.runId, self.series, self.monthly) = (runId, series, monthly)
    }

    static let insertColumns = ["run_id", "series", "year", "month", "return_pct"]

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values += [runId, series.rawValue, monthly.year, monthly.month, monthly.returnPct]
    }
}

extension WFODatabase {
    /// Replaces a run's report series (in the transaction that completes it).
    static func saveReportSeries(_ series: ReportSeries, runID: Int64, in db: Database) throws {
        for table in ["price_column", "drawdown_point", "monthly_return"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [runID])
        }
        try db.insertAll(series.prices.flatMap { columns in
            columns.times.indices.map {
                PriceColumnRecord(runId: runID, windowIndex: columns.windowIndex, symbol: columns.symbol, position: $0,
                                  time: columns.times[$0], low: columns.lows[$0], high: columns.highs[$0], close: columns.closes[$0])
            }
        })
        for (name, curve) in [(EquityPointRecord.Series.stitched, series.stitchedDrawdown), (.buyAndHold, series.buyAndHoldDrawdown)] {
            try db.insertAll(zip(curve.times, curve.values).map { DrawdownPointRecord(runId: runID, series: name, time: $0.0, value: $0.1) })
        }
        for (name, months) in [(EquityPointRecord.Series.stitched, series.stitchedMonths), (.buyAndHold, series.buyAndHoldMonths)] {
            try db.insertAll(months.map { MonthlyReturnRecord(runId: runID, series: name, monthly: $0) })
        }
    }

    /// A run's price columns: the stitched span's (window nil) and each window's, by symbol and position.
    public func priceColumns(runID: Int64) throws(StorageError) -> [PriceColumnRecord] {
        try read { db in
            try PriceColumnRecord.fetchAll(db, sql: "SELECT * FROM price_column WHERE run_id = ? ORDER BY window_index, symbol, position",
                                           arguments: [runID])
        }
    }

    public func drawdownPoints(runID: Int64) throws(StorageError) -> [DrawdownPointRecord] {
        try read { db in
            try DrawdownPointRecord.fetchAll(db, sql: "SELECT * FROM drawdown_point WHERE run_id = ? ORDER BY series, time", arguments: [runID])
        }
    }

    public func monthlyReturns(runID: Int64) throws(StorageError) -> [MonthlyReturnRecord] {
        try read { db in
            try MonthlyReturnRecord.fetchAll(db, sql: "SELECT * FROM monthly_return WHERE run_id = ? ORDER BY series, year, month",
                                             arguments: [runID])
        }
    }
}
