import ArgumentParser
import Foundation
import JSONText
import MarketData
import RunViews
import Storage
import StudyRunner

extension WFO {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a run's progress, and its results once it is done.")

        @Argument(help: "The run id (default: the latest run).")
        var run: Int64?

        @Flag(help: "Print {id, status, total_windows, completed_windows, progress_percentage, ...} as JSON.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let database = try self.database.open(readOnly: true)
            let record: RunRecord
            do {
                if let run {
                    record = try database.run(id: run)
                } else {
                    guard let latest = try database.latestRun() else { throw CommandFailure.badInput("the database has no runs yet; start one with `wfo run STUDY.yaml`") }
                    record = latest
                }
            } catch let error as StorageError {
                throw CommandFailure.badInput(error.description)
            }
            let windows = (try? database.windows(runID: record.id!)) ?? []
            if json {
                print(record.statusJSON(windows: windows).rendered(pretty: true))
                return
            }
            let finished = RunRecord.finishedCount(windows)
            print(RunSummary.text(record, windows: windows))
            if !record.status.isFinal {
                print(String(format: "progress: %d/%d windows (%.0f %%)", finished, record.totalWindows,
                             record.totalWindows > 0 ? Double(finished) / Double(record.totalWindows) * 100 : 0))
                if record.status == .running, !StudyRunner.isBeingRun(runID: record.id!, databasePath: database.path) {
                    print("no process is running it: it stopped without finishing (killed, the machine went down, or the disk "
                        + "filled); its finished windows are kept, and `wfo run --resume \(record.id!)` runs the rest")
                }
            }
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the runs in the database, newest first.")

        @Flag(help: "Print the list as JSON.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let database = try self.database.open(readOnly: true)
            let runs: [RunRecord]
            do { runs = try database.runs() } catch { throw CommandFailure.failed(error.description) }
            if json {
                print(JSONValue.array(runs.map { $0.statusJSON(windows: (try? database.windows(runID: $0.id!)) ?? []) })
                    .rendered(pretty: true))
                return
            }
            guard !runs.isEmpty else {
                print("no runs yet; start one with `wfo run STUDY.yaml`")
                return
            }
            let header = ["id", "created (UTC)", "status", "windows", "verdict", "OOS ROI", "WFE", "name"]
            var rows = [header]
            for run in runs {
                let windows = (try? database.windows(runID: run.id!)) ?? []
                rows.append([
                    String(run.id!), UTCTime.format(milliseconds: run.createdAt), run.status.rawValue,
                    "\(RunRecord.finishedCount(windows))/\(run.totalWindows)", run.verdict?.rawValue ?? "—",
                    run.avgOutOfSampleRoi.map { String(format: "%.2f %%", $0) } ?? "—",
                    run.walkForwardEfficiency.map { String(format: "%.1f %%", $0) } ?? "—", run.name,
                ])
            }
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                print(row.indices.map { $0 == row.count - 1 ? row[$0] : row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  "))
            }
        }
    }
}
