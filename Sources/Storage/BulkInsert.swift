import GRDB
import RunRecords

/// A record written in bulk through one prepared statement: its columns, and its values in
/// the same order.
///
/// GRDB's `insert` builds a persistence container per row and, for `Codable` records, runs
/// an encoder: about 10 µs a row, which was most of a study's storage time. Binding the
/// values straight into a cached `INSERT` costs about 1 µs. The record's `encode(to:)` is
/// derived from the same two lists, so both paths write the same columns and values.
protocol BulkInsertable: PersistableRecord {
    static var insertColumns: [String] { get }
    /// The values of ``insertColumns``, in order; nil is NULL.
    func appendInsertValues(to values: inout [(any DatabaseValueConvertible)?])
}

extension BulkInsertable {
    public func encode(to container: inout PersistenceContainer) {
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(Self.insertColumns.count)
        appendInsertValues(to: &values)
        for (column, value) in zip(Self.insertColumns, values) { container[column] = value }
    }

    /// `INSERT INTO table (columns…) VALUES (?, …)`.
    static var insertSQL: String {
        let columns = insertColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: insertColumns.count).joined(separator: ", ")
        return "INSERT INTO \"\(databaseTableName)\" (\(columns)) VALUES (\(placeholders))"
    }
}

extension Database {
    /// Inserts every record with one cached prepared statement (inside the caller's transaction).
    func insertAll<Record: BulkInsertable>(_ records: some Sequence<Record>) throws {
        let statement = try cachedStatement(sql: Record.insertSQL)
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(Record.insertColumns.count)
        for record in records {
            values.removeAll(keepingCapacity: true)
            record.appendInsertValues(to: &values)
            try statement.execute(arguments: StatementArguments(values))
        }
    }
}
