import ArgumentParser
import Foundation
import StudyRunner

/// `--executor slurm --work-dir DIR ...`: where `wfo run` executes a study's units.
struct ExecutorOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case local, slurm
    }

    @Option(help: ArgumentHelp("Where the units run: local (this process, --jobs threads) or slurm (a job array; needs --work-dir).", valueName: "executor"))
    var executor: Kind = .local

    @Option(name: .customLong("work-dir"), help: ArgumentHelp("A folder every cluster node sees (a shared filesystem), for the run's study, candles, results and logs.", valueName: "folder"),
            completion: .directory)
    var workDirectory: String?

    @Option(help: ArgumentHelp("The Slurm partition to submit to (default: the cluster's default).", valueName: "partition"))
    var partition: String?

    @Option(name: .customLong("max-parallel"), help: ArgumentHelp("At most this many array tasks at once (the %K of --array).", valueName: "k"))
    var maxParallel: Int?

    @Option(help: ArgumentHelp("Each array task's time limit, as sbatch --time takes it (e.g. 30:00).", valueName: "limit"))
    var time: String?

    @Option(name: .customLong("sbatch-arg"), help: ArgumentHelp("Passed to sbatch as it is (repeatable), e.g. --sbatch-arg=--account=quant.", valueName: "arg"))
    var sbatchArguments: [String] = []

    @Option(help: ArgumentHelp("Array tasks to aim for: each window's combinations are cut into blocks to make about this many (default: 16, or one per window when more); under the permutation test, its permutations into as many blocks again.", valueName: "n"))
    var tasks: Int?

    @Flag(help: "Submit, then exit: a Slurm job that waits for the array (--dependency=afterany) merges the results into the database and finishes the run (the database must be on a filesystem the nodes see).")
    var detach = false

    func validate() throws {
        if executor == .local {
            let given = [workDirectory.map { _ in "--work-dir" }, partition.map { _ in "--partition" }, maxParallel.map { _ in "--max-parallel" },
                         time.map { _ in "--time" }, sbatchArguments.isEmpty ? nil : "--sbatch-arg", tasks.map { _ in "--tasks" }].compactMap { $0 }
            if let first = given.first { throw ValidationError("\(first) is for --executor slurm") }
        } else {
            guard workDirectory != nil else { throw ValidationError("--executor slurm needs --work-dir DIR, a folder every node sees") }
        }
        if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1") }
        if let tasks, tasks < 1 { throw ValidationError("--tasks must be at least 1") }
    }

    /// The runner's executor; the tasks run this very binary.
    var resolved: Executor {
        guard executor == .slurm, let workDirectory else { return .local }
        let absolute = URL(fileURLWithPath: workDirectory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
        var poll = Duration.seconds(1)
        if let text = ProcessInfo.processInfo.environment["WFO_CLUSTER_POLL_MS"], let milliseconds = Int(text), milliseconds > 0 {
            poll = .milliseconds(milliseconds)
        }
        return .slurm(ClusterSettings(workDirectory: absolute, partition: partition, maxParallel: maxParallel, timeLimit: time,
                                      sbatchArguments: sbatchArguments, tasks: tasks, binary: ClusterSettings.currentBinary,
                                      pollInterval: poll))
    }
}
