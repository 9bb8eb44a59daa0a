/// A stored value that is not what its column must hold: the table, column and row, what was
/// found (its storage class, never its content) and what belongs there.
public struct StoredValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var column: String
    /// `id 3`, `run_id 3`: the key of the damaged row; nil when the query returned none.
    public var rowKey: String?
    public var found: String
    public var expected: String

    public init(table: String, column: String, rowKey: String?, found: String, expected: String) {
        (self.table, self.column, self.rowKey, self.found, self.expected) = (table, column, rowKey, found, expected)
    }

    public var description: String {
        "table \(table), column \(column)" + (rowKey.map { ", row \($0)" } ?? "") + ": holds \(found) where \(expected) belongs"
    }
}
