import ArgumentParser
import Cluster
import Foundation
import JSONText
import MarketData
import RunViews
import Storage
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
            let database = try self.database.open(readOnly: true)
            if case let .batch(id)? = run { return try showBatch(id, database: database) }
            let record: RunRecord
            do {
                if case let .run(id)? = run {
                    record = try database.run(id: id)
                } else {
                    guard let latest = try database.latestRun() else { throw CommandFailure.badInput("the database has no runs yet; start one with `wfo run STUDY.yaml`") }
                    record = latest
                }
            } catch let error as StorageError {
                throw CommandFailure.badInput(error.description)
            }
            let windows = (try? database.windows(runID: record.id!)) ?? []
            let cell = try? database.batchCell(ofRun: record.id!)
            let cluster = (try? database.clusterRun(ofRun: record.id!)) ?? nil
            let liveCounts = cluster.flatMap { record.status.isFinal ? nil : StudyRunner.liveUnitCounts(of: $0, windows: windows) }
            if json {
                print(record.statusJSON(windows: windows, batch: try? database.batchJSON(ofRun: record.id!),
                                        cluster: cluster?.json(counts: liveCounts)).rendered(pretty: true))
                return
            }
            let finished = RunRecord.finishedCount(windows)
            print(RunSummary.text(record, windows: windows))
            if let cell { print("cell \(cell.cellIndex + 1) of batch b\(cell.batchId) (`wfo status b\(cell.batchId)`)") }
            if let cluster {
                let units = liveCounts ?? UnitCounts(done: cluster.unitsDone, running: cluster.unitsRunning,
                                                     pending: cluster.unitsPending, failed: cluster.unitsFailed)
                print("executor: \(cluster.executor), job \(cluster.jobIdList.joined(separator: ", ")), \(cluster.tasks) array tasks, work folder \(cluster.workFolder)")
                print("units: \(units.done)/\(cluster.unitsTotal) done, \(units.running) running, \(units.pending) pending, \(units.failed) failed"
                    + (liveCounts == nil && !record.status.isFinal ? " (as last counted; the queue or the work folder cannot be read from here)" : ""))
            }
            if !record.status.isFinal {
                print(String(format: "progress: %d/%d windows (%.0f %%)", finished, record.totalWindows,
                             record.totalWindows > 0 ? Double(finished) / Double(record.totalWindows) * 100 : 0))
                let attached = StudyRunner.isBeingRun(runID: record.id!, databasePath: database.path)
                if record.status == .running, !attached, let merge = cluster?.mergeJobId, let state = Slurm().state(ofJob: merge) {
                    print("detached: Slurm job \(merge) (\(state.word)) merges the results once the array has ended; "
                        + "`wfo run --resume \(record.id!)` reattaches, `wfo cancel \(record.id!)` cancels it")
                } else if record.status == .running, cluster != nil, !attached {
                    print("no client is attached: its array may still run; `wfo run --resume \(record.id!)` reattaches and merges the results, `wfo cancel \(record.id!)` cancels it")
                } else if record.status == .running, !StudyRunner.isBeingRun(runID: record.id!, databasePath: database.path) {
                    print("no process is running it: it stopped without finishing (killed, the machine went down, or the disk "
                        + "filled); its finished windows are kept, and `wfo run --resume \(record.id!)` runs the rest")
                }
            }
        }

        /// `wfo status b<id>`: the batch and each of its cells.
        private func showBatch(_ id: Int64, database: WFODatabase) throws {
            let batch: BatchRecord
            let cells: [BatchCell]
            do {
                batch = try database.batch(id: id)
                cells = try database.cells(ofBatch: id)
            } catch { throw CommandFailure.badInput(error.description) }
            let windows: [Int64: [WindowRecord]]
            do { windows = try database.windows(ofCells: cells) } catch { throw CommandFailure.failed(error.description) }
            if json {
                print(batch.statusJSON(cells: cells, windows: windows).rendered(pretty: true))
                return
            }
            print(BatchSummary.text(batch, cells: cells, windows: windows))
            let running = cells.filter { $0.run.status == .running }
            if !running.isEmpty, running.allSatisfy({ !StudyRunner.isBeingRun(runID: $0.run.id!, databasePath: database.path) }) {
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
            let database = try self.database.open(readOnly: true)
            let runs: [RunRecord]
            let batches: [BatchRecord]
            let cells: [Int64: BatchCellRecord]
            do {
                runs = try database.runs()
                batches = try database.batches()
                cells = try database.batchCellsByRun()
            } catch { throw CommandFailure.failed(error.description) }
            let axes = Dictionary(uniqueKeysWithValues: batches.map { ($0.id!, $0.axisList) })
            if json {
                print(JSONValue.array(runs.map { run in
                    let batch = cells[run.id!].map { $0.json(axes: axes[$0.batchId] ?? []) }
                    return run.statusJSON(windows: (try? database.windows(runID: run.id!)) ?? [], batch: batch)
                }).rendered(pretty: true))
                return
            }
            guard !runs.isEmpty else {
                print("no runs yet; start one with `wfo run STUDY.yaml`")
                return
            }
            var rows = [["id", "created (UTC)", "status", "windows", "verdict", "OOS ROI", "WFE", "batch", "name"]]
            for run in runs {
                let windows = (try? database.windows(runID: run.id!)) ?? []
                rows.append([
                    String(run.id!), UTCTime.format(milliseconds: run.createdAt), run.status.rawValue,
                    "\(RunRecord.finishedCount(windows))/\(run.totalWindows)", run.verdict?.rawValue ?? "—",
                    run.avgOutOfSampleRoi.map { String(format: "%.2f %%", $0) } ?? "—",
                    run.walkForwardEfficiency.map { String(format: "%.1f %%", $0) } ?? (run.verdict == nil ? "—" : "n/a"),
                    cells[run.id!]?.reference ?? "—", run.name,
                ])
            }
            print(TextTable.render(rows))
            guard !batches.isEmpty else { return }
            var batchRows = [["batch", "created (UTC)", "status", "cells", "robust", "name"]]
            for batch in batches {
                let tally = BatchTally(runs: ((try? database.cells(ofBatch: batch.id!)) ?? []).map(\.run))
                batchRows.append([batch.reference, UTCTime.format(milliseconds: batch.createdAt), tally.status.rawValue,
                                  "\(tally.finished)/\(batch.totalCells)", "\(tally.robust)/\(batch.totalCells)", batch.name])
            }
            print("")
            print(TextTable.render(batchRows))
        }
    }
}
