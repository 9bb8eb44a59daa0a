import Foundation

/// How array tasks are submitted, from `wfo run --executor slurm`'s options.
public struct SubmissionSettings: Sendable, Equatable, Codable {
    public var partition: String?
    /// The `%K` of `--array`: at most this many tasks at once; nil: as many as Slurm allows.
    public var maxParallel: Int?
    /// `--time`, e.g. `30:00` or `1-00:00:00`.
    public var timeLimit: String?
    /// Passed to sbatch as they are, after wfo's own arguments.
    public var extraArguments: [String]

    public init(partition: String? = nil, maxParallel: Int? = nil, timeLimit: String? = nil, extraArguments: [String] = []) {
        self.partition = partition
        self.maxParallel = maxParallel
        self.timeLimit = timeLimit
        self.extraArguments = extraArguments
    }
}

/// Where an array task stands in the queue.
public enum QueueState: Sendable, Equatable {
    case pending
    case running
    /// Still listed but on its way out (COMPLETING, or requeued and held, ...).
    case other(String)

    /// `pending`, `running`, or Slurm's own word in lower case.
    public var word: String {
        switch self {
        case .pending: "pending"
        case .running: "running"
        case let .other(state): state.lowercased()
        }
    }

    /// From squeue's `%T`.
    init(slurmState: String) {
        switch slurmState {
        case "PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "CONFIGURING": self = .pending
        case "RUNNING": self = .running
        default: self = .other(slurmState)
        }
    }
}

/// The array tasks `squeue -r` lists, and the jobs they belong to.
public struct QueueListing: Sendable, Equatable {
    public var tasks: [Int: QueueState] = [:]
    /// The jobs with at least one task listed: what a merge job must wait for.
    public var jobs: Set<String> = []
}

/// Slurm through its client commands: `sbatch` (job arrays), `squeue`, `scontrol`, `scancel`.
public struct Slurm: Sendable {
    public init() {}

