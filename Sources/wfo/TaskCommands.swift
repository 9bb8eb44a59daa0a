import ArgumentParser
import Foundation
import RunRecords
import StudyRunner
import WalkForward

extension WFO {
    /// What array schedulers run on the nodes.
    struct Task: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Commands the cluster's array tasks run (wfo run --executor slurm submits them).",
            subcommands: [TaskRun.self])
    }

    struct TaskRun: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Execute one array task of a run's work folder and write its result file.",
            discussion: """
                The index comes from --index, else $SLURM_ARRAY_TASK_ID, $JOB_COMPLETION_INDEX (Kubernetes \
                Indexed Jobs) or $AWS_BATCH_JOB_ARRAY_INDEX. Reads only the work folder (no database, no \
                network); writes results/task-<index>.bin whole. Exit status 0 when written (or already \
                there), 2 when the folder or index is wrong, 1 when the work failed.
                """)

        @Argument(help: "The run's work folder (DIR/run-<id>-<tag>).", completion: .directory)
        var folder: String

        @Option(help: ArgumentHelp("The array index (default: from the scheduler's environment).", valueName: "i"))
        var index: Int?

        @Option(help: ArgumentHelp("Worker threads (default: $SLURM_CPUS_PER_TASK, else 1).", valueName: "n"))
        var jobs: Int?

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let index: Int
            do { index = try StudyRunner.arrayTaskIndex(option: self.index, environment: environment) } catch {
                throw CommandFailure(error)
            }
            let threads = jobs ?? environment["SLURM_CPUS_PER_TASK"].flatMap(Int.init) ?? 1
            let cancellation = CancellationFlag()
            Interruption.install(cancelling: cancellation)
            let clock = ContinuousClock()
            let start = clock.now
            do throws(RunnerError) {
                let units = try StudyRunner.runTask(folderPath: folder, index: index, jobs: max(1, threads),
                                                    cancellation: cancellation)
                let seconds = (clock.now - start) / .seconds(1)
                print(units == 0 ? "task \(index): its result was already written" :
                        String(format: "task %d: %d unit(s) in %.2f s", index, units, seconds))
            } catch {
                throw CommandFailure(error)
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a cluster run's Slurm jobs (scancel); its merged windows are kept.",
            discussion: "The run becomes INTERRUPTED; `wfo run --resume RUN` submits again what is left.")

        @Argument(help: "The run id.", completion: Completions.runReference)
        var run: Int64

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let runner = try database.open()
            let jobs: [String]
            do { jobs = try runner.cancel(runID: run) } catch { throw CommandFailure(error) }
            print("cancelled Slurm job \(jobs.joined(separator: ", ")) of run \(run); `wfo run --resume \(run)` submits what is left")
        }
    }
}
