import ArgumentParser
import DataSources
import Foundation
import Reporting
import RunRecords
import RunRecords
import StudyFile
import StudyRunner
import WalkForward

extension WFO {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a walk-forward study into the database, or resume an interrupted run.",
            discussion: """
                A study file with a matrix: runs one study per cell as a batch (b1, b2, ...); every cell is \
                checked before anything is written. \
                --retry RUN runs a FAILED run's failed windows again, or resumes an INTERRUPTED one. \
                Exit status: 0 when the run (every cell) COMPLETED, 1 when it (a cell) FAILED or a file or \
                the database is damaged, 2 for bad input (nothing is written), 75 when the database or the \
                run is held by another process (try again), 130 when interrupted (resume it with --resume RUN \
                or --resume b<id>).
                """)

        @Argument(help: "The study file (YAML, or the original JSON body), or a study matrix.", completion: Completions.study)
        var study: String?

        @Option(help: ArgumentHelp("Finish this interrupted or crashed run, or every cell left of batch b<id> (the study is stored with it).", valueName: "run"), completion: Completions.runReference)
        var resume: RunReference?

        @Option(help: ArgumentHelp("Run a FAILED run's failed windows again (its completed windows are kept), or resume an INTERRUPTED one.", valueName: "run"),
                completion: Completions.runReference)
        var retry: Int64?

        @Option(help: ArgumentHelp("Worker threads for the parameter search (default: all cores). Results do not depend on it.", valueName: "n"))
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Do not render the run's report when it ends.")
        var noReport = false

        @Option(help: ArgumentHelp("The site folder the report is written to.", valueName: "folder"), completion: Completions.folder)
        var out: String = "site"

        @OptionGroup var database: DatabaseOptions

        @OptionGroup(title: "Cluster") var executorOptions: ExecutorOptions

        func validate() throws {
            guard [study != nil, resume != nil, retry != nil].filter({ $0 }).count == 1 else {
                throw ValidationError("give one of a study file, --resume RUN or --retry RUN")
            }
            if let retry, retry < 1 { throw ValidationError("--retry takes a run id (a positive whole number)") }
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
            if executorOptions.detach, executorOptions.executor == .local, resume == nil {
                throw ValidationError("--detach is for --executor slurm (or --resume of a run on a cluster)")
            }
        }

        func run() async throws {
            // A site folder that is not wfo's is bad input before anything is checked, run or written.
            if !noReport { try ReportGenerator.checkForCommand(out) }
            // Everything about a new study is checked before a run is written; the database is
            // only opened first when the study reads Binance candles through its cache.
            if case let .batch(id)? = resume { return try await resumeBatch(id) }
            var checked: CheckedStudy?
            var opened: StudyRunner?
            if let study {
                do {
                    let parsed: Study
                    switch try StudyParser.loadDocument(path: Self.absolute(study)) {
                    case let .study(single): parsed = single
                    case let .matrix(matrix): return try await runMatrix(matrix)
                    }
                    if parsed.data.source == .binance { opened = try self.database.open() }
                    let line = FetchProgressLine()
                    defer { line.finish() }
                    checked = try await StudyRunner.prepare(parsed, jobs: jobs, cacheOf: opened, fetchProgress: { line.show($0) })
                    line.finish()
                    if let fetched = checked?.fetched, fetched.requests > 0 {
                        FileHandle.standardError.write(Data("fetched \(fetched.candles) candles from \(parsed.data.baseURL) in \(fetched.requests) requests\n".utf8))
                    }
                    for note in checked?.notes ?? [] {
                        FileHandle.standardError.write(Data("note: \(note)\n".utf8))
                    }
                    for warning in checked?.dataWarnings ?? [] {
                        FileHandle.standardError.write(Data("warning: gap in the data: \(warning)\n".utf8))
                    }
                } catch let error as StudyError {
                    throw CommandFailure.badInput(error.description)
                } catch let error as RunnerError {
                    throw CommandFailure(error)
                }
            }
            let cancellation = CancellationFlag()
            let runner = configured(try opened ?? database.open(), cancellation: cancellation)
            Interruption.install(cancelling: cancellation)
            let outcome: RunRecord
            running: do {
                if let checked {
                    let prepared = try runner.createRun(checked)
                    if !noReport {
                        // A page for the run while it runs, which `wfo serve` keeps up to date.
                        let generator = runner.reports(outputFolder: out)
                        _ = try? generator.renderRun(id: prepared.record.id)
                        try? generator.renderIndex()
                    }
                    outcome = try runner.execute(prepared)
                } else {
                    let line = FetchProgressLine()
                    defer { line.finish() }
                    if let retry {
                        try await runner.fillCandleCache(forRun: retry, progress: { line.show($0) })
                        line.finish()
                        outcome = try runner.retry(runID: retry)
                        break running
                    }
                    guard case let .run(runID)? = resume else { return }
                    // A detached run's merge job that finds the work done (or a client attached) has nothing to do.
                    if detachment != nil, let message = Self.nothingToMerge(runID: runID, runner: runner) {
                        print(message)
                        return
                    }
                    try await runner.fillCandleCache(forRun: runID, progress: { line.show($0) })
                    line.finish()
                    outcome = try runner.resume(runID: runID)
                }
            } catch {
                throw CommandFailure(error)
            }
            let windows: [WindowRecord]
            do { windows = try runner.windows(ofRun: outcome.id) } catch { throw CommandFailure(error) }
            print(RunSummary.text(outcome, windows: windows))
            if !noReport {
                let generator = runner.reports(outputFolder: out)
                do {
                    let folder = try generator.renderRun(id: outcome.id)
                    if let cell = try runner.batchCell(ofRun: outcome.id) { try generator.renderBatch(id: cell.batchId) }
                    try generator.renderIndex()
                    print("\nreport: \(folder)/index.html")
                } catch {
                    throw CommandFailure.failed("the run is stored, but its report failed: \(error); retry with `wfo report \(outcome.id)`")
                }
            }
            switch outcome.status {
            case .completed: return
            case .running where detachment != nil: return
            case .interrupted: throw ExitCode(130)
            default: throw ExitCode.failure
            }
        }

        /// Why a merge job (`--resume RUN --detach`) has nothing to do, or nil: the run has ended,
        /// or a client is attached to it and merges the results itself.
        static func nothingToMerge(runID: Int64, runner: StudyRunner) -> String? {
            guard let record = try? runner.run(id: runID) else { return nil }
            if record.status.isFinal { return "run \(runID) is \(record.status.rawValue); nothing left to merge" }
            if StudyRunner.isBeingRun(runID: runID, databasePath: runner.databasePath) {
                return "run \(runID) has a client attached, which merges its results; nothing to do here"
            }
            return nil
        }

        /// `runner` set up for this command: `--jobs`, a progress bar, Ctrl-C, the executor.
        func configured(_ runner: StudyRunner, cancellation: CancellationFlag) -> StudyRunner {
            var runner = runner
            runner.jobs = jobs
            runner.progress = CommandLineProgress()
            runner.cancellation = cancellation
            runner.executor = executorOptions.resolved
            runner.detachment = detachment
            return runner
        }

        /// `--detach`: the merge job left behind renders into the same site folder, named absolutely.
        var detachment: Detachment? {
            executorOptions.detach ? Detachment(reportFolder: noReport ? nil : Self.absolute(out)) : nil
        }

        /// Study paths are stored absolute so a run can be resumed from any folder.
        static func absolute(_ path: String) -> String {
            URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                .standardizedFileURL.path
        }
    }
}
