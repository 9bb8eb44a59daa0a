import Cluster

/// Executes a run's windows as a Slurm job array (``StudyRunner/executeOnSlurm(_:settings:)``):
/// the tasks execute the units on the nodes, the client concludes and commits each window from
/// their results (``SlurmMonitor``).
struct SlurmExecutor: RunExecutor {
    let settings: ClusterSettings

    func execute(_ prepared: PreparedRun, runner: StudyRunner) throws(RunnerError) -> StudyRunner.Outcome {
        try runner.executeOnSlurm(prepared, settings: settings)
    }
}
