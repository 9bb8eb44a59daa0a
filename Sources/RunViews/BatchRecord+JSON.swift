import JSONText
import MarketData
import RunRecords
import WalkForward

extension BatchRecord {
    /// `{id, reference, name, status, total_cells, completed_cells, failed_cells, robust_cells,
    /// progress_percentage, created_at, wfo_version, axes, cells: [{cell, values, run}]}`: the shape of `wfo status b<id> --json`
    /// and of the batches API. `progress_percentage` counts the finished windows of all cells.
    /// - Parameter windows: each cell run's windows, by run id.
    public func statusJSON(cells: [BatchCell], windows: [Int64: [WindowRecord]]) -> JSONValue {
        let runs = cells.map(\.run)
        let tally = BatchTally(runs: runs)
        let totalWindows = runs.reduce(0) { $0 + $1.totalWindows }
        let finishedWindows = runs.reduce(0) { $0 + RunRecord.finishedCount(windows[$1.id] ?? []) }
        let axes = self.axisList
        return .object([
            ("id", .integer(id)),
            ("reference", .string(reference)),
            ("name", .string(self.name)),
            ("status", .string(tally.status.rawValue)),
            ("total_cells", .integer(Int64(self.totalCells))),
            ("completed_cells", .integer(Int64(tally.completed))),
            ("failed_cells", .integer(Int64(tally.failed))),
            ("robust_cells", .integer(Int64(tally.robust))),
            ("progress_percentage", .number(totalWindows > 0 ? Double(finishedWindows) / Double(totalWindows) * 100 : 0)),
            ("created_at", .string(UTCTime.format(milliseconds: self.createdAt))),
            ("wfo_version", .string(self.wfoVersion)),
            ("axes", .array(axes.map { .object([("key", .string($0.key)), ("values", .array($0.labels.map(JSONValue.string)))]) })),
            ("cells", .array(cells.map { cell in
                .object([
                    ("cell", .integer(Int64(cell.cell.cellIndex + 1))),
                    ("values", .object(zip(axes, cell.cell.labelList).map { ($0.key, .string($1)) })),
                    ("run", cell.run.statusJSON(windows: windows[cell.run.id] ?? [])),
                ])
            })),
        ])
    }
}

extension BatchCellRecord {
    /// `{id, reference, cell, values}`: what a run's JSON says of the batch it is a cell of.
    public func json(axes: [MatrixAxis]) -> JSONValue {
        .object([
            ("id", .integer(batchId)),
            ("reference", .string(BatchRecord.reference(id: batchId))),
            ("cell", .integer(Int64(cellIndex + 1))),
            ("values", .object(zip(axes, labelList).map { ($0.key, .string($1)) })),
        ])
    }
}
