import Foundation

/// A row of `cluster_run`: how a run executes on a cluster (`wfo run --executor slurm`), what
/// `--resume` reattaches to, and the units' progress as the client last counted it (what
/// `wfo status` and the viewer show).
public struct ClusterRunRecord: Codable, Sendable, Equatable {
    public var runId: Int64
    /// `slurm`.
    public var executor: String
    /// The run's folder under `--work-dir` (manifest, study, candles, results, logs).
    public var workFolder: String
    /// JSON of the submission settings.
    public var settings: String
    /// Space-separated job ids: the array, then each resubmission.
    public var jobIds: String
    /// Array tasks.
    public var tasks: Int
    public var unitsTotal: Int
    public var unitsDone: Int
    public var unitsRunning: Int
    public var unitsPending: Int
    public var unitsFailed: Int
    /// JSON: how many times each array task was submitted again (``resubmissionCounts``).
    public var resubmissions: String
    /// The job submitted with `--detach` to merge the results once the array's jobs end
    /// (`sbatch --dependency=afterany:...`); nil when no client left the run to one.
    public var mergeJobId: String?
    public var updatedAt: Int64

    public init(runId: Int64, executor: String, workFolder: String, settings: String, tasks: Int, unitsTotal: Int, updatedAt: Int64) {
        self.runId = runId
        self.executor = executor
        self.workFolder = workFolder
        self.settings = settings
        jobIds = ""
        self.tasks = tasks
        self.unitsTotal = unitsTotal
        unitsDone = 0
        unitsRunning = 0
        unitsPending = 0
        unitsFailed = 0
        resubmissions = "{}"
        mergeJobId = nil
        self.updatedAt = updatedAt
    }

    public var jobIdList: [String] { jobIds.split(separator: " ").map(String.init) }

    /// How many times each array task was submitted again, by task index; kept with the run so
    /// the bound holds across clients (an attached one, `--resume`, a detached merge job).
    /// - Throws: ``StoredValueError`` naming the row when `resubmissions` is not a JSON object
    ///   of counts: an unreadable count would drop the bound, so it is never read as none.
    public func resubmissionCounts() throws(StoredValueError) -> [Int: Int] {
        guard let decoded = try? JSONDecoder().decode([String: Int].self, from: Data(resubmissions.utf8)) else {
            throw damage("resubmissions", "a JSON object of task → count")
        }
        var counts: [Int: Int] = [:]
        for (key, value) in decoded {
            guard let task = Int(key), task >= 0, value >= 0 else { throw damage("resubmissions", "a JSON object of task → count") }
            counts[task] = value
        }
        return counts
    }

    public mutating func setResubmissionCounts(_ counts: [Int: Int]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = Dictionary(uniqueKeysWithValues: counts.map { (String($0.key), $0.value) })
        // Encoding a dictionary of strings to integers cannot fail.
        resubmissions = String(decoding: try! encoder.encode(text), as: UTF8.self)
    }

    /// The stored submission settings (`settings`), decoded as `type`.
    /// - Throws: ``StoredValueError`` naming the row when they are not that JSON: a cluster run
    ///   is never resubmitted with default settings in place of its own (another partition).
    public func submission<Settings: Decodable>(as type: Settings.Type) throws(StoredValueError) -> Settings {
        guard let settings = try? JSONDecoder().decode(type, from: Data(self.settings.utf8)) else {
            throw damage("settings", "the JSON of the run's Slurm submission settings")
        }
        return settings
    }

    private func damage(_ column: String, _ expected: String) -> StoredValueError {
        StoredValueError(table: "cluster_run", column: column, rowKey: "run_id \(runId)",
                         found: "text that cannot be read as that", expected: expected)
    }
}

/// Units of a cluster run by where they stand.
public struct UnitCounts: Sendable, Equatable {
    public var done: Int
    public var running: Int
    public var pending: Int
    public var failed: Int

    public init(done: Int = 0, running: Int = 0, pending: Int = 0, failed: Int = 0) {
        self.done = done
        self.running = running
        self.pending = pending
        self.failed = failed
    }
}
