import JSONText
import MarketData
import RunRecords
import WalkForward

/// Everything a status shows of one run, read in one go: the run, its windows, the batch cell
/// it is (if any) and, for a cluster run, how it executes.
///
/// ``json`` is the one JSON shape of a run: `wfo status --json`, `wfo runs --json` and the
/// runs API (`GET /api/walkforward/{id}/`) all print it, so they cannot drift apart.
public struct RunView: Sendable {
    public let run: RunRecord
    public let windows: [WindowRecord]
    /// The batch cell the run is, with the batch's axes; nil for a run of a plain study.
    public let cell: (record: BatchCellRecord, axes: [MatrixAxis])?
    /// How a cluster run executes; nil for a local run.
    public let cluster: ClusterView?
    /// Whether a process holds the run's lock right now (it is being run or merged).
    public let isAttached: Bool
    /// What the run's life said that is not a result (a damaged cache rebuilt, …), oldest first.
    public let log: [RunLogEntry]

    public init(run: RunRecord, windows: [WindowRecord], cell: (record: BatchCellRecord, axes: [MatrixAxis])?,
                cluster: ClusterView?, isAttached: Bool, log: [RunLogEntry]) {
        self.run = run
        self.windows = windows
        self.cell = cell
        self.cluster = cluster
        self.isAttached = isAttached
        self.log = log
    }

    /// ``RunRecord/statusJSON(windows:batch:cluster:)`` with the batch and cluster blocks, and
    /// `log`: `[{time, message}]`.
    public var json: JSONValue {
        guard case var .object(members) = run.statusJSON(windows: windows, batch: cell.map { $0.record.json(axes: $0.axes) },
                                                           cluster: cluster?.json) else { return .null }
        members.append(("log", .array(log.map { .object([("time", .string(UTCTime.format(milliseconds: $0.time))),
                                                          ("message", .string($0.message))]) })))
        return .object(members)
    }
}

/// A cluster run's execution as a status shows it: the stored submission and the units' counts,
/// counted live from the queue and the work folder when they could be, else as last stored.
public struct ClusterView: Sendable {
    public let record: ClusterRunRecord
    /// Counted from the Slurm queue and the result files just now; nil when they could not be
    /// read from here (then ``units`` are the counts the client last stored).
    public let liveCounts: UnitCounts?
    /// The state of the merge job a `--detach` left (`PENDING`, `RUNNING`, …), as Slurm tells it
    /// now; nil when there is none or Slurm cannot be asked from here.
    public let mergeJobState: String?

    public init(record: ClusterRunRecord, liveCounts: UnitCounts?, mergeJobState: String?) {
        self.record = record
        self.liveCounts = liveCounts
        self.mergeJobState = mergeJobState
    }

    public var units: UnitCounts {
        liveCounts ?? UnitCounts(done: record.unitsDone, running: record.unitsRunning, pending: record.unitsPending,
                                 failed: record.unitsFailed)
    }

    public var json: JSONValue { record.json(counts: units) }
}
