import GRDB
import RunRecords
import WalkForward

extension WFODatabase {
    /// A run to create as one cell of a batch: its PENDING record, windows and labels.
    public struct NewCell: Sendable {
        public var run: NewRun
        public var windows: [Window]
        public var labels: [String]

        public init(run: NewRun, windows: [Window], labels: [String]) {
            self.run = run
            self.windows = windows
            self.labels = labels
        }
    }

    /// Creates a batch with every cell's PENDING run and windows, in one transaction: a batch
    /// is either stored whole or not at all.
    public func createBatch(_ new: NewBatch, cells: [NewCell]) throws(StorageError) -> (BatchRecord, [BatchCell]) {
        try write { db in
            try new.insert(db)
            let batch = BatchRecord(id: db.lastInsertedRowID, columns: new)
            var created: [BatchCell] = []
            for (index, cell) in cells.enumerated() {
                let run = try Self.insert(cell.run, windows: cell.windows, db)
                let record = BatchCellRecord(batchId: batch.id, cellIndex: index, runId: run.id, labels: cell.labels)
                try record.insert(db)
                created.append(BatchCell(cell: record, run: run))
            }
            return (batch, created)
        }
    }

    public func batch(id: Int64) throws(StorageError) -> BatchRecord {
        guard let batch = try read({ db in try BatchRecord.fetchOne(db, key: id) }) else { throw .noSuchBatch(id) }
        return batch
    }

    /// Every batch, newest first.
    public func batches() throws(StorageError) -> [BatchRecord] {
        try read { db in try BatchRecord.order(Column("id").desc).fetchAll(db) }
    }

    /// A batch's cells with their runs, in cell order (a cell whose run was deleted is left out).
    /// - Throws: ``StorageError/noSuchBatch(_:)`` for an unknown batch.
    public func cells(ofBatch id: Int64) throws(StorageError) -> [BatchCell] {
        let cells = try read { db -> [BatchCell]? in
            guard try BatchRecord.exists(db, key: id) else { return nil }
            let cells = try BatchCellRecord.filter(Column("batch_id") == id).order(Column("cell_index")).fetchAll(db)
            return try cells.compactMap { cell in
                try RunRecord.fetchOne(db, key: cell.runId).map { BatchCell(cell: cell, run: $0) }
            }
        }
        guard let cells else { throw .noSuchBatch(id) }
        return cells
    }

    /// Each cell run's windows, by run id (what batch views count progress from).
    public func windows(ofCells cells: [BatchCell]) throws(StorageError) -> [Int64: [WindowRecord]] {
        var windows: [Int64: [WindowRecord]] = [:]
        for cell in cells { windows[cell.run.id] = try self.windows(runID: cell.run.id) }
        return windows
    }

    /// The batch cell a run is, or nil for a run of a plain study.
    public func batchCell(ofRun runID: Int64) throws(StorageError) -> BatchCellRecord? {
        try read { db in try BatchCellRecord.filter(Column("run_id") == runID).fetchOne(db) }
    }

    /// Each run's batch cell, by run id (for listings).
    public func batchCellsByRun() throws(StorageError) -> [Int64: BatchCellRecord] {
        try read { db in
            Dictionary(try BatchCellRecord.fetchAll(db).map { ($0.runId, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }
}
