import GRDB
import RunRecords

/// The columns of a table whose stored rows are ``StoredRecord``s (`run`, `batch`): the table,
/// inserted as they are (`NewRun.insert(db)`), and what a row read from it is checked for
/// beyond its storage classes.
public protocol StoredColumns: PersistableRecord, Codable, Sendable {
    /// Checks a row as read (a JSON column, say); the default checks nothing more.
    /// - Throws: ``StoredValueError`` naming the table, column and row.
    static func check(_ record: StoredRecord<Self>) throws
}

extension StoredColumns {
    public static func check(_ record: StoredRecord<Self>) throws {}
}

extension StoredRecord: FetchableRecord, TableRecord, EncodableRecord, MutablePersistableRecord, PersistableRecord where Columns: StoredColumns {
    public static var databaseTableName: String { Columns.databaseTableName }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { Columns.databaseColumnEncodingStrategy }

    /// Every column checked for its storage class (``StoredRowDecoder``), then by the columns'
    /// own ``StoredColumns/check(_:)``: damage is an error naming the row, never a 0.
    public init(row: Row) throws {
        self = try StoredRowDecoder.decode(Self.self, from: row, table: Self.databaseTableName)
        try Columns.check(self)
    }
}