    /// The `--array` list of `indices`: ranges where they run on (`0-15`, `1,4-6`), then `%K`.
    static func arrayList(_ indices: [Int], maxParallel: Int?) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = indices.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",") + (maxParallel.map { "%\($0)" } ?? "")
    }

    func arguments(script: String, tasks: [Int], jobName: String, logPattern: String, settings: SubmissionSettings) -> [String] {
        var arguments = ["--parsable", "--array=\(Self.arrayList(tasks, maxParallel: settings.maxParallel))",
                         "--job-name=\(jobName)", "--output=\(logPattern)", "--open-mode=append", "--requeue",
                         "--cpus-per-task=1"]
        if let partition = settings.partition { arguments.append("--partition=\(partition)") }
        if let time = settings.timeLimit { arguments.append("--time=\(time)") }
        return arguments + settings.extraArguments + [script]
    }

    /// Asks Slurm whether it would accept the array (`sbatch --test-only`), without submitting.
    /// - Throws: ``ClusterError/badInput(_:)`` with sbatch's words (a bad partition, time limit, ...).
    public func check(script: String, tasks: [Int], jobName: String, logPattern: String, settings: SubmissionSettings) throws(ClusterError) {
        var arguments = arguments(script: script, tasks: tasks, jobName: jobName, logPattern: logPattern, settings: settings)
        arguments.insert("--test-only", at: 0)
        let output = try ProcessRunner.run("sbatch", arguments)
        guard output.status == 0 else { throw .badInput("Slurm refuses the job array: \(output.message); check --partition, --time and --sbatch-arg") }
    }

    /// Submits the array and returns its job id.
    public func submit(script: String, tasks: [Int], jobName: String, logPattern: String, settings: SubmissionSettings) throws(ClusterError) -> String {
        let output = try ProcessRunner.run("sbatch", arguments(script: script, tasks: tasks, jobName: jobName, logPattern: logPattern, settings: settings))
        let id = output.standardOutput.split(separator: "\n").last.map { String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces) } ?? ""
        guard output.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw .badInput("sbatch refused the job array: \(output.message); check --partition, --time and --sbatch-arg")
        }
        return id
    }

    /// The listed tasks of `jobs` by array index (`squeue -r`); a task that is not listed has
    /// ended (or never existed). Nil when squeue itself failed, so that a passing hiccup of
    /// slurmctld is never taken for "every task ended".
    public func queuedTasks(jobs: [String]) -> [Int: QueueState]? {
        queue(jobs: jobs)?.tasks
    }

    /// What `squeue -r` lists of `jobs`: each array task by index, and the jobs that still
    /// have a task listed. Nil when squeue itself failed.
    public func queue(jobs: [String]) -> QueueListing? {
        guard !jobs.isEmpty else { return QueueListing() }
        guard let output = try? ProcessRunner.run("squeue", ["-h", "-r", "-j", jobs.joined(separator: ","), "-o", "%i|%T"]),
              output.status == 0 else { return nil }
        var listing = QueueListing()
        for line in output.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: "|")
            guard fields.count == 2, let underscore = fields[0].lastIndex(of: "_"),
                  let index = Int(fields[0][fields[0].index(after: underscore)...]) else { continue }
            let state = QueueState(slurmState: String(fields[1]))
            // A task resubmitted under a second job id is listed once per job; running wins.
            if listing.tasks[index] != .running { listing.tasks[index] = state }
            listing.jobs.insert(String(fields[0][..<underscore]))
        }
        return listing
    }

    /// Where a plain (non-array) job stands: nil once it has left the queue, or when squeue fails.
    public func state(ofJob job: String) -> QueueState? {
        guard let output = try? ProcessRunner.run("squeue", ["-h", "-j", job, "-o", "%T"]), output.status == 0,
              let state = output.standardOutput.split(separator: "\n").first else { return nil }
        return QueueState(slurmState: String(state).trimmingCharacters(in: .whitespaces))
    }

    /// Submits the job that merges a detached run's results once `after` have ended, whatever
    /// their tasks' fate (`--dependency=afterany`: with `afterok` one failed task would leave the
    /// run with no merge at all; the merge step itself submits again what ended without a result).
    /// - Returns: its job id.
    public func submitMerge(script: String, after jobs: [String], jobName: String, log: String,
                            settings: SubmissionSettings) throws(ClusterError) -> String {
        var arguments = ["--parsable", "--job-name=\(jobName)", "--output=\(log)", "--open-mode=append", "--cpus-per-task=1",
                         "--kill-on-invalid-dep=yes"]
        if !jobs.isEmpty { arguments.append("--dependency=afterany:" + jobs.joined(separator: ":")) }
        if let partition = settings.partition { arguments.append("--partition=\(partition)") }
        if let time = settings.timeLimit { arguments.append("--time=\(time)") }
        let output = try ProcessRunner.run("sbatch", arguments + settings.extraArguments + [script])
        let id = output.standardOutput.split(separator: "\n").last.map { String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces) } ?? ""
        guard output.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw .badInput("sbatch refused the merge job: \(output.message); check --partition, --time and --sbatch-arg")
        }
        return id
    }

    /// What Slurm remembers of an ended task (`scontrol show job JOB_I`): state, reason, exit
    /// code and node, e.g. `FAILED (JobLaunchFailure, exit 0:53) on wfo-node`; nil once forgotten.
    public func endedTask(job: String, index: Int) -> EndedTask? {
        guard let output = try? ProcessRunner.run("scontrol", ["show", "job", "\(job)_\(index)", "-o"]), output.status == 0 else { return nil }
        var fields: [String: String] = [:]
        for word in output.standardOutput.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            guard let equals = word.firstIndex(of: "=") else { continue }
            fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        guard let state = fields["JobState"] else { return nil }
        return EndedTask(state: state, reason: fields["Reason"] ?? "None", exitCode: fields["ExitCode"] ?? "?", node: fields["NodeList"] ?? "?")
    }

    /// Cancels whole jobs (`scancel`).
    public func cancel(jobs: [String]) throws(ClusterError) {
        guard !jobs.isEmpty else { return }
        let output = try ProcessRunner.run("scancel", jobs)
        guard output.status == 0 else { throw .failed("scancel \(jobs.joined(separator: " ")) failed: \(output.message)") }
    }
}

/// An array task Slurm lists no more.
public struct EndedTask: Sendable, Equatable, CustomStringConvertible {
    public var state: String
    public var reason: String
    public var exitCode: String
    public var node: String

    /// Slurm could not start the task, typically because the node cannot open its log file
    /// in the work folder: the folder is not shared with that node.
    public var couldNotLaunch: Bool { reason == "JobLaunchFailure" }

    public var description: String { "\(state) (\(reason), exit \(exitCode)) on \(node)" }
}
