import ArgumentParser
import Foundation
import JSONText
import MarketData
import RunRecords
import RunRecords
import RunViews
import StudyRunner

extension WFO {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a run's (or a batch's) progress, and its results once it is done.")

        @Argument(help: "The run id, or b<id> for a batch (default: the latest run).", completion: Completions.runReference)
        var run: RunReference?

        @Flag(help: "Print {id, status, total_windows, completed_windows, progress_percentage, ...} as JSON.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let runner = try database.open(readOnly: true)
            if case let .batch(id)? = run { return try showBatch(id, runner: runner) }
            let found: RunView?
            do throws(RunnerError) {
                if case let .run(id)? = run { found = try runner.view(ofRun: id) } else { found = try runner.latestRunView() }
            } catch {
                throw CommandFailure(error)
            }
            guard let view = found else { throw CommandFailure.badInput("the database has no runs yet; start one with `wfo run STUDY.yaml`") }
            if json {
                print(view.json.rendered(pretty: true))
                return
            }
            let record = view.run, runID = record.id
            let finished = RunRecord.finishedCount(view.windows)
            print(RunSummary.text(record, windows: view.windows))
            if let cell = view.cell?.record { print("cell \(cell.cellIndex + 1) of batch b\(cell.batchId) (`wfo status b\(cell.batchId)`)") }
            if let cluster = view.cluster {
                let units = cluster.units, stored = cluster.record
                print("executor: \(stored.executor), job \(stored.jobIdList.joined(separator: ", ")), \(stored.tasks) array tasks, work folder \(stored.workFolder)")
                print("units: \(units.done)/\(stored.unitsTotal) done, \(units.running) running, \(units.pending) pending, \(units.failed) failed"
                    + (cluster.liveCounts == nil && !record.status.isFinal ? " (as last counted; the queue or the work folder cannot be read from here)" : ""))
            }
            for entry in view.log { print("log \(UTCTime.format(milliseconds: entry.time)): \(entry.message)") }
            if !record.status.isFinal {
                print(String(format: "progress: %d/%d windows (%.0f %%)", finished, record.totalWindows,
                             record.totalWindows > 0 ? Double(finished) / Double(record.totalWindows) * 100 : 0))
                if record.status == .running, !view.isAttached, let merge = view.cluster?.record.mergeJobId, let state = view.cluster?.mergeJobState {
                    print("detached: Slurm job \(merge) (\(state)) merges the results once the array has ended; "
                        + "`wfo run --resume \(runID)` reattaches, `wfo cancel \(runID)` cancels it")
                } else if record.status == .running, view.cluster != nil, !view.isAttached {
                    print("no client is attached: its array may still run; `wfo run --resume \(runID)` reattaches and merges the results, `wfo cancel \(runID)` cancels it")
                } else if record.status == .running, !view.isAttached {
                    print("no process is running it: it stopped without finishing (killed, the machine went down, or the disk "
                        + "filled); its finished windows are kept, and `wfo run --resume \(runID)` runs the rest")
                }
            }
        }

        /// `wfo status b<id>`: the batch and each of its cells.
        private func showBatch(_ id: Int64, runner: StudyRunner) throws {
            let batch: BatchRecord
            let cells: [BatchCell]
            let windows: [Int64: [WindowRecord]]
            do {
                batch = try runner.batch(id: id)
                cells = try runner.cells(ofBatch: id)
                windows = try runner.windows(ofCells: cells)
            } catch { throw CommandFailure(error) }
            if json {
                print(batch.statusJSON(cells: cells, windows: windows).rendered(pretty: true))
                return
            }
            print(BatchSummary.text(batch, cells: cells, windows: windows))
            let running = cells.filter { $0.run.status == .running }
            if !running.isEmpty, running.allSatisfy({ !StudyRunner.isBeingRun(runID: $0.run.id, databasePath: runner.databasePath) }) {
                print("no process is running it: it stopped without finishing; `wfo run --resume \(batch.reference)` runs the cells that are left")
            }
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the runs in the database, newest first, then the batches.")

        @Flag(help: "Print the list as JSON.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let runner = try database.open(readOnly: true)
            let views: [RunView]
            let batches: [BatchRecord]
            do {
                views = try runner.runViews()
                batches = try runner.batches()
            } catch { throw CommandFailure(error) }
            if json {
                print(JSONValue.array(views.map(\.json)).rendered(pretty: true))
                return
            }
            guard !views.isEmpty else {
                print("no runs yet; start one with `wfo run STUDY.yaml`")
                return
            }
            // "OOS return" is the stitched out-of-sample return, as on the index page and in `wfo status`.
            var rows = [["id", "created (UTC)", "status", "windows", "verdict", "OOS return", "WFE", "batch", "name"]]
            for view in views {
                let run = view.run
                rows.append([
                    String(run.id), UTCTime.format(milliseconds: run.createdAt), run.status.rawValue,
                    "\(RunRecord.finishedCount(view.windows))/\(run.totalWindows)", run.verdict?.rawValue ?? "—",
                    run.stitchedReturn.map { String(format: "%.2f %%", $0) } ?? "—",
                    run.walkForwardEfficiency.map { String(format: "%.1f %%", $0) } ?? (run.verdict == nil ? "—" : "n/a"),
                    view.cell?.record.reference ?? "—", run.name,
                ])
            }
            print(TextTable.render(rows))
            guard !batches.isEmpty else { return }
            var batchRows = [["batch", "created (UTC)", "status", "cells", "robust", "name"]]
            for batch in batches {
                let cells: [BatchCell]
                do { cells = try runner.cells(ofBatch: batch.id) } catch { throw CommandFailure(error) }
                let tally = BatchTally(runs: cells.map(\.run))
                batchRows.append([batch.reference, UTCTime.format(milliseconds: batch.createdAt), tally.status.rawValue,
                                  "\(tally.finished)/\(batch.totalCells)", "\(tally.robust)/\(batch.totalCells)", batch.name])
            }
            print("")
            print(TextTable.render(batchRows))
        }
    }
}
