import RunRecords
import Storage
import WalkForward

/// Everything a batch's page shows, read from the database once.
struct BatchReportData: Sendable {
    struct CellData: Sendable {
        var cell: BatchCellRecord
        var run: RunRecord
        /// The cell's stitched out-of-sample equity (empty until its run completes).
        var stitched: (times: [Int64], values: [Double])
    }

    var batch: BatchRecord
    var axes: [MatrixAxis]
    var cells: [CellData]

    init(database: WFODatabase, batchID: Int64) throws(StorageError) {
        batch = try database.batch(id: batchID)
        axes = batch.axisList
        var cells: [CellData] = []
        for cell in try database.cells(ofBatch: batchID) {
            let points = try database.equityPoints(runID: cell.run.id, series: .stitched)
            cells.append(CellData(cell: cell.cell, run: cell.run, stitched: (points.map(\.time), points.map(\.value))))
        }
        self.cells = cells
    }

    var runs: [RunRecord] { cells.map(\.run) }
    var tally: BatchTally { BatchTally(runs: runs) }

    /// For a walk-forward matrix: the training lengths (rows, bottom to top), the testing
    /// lengths (columns) and the cell at each place; nil for any other matrix.
    var walkForwardGrid: (training: MatrixAxis, testing: MatrixAxis, cells: [[CellData?]])? {
        guard MatrixAxis.isWalkForwardMatrix(axes),
              let trainingIndex = axes.firstIndex(where: { $0.key == MatrixAxis.trainingKey }),
              let testingIndex = axes.firstIndex(where: { $0.key == MatrixAxis.testingKey }) else { return nil }
        let training = axes[trainingIndex], testing = axes[testingIndex]
        var grid = [[CellData?]](repeating: [CellData?](repeating: nil, count: testing.labels.count), count: training.labels.count)
        for cell in cells {
            let labels = cell.cell.labelList
            guard labels.count == axes.count, let row = training.labels.firstIndex(of: labels[trainingIndex]),
                  let column = testing.labels.firstIndex(of: labels[testingIndex]) else { continue }
            grid[row][column] = cell
        }
        return (training, testing, grid)
    }
}
