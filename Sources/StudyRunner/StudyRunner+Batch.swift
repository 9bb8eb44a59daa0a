import BinanceClient
import Cluster
import DataSources
import Digest
import RunRecords
import Storage
import StudyFile
import WalkForward

/// Study matrices: one run per cell, stored together as a batch (``BatchRecord``).
///
/// Every cell goes through the same pipeline as a single study: *prepare* (the cache filled
/// for Binance, the study and its data checked) for all cells before anything is written,
/// then the batch and every cell's PENDING run in one transaction, then each cell executed
/// in order as an ordinary run. A cell's run is resumed like any run (its stored study is
/// the matrix, and its cell says which study of it), so ``executeBatch(id:)`` after a crash
/// or Ctrl-C runs just the cells that are left.
extension StudyRunner {
    /// *Prepare* every cell of a matrix; the errors of all cells come together, each naming its cell.
    ///
    /// - Throws: ``RunnerError/badInput(_:)`` listing every cell whose study or data is wrong;
    ///   ``RunnerError/candlesUnavailable(_:)`` as soon as Binance cannot be reached.
    public static func prepare(_ matrix: StudyMatrix, jobs: Int = 1, cache: WFODatabase?,
                               fetchProgress: @escaping FetchProgress = { _ in }) async throws(RunnerError) -> CheckedMatrix {
        var cells: [CheckedMatrix.Cell] = []
        var problems: [String] = []
        var fetched: FetchStatistics?
        var warnings: [String] = []
        var notes: [String] = []
        for cell in matrix.cells {
            do throws(RunnerError) {
                let checked = try await prepare(cell.study, jobs: jobs, cache: cache, fetchProgress: fetchProgress)
                if let statistics = checked.fetched { fetched = (fetched ?? FetchStatistics()).adding(statistics) }
                warnings += checked.dataWarnings.map { "\(matrix.describe(cell)): \($0)" }
                notes += checked.notes.map { "\(matrix.describe(cell)): \($0)" }
                cells.append(CheckedMatrix.Cell(labels: cell.labels, record: checked.plan.newRunRecord(version: ""),
                                                windows: checked.plan.windows))
            } catch where error.isBadInput {
                problems.append("\(matrix.describe(cell)): \(error.description)")
            }
        }
        guard problems.isEmpty else {
            throw .badInput("\(problems.count) of the \(matrix.cells.count) cells of \(matrix.sourcePath) cannot run; nothing was written:\n"
                + problems.joined(separator: "\n"))
        }
        return CheckedMatrix(matrix: matrix, cells: cells, fetched: fetched, dataWarnings: warnings, notes: notes)
    }

    /// Creates the batch and each cell's PENDING run, in one transaction.
    public func createBatch(_ checked: CheckedMatrix) throws(RunnerError) -> BatchRecord {
        let matrix = checked.matrix
        let batch = NewBatch(name: matrix.name, createdAt: WFODatabase.now(), studyText: matrix.sourceText,
                             studyHash: SHA256.hexDigest(of: Array(matrix.sourceText.utf8)), studyPath: matrix.sourcePath,
                             axes: matrix.axes, totalCells: checked.cells.count, wfoVersion: version)
        let cells = checked.cells.map { cell -> WFODatabase.NewCell in
            var record = cell.record
            record.wfoVersion = version
            record.createdAt = batch.createdAt
            return WFODatabase.NewCell(run: record, windows: cell.windows, labels: cell.labels)
        }
        do { return try database.createBatch(batch, cells: cells).0 } catch { throw .storage(error) }
    }

    /// Runs every cell of batch `id` that is not finished, in cell order, each as ``resume(runID:dataFolders:)``
    /// does; returns the cells as they end. Stops after the cell a cancellation interrupts.
    ///
    /// - Parameter cellEnded: called with a cell's run id after it ran (to render its pages).
    /// - Throws: ``RunnerError/badInput(_:)`` for an unknown batch or a cell being run by another process.
    public func executeBatch(id: Int64, fetchProgress: @escaping FetchProgress = { _ in },
                             cellEnded: (Int64) -> Void = { _ in }) async throws(RunnerError) -> [BatchCell] {
        let cells: [BatchCell]
        do { cells = try database.cells(ofBatch: id) } catch { throw .storage(error) }
        var finished = cells.filter { $0.run.status.isFinal }.count
        for cell in cells where !cell.run.status.isFinal {
            if cancellation.isCancelled { break }
            let runID = cell.run.id
            progress.cellStarted(number: cell.cell.cellIndex + 1, of: cells.count, finished: finished, name: cell.run.name, runID: runID)
            try await fillCandleCache(forRun: runID, progress: fetchProgress)
            let outcome = try resume(runID: runID)
            cellEnded(runID)
            if outcome.status.isFinal { finished += 1 }
        }
        do { return try database.cells(ofBatch: id) } catch { throw .storage(error) }
    }

    /// The study a run executes: its stored study, or for a batch's run the cell of the stored
    /// matrix. A cluster run reads the copies in its work folder of the files its study names
    /// (a holiday file), as its tasks do: a merge job on a node never opens the user's paths.
    func storedStudy(of record: RunRecord) throws(RunnerError) -> Study {
        let runID = record.id
        let cell: BatchCellRecord?
        let cluster: ClusterRunRecord?
        do {
            cell = try database.batchCell(ofRun: runID)
            cluster = try database.clusterRun(ofRun: runID)
        } catch { throw .storage(error) }
        let parsed = Result { () throws(StudyError) in
            try Self.rebuildStudy(record.studyText, path: record.studyPath, cell: cell?.cellIndex,
                                  copiesIn: cluster.map { WorkFolder(path: $0.workFolder).filesPath })
        }
        switch parsed {
        case let .success(study): return study
        case let .failure(error): throw .badInput("the study stored with run \(runID) no longer validates:\n\(error.description)")
        }
    }
}

/// A matrix whose every cell passed the checks; nothing has been written yet.
public struct CheckedMatrix: Sendable {
    struct Cell: Sendable {
        var labels: [String]
        var record: NewRun
        var windows: [Window]
    }

    public let matrix: StudyMatrix
    let cells: [Cell]
    /// What was fetched into the cache for all cells together (binance only).
    public let fetched: FetchStatistics?
    /// Gaps in the cells' data, each line naming its cell.
    public let dataWarnings: [String]
    /// Dates moved to a session, candles outside the calendar left out, per cell.
    public let notes: [String]
}
