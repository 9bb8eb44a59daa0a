/// A stored row: the id the database gave it when it was inserted, and its columns — the row as
/// it was before (``NewRun``, ``NewBatch``) — which read as the record's own (`record.name`).
/// A stored record always has its id; a row not yet inserted has none to forget.
@dynamicMemberLookup
public struct StoredRecord<Columns: Codable & Sendable>: Codable, Sendable {
    public let id: Int64
    public var columns: Columns

    public init(id: Int64, columns: Columns) {
        self.id = id
        self.columns = columns
    }

    public subscript<Value>(dynamicMember column: WritableKeyPath<Columns, Value>) -> Value {
        get { columns[keyPath: column] }
        set { columns[keyPath: column] = newValue }
    }

    public subscript<Value>(dynamicMember property: KeyPath<Columns, Value>) -> Value {
        columns[keyPath: property]
    }

    private enum Key: String, CodingKey { case id }

    /// The id and the columns from one row (or one JSON object).
    public init(from decoder: any Decoder) throws {
        id = try decoder.container(keyedBy: Key.self).decode(Int64.self, forKey: .id)
        columns = try Columns(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(id, forKey: .id)
        try columns.encode(to: encoder)
    }
}
