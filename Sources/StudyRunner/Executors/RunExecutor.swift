import WalkForward

/// How a run's unfinished windows are executed: on this machine (``LocalExecutor``) or as a
/// Slurm job array (``SlurmExecutor``), as the run was submitted (``Executor``). Both execute the plan's work units through the search method
/// (``Plan/execute(_:seeds:cancellation:)``), conclude each window from its units' results
/// (``Plan/conclude(window:results:seeds:)``), store it through
/// ``StudyRunner/commit(_:plan:trialsPerSecond:evaluate:)`` and finish the run with
/// ``StudyRunner/finish(runID:plan:)``, so a run's results never depend on the executor.
protocol RunExecutor {
    /// Executes the run's unfinished windows and, when all are finished, aggregates the run.
    /// The caller holds the run's lock.
    /// - Returns: the run as stored afterwards (COMPLETED, or INTERRUPTED when cancelled).
    func execute(_ prepared: PreparedRun, runner: StudyRunner) throws(RunnerError) -> StudyRunner.Outcome
}
