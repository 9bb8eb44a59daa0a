import Foundation
import GRDB
import RunRecords

/// One row of a table, read column by column with the value's SQLite storage class checked.
///
/// GRDB's typed subscripts and `row.decode` read an integer or a real with
/// `sqlite3_column_int64` / `sqlite3_column_double`, which turn the text `garbage` into 0
/// and a NULL into 0 without a word. A row damaged outside wfo (a hand edit, another tool,
/// a database from before the STRICT tables) must not read as a plausible number, so every
/// stored row is read through here:
///
/// | Swift type | storage classes accepted |
/// | --- | --- |
/// | `Int`, `Int64`, `Bool` | INTEGER (`Bool`: 0 or 1) |
/// | `Double` | REAL, or INTEGER (SQLite keeps whole reals of a REAL column as integers) |
/// | `String` and text enums | TEXT (an enum: one of its raw values) |
/// | `Data` | BLOB |
///
/// NULL is accepted only where the Swift type is optional. Anything else throws
/// ``StoredValueError``, which names the table, the column and the row's key, and which the
/// database turns into ``StorageError/damaged(path:damage:)``.
///
/// ```swift
/// let row = StoredRow(row, table: "run")
/// let windows: Int = try row.value("total_windows")
/// let error: String? = try row.value("error")
/// ```
struct StoredRow {
    let row: Row
    let table: String

    init(_ row: Row, table: String) {
        self.row = row
        self.table = table
    }

    /// The value of a column that is never NULL.
    /// - Throws: ``StoredValueError`` for a missing column, a NULL or a value of another class.
    func value<Value: StoredColumnValue>(_ column: String) throws(StoredValueError) -> Value {
        let stored = try databaseValue(column)
        if stored.isNull { throw damage(column, found: "NULL", expected: Value.storedClass) }
        return try checked(stored, column)
    }

    /// The value of a column that may be NULL (nil).
    /// - Throws: ``StoredValueError`` for a missing column or a value of another class.
    func value<Value: StoredColumnValue>(_ column: String) throws(StoredValueError) -> Value? {
        let stored = try databaseValue(column)
        if stored.isNull { return nil }
        return try checked(stored, column)
    }

    private func checked<Value: StoredColumnValue>(_ stored: DatabaseValue, _ column: String) throws(StoredValueError) -> Value {
        if let value = Value.checked(stored) { return value }
        let found = Self.storageClass(of: stored)
        if Value.self is any StoredTextEnum.Type, found == "TEXT" {
            throw damage(column, found: "TEXT that is not one of its values", expected: Value.storedClass)
        }
        throw damage(column, found: found, expected: Value.storedClass)
    }

    /// The raw value of a column; a column the query did not return is damage too (a table
    /// that lost a column).
    func databaseValue(_ column: String) throws(StoredValueError) -> DatabaseValue {
        guard row.hasColumn(column) else { throw damage(column, found: "no such column", expected: "the column") }
        return (row[column] as (any DatabaseValueConvertible)?)?.databaseValue ?? .null
    }

    func damage(_ column: String, found: String, expected: String) -> StoredValueError {
        StoredValueError(table: table, column: column, rowKey: rowKey, found: found, expected: expected)
    }

    /// The row's key as the message names it: `id 3`, `run_id 3` or `window_id 12`.
    var rowKey: String? {
        for key in ["id", "run_id", "window_id", "batch_id"] where row.hasColumn(key) {
            if case let .int64(value) = ((row[key] as (any DatabaseValueConvertible)?)?.databaseValue ?? .null).storage {
                return "\(key) \(value)"
            }
        }
        return nil
    }

    static func storageClass(of value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64: "an INTEGER"
        case .double: "a REAL"
        case .string: "TEXT"
        case .blob: "a BLOB"
        }
    }
}

/// A Swift type a stored column reads as, with the storage classes it accepts.
protocol StoredColumnValue {
    /// What the column must hold, for messages: `an INTEGER`.
    static var storedClass: String { get }
    /// The value, or nil when `value` (not NULL) is of another class or out of range.
    static func checked(_ value: DatabaseValue) -> Self?
}

extension Int64: StoredColumnValue {
    static var storedClass: String { "an INTEGER" }
    static func checked(_ value: DatabaseValue) -> Int64? {
        if case let .int64(integer) = value.storage { return integer }
        return nil
    }
}

extension Int: StoredColumnValue {
    static var storedClass: String { "an INTEGER" }
    static func checked(_ value: DatabaseValue) -> Int? {
        Int64.checked(value).flatMap { Int(exactly: $0) }
    }
}

extension Bool: StoredColumnValue {
    static var storedClass: String { "an INTEGER 0 or 1" }
    static func checked(_ value: DatabaseValue) -> Bool? {
        switch Int64.checked(value) {
        case 0?: false
        case 1?: true
        default: nil
        }
    }
}

extension Double: StoredColumnValue {
    static var storedClass: String { "a REAL" }
    static func checked(_ value: DatabaseValue) -> Double? {
        switch value.storage {
        case let .double(real): real
        case let .int64(integer): Double(integer)
        default: nil
        }
    }
}

extension String: StoredColumnValue {
    static var storedClass: String { "TEXT" }
    static func checked(_ value: DatabaseValue) -> String? {
        if case let .string(text) = value.storage { return text }
        return nil
    }
}

extension Data: StoredColumnValue {
    static var storedClass: String { "a BLOB" }
    static func checked(_ value: DatabaseValue) -> Data? {
        if case let .blob(data) = value.storage { return data }
        return nil
    }
}

/// A text enum stored by its raw value: any other text is damage, never a default case.
protocol StoredTextEnum: StoredColumnValue, RawRepresentable where RawValue == String {}

extension StoredTextEnum {
    static var storedClass: String { "one of its values (TEXT)" }
    static func checked(_ value: DatabaseValue) -> Self? {
        String.checked(value).flatMap(Self.init(rawValue:))
    }
}
