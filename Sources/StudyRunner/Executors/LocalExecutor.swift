import RunRecords
import WalkForward

/// Executes a run's windows on this machine, one after another in window order, each one's
/// units on `--jobs` threads, committing each window as it is concluded; Ctrl-C (the
/// runner's cancellation flag) leaves the run INTERRUPTED, its finished windows kept.
struct LocalExecutor: RunExecutor {
    func execute(_ prepared: PreparedRun, runner: StudyRunner) throws(RunnerError) -> StudyRunner.Outcome {
        let runID = prepared.record.id
        let plan = prepared.plan
        let database = runner.database
        if runner.detachment != nil { throw .badInput("run \(runID) runs locally; --detach is for runs on a cluster (--executor slurm)") }
        do {
            if prepared.record.candleCount != plan.market.count { try database.setCandleCount(plan.market.count, ofRun: runID) }
            try database.resetUnfinishedWindows(runID: runID)
            try database.setStatus(.running, ofRun: runID)
            let windows = try database.windows(runID: runID)
            runner.progress.runStarted(runID: runID, name: prepared.record.name, windows: windows.count,
                                       completedWindows: windows.filter(\.status.isFinished).count,
                                       combinations: plan.method.trialCount)
            for record in windows where !record.status.isFinished {
                if runner.cancellation.isCancelled { break }
                try execute(record, plan: plan, runner: runner)
            }
            if runner.cancellation.isCancelled {
                try database.setStatus(.interrupted, ofRun: runID, error: "interrupted; `wfo run --resume \(runID)` finishes it")
                return try database.run(id: runID)
            }
            try runner.finish(runID: runID, plan: plan)
            return try database.run(id: runID)
        } catch {
            throw StudyRunner.runnerError(error)
        }
    }

    /// One window: its units executed, then concluded from their results and committed, as a
    /// cluster's client does from its tasks' (``SlurmMonitor``).
    private func execute(_ record: WindowRecord, plan: Plan, runner: StudyRunner) throws {
        let database = runner.database
        runner.progress.windowStarted(index: record.windowIndex, of: plan.windows.count)
        try database.setStatus(.optimizing, ofWindow: record.id)
        let clock = ContinuousClock()
        let start = clock.now
        var searchSeconds = 0.0
        try runner.commit(record, plan: plan, trialsPerSecond: { searchSeconds > 0 ? Double(plan.method.trialCount) / searchSeconds : nil }) {
            () throws(WindowFailure) -> WindowEvaluation in
            let seeds = try runner.warmStartSeeds(for: record, plan: plan)
            var results: [UnitResult] = []
            for unit in plan.units(ofWindow: record.windowIndex) {
                results.append(try plan.execute(unit, seeds: seeds, cancellation: runner.cancellation))
            }
            searchSeconds = (clock.now - start) / .seconds(1)
            try? database.setStatus(.testing, ofWindow: record.id)
            return try plan.conclude(window: record.windowIndex, results: results, seeds: seeds)
        }
    }
}
