import Hummingbird
import JSONText
import RunRecords
import RunViews
import StudyRunner

/// The batches of the runs API (study matrices; read-only, a matrix is run with `wfo run`):
///
/// | method and path | answer |
/// | --- | --- |
/// | `GET /api/batches/` | every batch, newest first, each with its cells and their runs |
/// | `GET /api/batches/{id}/` | `{id, reference, name, status, total_cells, completed_cells, failed_cells, robust_cells, progress_percentage, axes, cells}` |
///
/// A batch's run also says which cell it is, as `batch` in `GET /api/walkforward/{id}/`.
extension RunsAPI {
    func registerBatches<Context: RequestContext>(on router: Router<Context>) {
        let api = self
        router.get("/api/batches") { _, _ in try api.listBatches() }
        router.get("/api/batches/:id") { _, context in try api.showBatch(try Self.runID(context)) }
    }

    func listBatches() throws -> Response {
        let batches = try answering { () throws(RunnerError) in try runner.batches() }
        return Self.json(.array(try batches.map { try batchJSON($0) }))
    }

    func showBatch(_ id: Int64) throws -> Response {
        let batch = try answering { () throws(RunnerError) in try runner.batch(id: id) }
        return Self.json(try batchJSON(batch))
    }

    private func batchJSON(_ batch: BatchRecord) throws -> JSONValue {
        try answering { () throws(RunnerError) in
            let cells = try runner.cells(ofBatch: batch.id)
            return batch.statusJSON(cells: cells, windows: try runner.windows(ofCells: cells))
        }
    }
}
