import Cluster
import Foundation

/// How `wfo run --executor slurm` runs a study's units: as a Slurm job array whose tasks read
/// the run's work folder and write one result file each (``WorkFolder``).
public struct ClusterSettings: Sendable {
    /// `--work-dir`: a folder every node sees; the run's folder is created inside it.
    public var workDirectory: String
    public var submission: SubmissionSettings
    /// Array tasks to aim for (`--tasks`); nil: 16, or one per window when there are more.
    /// Each window's combinations are cut into blocks so that the run has about this many units;
    /// under the permutation test, each window's permutations into as many blocks again.
    public var tasks: Int?
    /// The `wfo` binary the tasks run: this one, at the same path on every node.
    public var binary: String
    /// How often the client looks at the queue and the result files.
    public var pollInterval: Duration
    /// How many times a task that ended without a valid result is submitted again.
    public var maxResubmissions: Int

    public init(workDirectory: String, submission: SubmissionSettings = SubmissionSettings(), tasks: Int? = nil,
                binary: String, pollInterval: Duration = .seconds(1), maxResubmissions: Int = 3) {
        self.workDirectory = workDirectory
        self.submission = submission
        self.tasks = tasks
        self.binary = binary
        self.pollInterval = pollInterval
        self.maxResubmissions = maxResubmissions
    }

    /// Settings from `wfo run`'s options: sbatch's partition, `%K` of `--array`, `--time`
    /// and arguments passed as they are.
    public init(workDirectory: String, partition: String?, maxParallel: Int?, timeLimit: String?, sbatchArguments: [String],
                tasks: Int?, binary: String, pollInterval: Duration) {
        self.init(workDirectory: workDirectory,
                  submission: SubmissionSettings(partition: partition, maxParallel: maxParallel, timeLimit: timeLimit,
                                                 extraArguments: sbatchArguments),
                  tasks: tasks, binary: binary, pollInterval: pollInterval)
    }

    /// The units of a run with `windows` windows of `combinations` each, cut for about
    /// `tasks` array tasks (one unit per task): each window's combinations in equal blocks.
    public static func blockSize(windows: Int, combinations: Int, tasks: Int?) -> Int {
        let blocks = max(1, min(combinations, blocksPerWindow(windows: windows, tasks: tasks)))
        return (combinations + blocks - 1) / blocks
    }

    /// Blocks each window's work is cut into for about `tasks` array tasks: its combinations,
    /// and under the permutation test its permutations as well.
    public static func blocksPerWindow(windows: Int, tasks: Int?) -> Int {
        let target = max(1, tasks ?? max(16, windows))
        return max(1, (target + windows - 1) / max(1, windows))
    }
}

/// Where a run's units execute.
public enum Executor: Sendable {
    /// In this process, the search spread over `--jobs` threads.
    case local
    /// As a Slurm job array (``ClusterSettings``).
    case slurm(ClusterSettings)
}

/// `--detach`: the client makes one pass over a cluster run — merges the results there are,
/// submits again what ended without one — then leaves a merge job behind and exits. The merge
/// job (`merge.sh`: `wfo run --resume RUN --detach`) waits for the array's jobs
/// (`--dependency=afterany`), makes the same pass on a node, and either finishes the run
/// exactly as an attached client would or leaves the next merge job behind.
public struct Detachment: Sendable {
    /// Where the run's page is rendered once it ends; nil: no report.
    public var reportFolder: String?

    public init(reportFolder: String?) {
        self.reportFolder = reportFolder
    }

    /// Inside the merge job itself: Slurm's id of the job this process runs in.
    static var currentJob: String? { ProcessInfo.processInfo.environment["SLURM_JOB_ID"] }
}
