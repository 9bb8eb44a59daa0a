import GRDB
import RunRecords

/// Decodes a `Codable` record from a row through ``StoredRow``, so each property's column is
/// checked for its storage class (GRDB's own row decoder reads text as 0).
///
/// Property `totalWindows` reads column `total_windows` (the records' snake-case columns). An
/// optional property reads NULL as nil, and a column the row lacks as nil too: a database
/// opened read-only before its migrations ran lacks the newest columns, which are optional.
/// A non-optional property whose column is missing, NULL or of another class throws
/// ``StoredValueError``.
///
/// ```swift
/// public init(row: Row) throws { self = try StoredRowDecoder.decode(Self.self, from: row, table: "run") }
/// ```
struct StoredRowDecoder: Decoder {
    let row: StoredRow
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func decode<Record: Decodable>(_ type: Record.Type, from row: Row, table: String) throws -> Record {
        try Record(from: StoredRowDecoder(row: StoredRow(row, table: table)))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a stored row is not a list"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "a stored row is not one value"))
    }

    /// `totalWindows` → `total_windows`, `mcFinalReturnP5` → `mc_final_return_p5`.
    static func column(of key: some CodingKey) -> String {
        var column = ""
        for character in key.stringValue {
            if character.isUppercase {
                column.append("_")
                column.append(contentsOf: character.lowercased())
            } else {
                column.append(character)
            }
        }
        return column
    }

    struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: StoredRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { row.row.hasColumn(StoredRowDecoder.column(of: key)) }

        func decodeNil(forKey key: Key) throws -> Bool {
            try row.databaseValue(StoredRowDecoder.column(of: key)).isNull
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard let stored = T.self as? any StoredColumnValue.Type else { throw Self.unsupported(T.self, key) }
            return try Self.value(stored, column: StoredRowDecoder.column(of: key), row: row) as! T
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try row.value(StoredRowDecoder.column(of: key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try row.value(StoredRowDecoder.column(of: key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try row.value(StoredRowDecoder.column(of: key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try row.value(StoredRowDecoder.column(of: key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try row.value(StoredRowDecoder.column(of: key)) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw Self.unsupported(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw Self.unsupported(type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw Self.unsupported(type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw Self.unsupported(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw Self.unsupported(type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw Self.unsupported(type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw Self.unsupported(type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw Self.unsupported(type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw Self.unsupported(type, key) }

        private static func unsupported(_ type: Any.Type, _ key: Key) -> DecodingError {
            DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "\(type) is not a stored column type"))
        }

        private static func value<Value: StoredColumnValue>(_ type: Value.Type, column: String, row: StoredRow) throws -> Value {
            try row.value(column)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "a stored column is not a record"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "a stored column is not a list"))
        }

        func superDecoder() throws -> any Decoder { StoredRowDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { StoredRowDecoder(row: row) }
    }
}
