import RunRecords
import Cluster
import RunRecords
import RunViews
import Storage

/// What the CLI and the runs API show of runs: one ``RunView`` per run, read with every row
/// checked (a damaged row is an error naming it, never a default).
extension StudyRunner {
    /// Run `runID` as a status shows it; a cluster run not yet ended has its units counted live.
    /// - Throws: ``RunnerError/storage(_:)``: no such run (exit 2, 404), a damaged row (1, 500),
    ///   a database held by another process (75, 503).
    public func view(ofRun runID: Int64) throws(RunnerError) -> RunView {
        let run: RunRecord
        do { run = try database.run(id: runID) } catch { throw .storage(error) }
        return try view(of: run)
    }

    /// The latest run's view; nil when the database has no run.
    public func latestRunView() throws(RunnerError) -> RunView? {
        let latest: RunRecord?
        do { latest = try database.latestRun() } catch { throw .storage(error) }
        return try latest.map { run throws(RunnerError) in try view(of: run) }
    }

    /// Every run's view, newest first.
    public func runViews() throws(RunnerError) -> [RunView] {
        let runs: [RunRecord]
        do { runs = try database.runs() } catch { throw .storage(error) }
        return try runs.map { run throws(RunnerError) in try view(of: run) }
    }

    func view(of run: RunRecord) throws(RunnerError) -> RunView {
        let runID = run.id
        do {
            let windows = try database.windows(runID: runID)
            let cell = try database.batchCell(ofRun: runID).map { cell throws(StorageError) in
                (record: cell, axes: try database.batch(id: cell.batchId).axisList)
            }
            let cluster = try database.clusterRun(ofRun: runID).map { record in
                ClusterView(record: record, liveCounts: run.status.isFinal ? nil : Self.liveUnitCounts(of: record, windows: windows),
                            mergeJobState: run.status.isFinal ? nil : record.mergeJobId.flatMap { Slurm().state(ofJob: $0)?.word })
            }
            return RunView(run: run, windows: windows, cell: cell, cluster: cluster,
                           isAttached: Self.isBeingRun(runID: runID, databasePath: database.path), log: try database.log(ofRun: runID))
        } catch {
            throw .storage(error)
        }
    }
}
