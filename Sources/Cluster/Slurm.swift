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
        guard !jobs.isEmpty else { return [:] }
        guard let output = try? ProcessRunner.run("squeue", ["-h", "-r", "-j", jobs.joined(separator: ","), "-o", "%i|%T"]),
              output.status == 0 else { return nil }
        var tasks: [Int: QueueState] = [:]
        for line in output.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: "|")
            guard fields.count == 2, let underscore = fields[0].lastIndex(of: "_"),
                  let index = Int(fields[0][fields[0].index(after: underscore)...]) else { continue }
            let state: QueueState = switch fields[1] {
            case "PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "CONFIGURING": .pending
            case "RUNNING": .running
            default: .other(String(fields[1]))
            }
            // A task resubmitted under a second job id is listed once per job; running wins.
            if tasks[index] != .running { tasks[index] = state }
        }
        return tasks
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
