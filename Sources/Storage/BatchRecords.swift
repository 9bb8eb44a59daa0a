import Foundation
import GRDB
import RunRecords
import WalkForward

extension NewBatch: StoredColumns {
    public static let databaseTableName = "batch"
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// `axes` must be the JSON of the matrix's axes: damage is an error naming the row, never no axes.
    public static func check(_ record: BatchRecord) throws {
        guard (try? JSONDecoder().decode([MatrixAxis].self, from: Data(record.axes.utf8))) != nil else {
            throw StoredValueError(table: databaseTableName, column: "axes", rowKey: "id \(record.id)",
                                   found: "text that is not a JSON list of axes", expected: "the matrix's axes")
        }
    }
}

extension BatchCellRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "batch_cell"
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Every column checked for its storage class (``StoredRowDecoder``), and `labels` for being
    /// a JSON list of text: damage is an error naming the row, never no labels.
    public init(row: Row) throws {
        self = try StoredRowDecoder.decode(Self.self, from: row, table: Self.databaseTableName)
        guard (try? JSONDecoder().decode([String].self, from: Data(labels.utf8))) != nil else {
            throw StoredValueError(table: Self.databaseTableName, column: "labels", rowKey: "run_id \(runId)",
                                   found: "text that is not a JSON list of labels", expected: "the cell's label on each axis")
        }
    }
}
