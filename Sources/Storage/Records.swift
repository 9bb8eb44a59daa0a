import Backtesting
import GRDB
import RunRecords
import WalkForward

/// A row of `trade`. Decoded and encoded by hand: runs store thousands of trades, and
/// reading them through `Codable` cost several times more.
public struct TradeRecord: Sendable, FetchableRecord, BulkInsertable {
    public static let databaseTableName = "trade"

    public var windowId: Int64
    public var sample: Sample
    /// The trade as the simulator made it; a row holding a side, sample or exit reason
    /// outside their cases is a decoding error.
    public var trade: Trade

    init(windowId: Int64, sample: Sample, trade: Trade) {
        self.windowId = windowId
        self.sample = sample
        self.trade = trade
    }

    public init(row: Row) throws {
        let row = StoredRow(row, table: Self.databaseTableName)
        windowId = try row.value("window_id")
        sample = try row.value("sample")
        trade = Trade(symbol: try row.value("symbol"), side: try row.value("side"),
                      entryTime: try row.value("entry_time"), entryPrice: try row.value("entry_price"),
                      exitTime: try row.value("exit_time"), exitPrice: try row.value("exit_price"),
                      quantity: try row.value("quantity"), fees: try row.value("fees"),
                      profitLoss: try row.value("profit_loss"), exitReason: try row.value("exit_reason"),
                      confidence: try row.value("confidence"), candlesHeld: try row.value("candles_held"))
    }

    static let insertColumns = ["window_id", "sample", "symbol", "side", "entry_time", "entry_price", "exit_time",
                                "exit_price", "quantity", "fees", "profit_loss", "exit_reason", "confidence", "candles_held"]

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values.append(windowId)
        values.append(sample)
        values.append(trade.symbol)
        values.append(trade.side)
        values.append(trade.entryTime)
        values.append(trade.entryPrice)
        values.append(trade.exitTime)
        values.append(trade.exitPrice)
        values.append(trade.quantity)
        values.append(trade.fees)
        values.append(trade.profitLoss)
        values.append(trade.exitReason)
        values.append(trade.confidence)
        values.append(trade.candlesHeld)
    }
}

/// A row of `equity_point`: the stitched out-of-sample equity or buy-and-hold of a run.
public struct EquityPointRecord: Decodable, Sendable, FetchableRecord, BulkInsertable {
    public static let databaseTableName = "equity_point"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

    public enum Series: String, Sendable, Codable { case stitched, buyAndHold = "buy_and_hold" }

    public var runId: Int64
    public var series: Series
    public var time: Int64
    public var value: Double

    static let insertColumns = ["run_id", "series", "time", "value"]

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values.append(runId)
        values.append(series.rawValue)
        values.append(time)
        values.append(value)
    }
}

/// A row of `holding_point`: a portfolio's open positions and cash share of its equity at a
/// stitched out-of-sample close.
public struct HoldingPointRecord: Decodable, Sendable, FetchableRecord, BulkInsertable {
    public static let databaseTableName = "holding_point"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

    public var runId: Int64
    public var time: Int64
    public var positions: Double
    public var cashShare: Double

    static let insertColumns = ["run_id", "time", "positions", "cash_share"]

    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?]) {
        values.append(runId)
        values.append(time)
        values.append(positions)
        values.append(cashShare)
    }
}

extension NewRun: StoredColumns {
    public static let databaseTableName = "run"
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}

extension WindowRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "window"
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Every column checked for its storage class (``StoredRowDecoder``), and `best_parameters`
    /// for being a JSON object of parameter values: damage is an error naming the row, never no
    /// selection.
    public init(row: Row) throws {
        self = try StoredRowDecoder.decode(Self.self, from: row, table: Self.databaseTableName)
        if let bestParameters, ParameterCoding.decode(bestParameters) == nil {
            throw StoredValueError(table: Self.databaseTableName, column: "best_parameters", rowKey: "id \(id)",
                                   found: "text that is not a JSON object of parameter values", expected: "the window's best parameters")
        }
    }
}

extension EquityPointRecord {
    /// Every column checked for its storage class (``StoredRowDecoder``): damage is an error, never a 0.
    public init(row: Row) throws { self = try StoredRowDecoder.decode(Self.self, from: row, table: Self.databaseTableName) }
}
