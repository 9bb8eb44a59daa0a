import ArgumentParser
import Foundation
import Reporting
import RunRecords
import RunRecords
import StudyRunner

extension WFO {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render runs to HTML and Markdown reports with SVG charts, and the index of all runs.",
            discussion: """
                Writes SITE/index.html and, per run, SITE/runs/<id>-<slug>/ with index.html, report.md, equity.svg, \
                underwater.svg, trades.svg, degradation.svg, parameters.svg, heatmap.svg, overfitting.svg, \
                monte-carlo.svg, convergence.svg (random and TPE searches), window-<n>.svg (one per completed \
                window), windows.csv and trades.csv; per batch (b<id>), \
                SITE/batches/<id>-<slug>/ with index.html, report.md, equity.svg, cells.csv and, for a walk-forward \
                matrix, wfe-matrix.svg and oos-matrix.svg, with every cell's run. Without RUN or --all, \
                the latest run is rendered. With --compare, SITE/compare/<ids>/ gets index.html, report.md and \
                equity.svg comparing the runs, whose own reports are rendered where missing. The same run always \
                renders to the same bytes.
                """)

        @Argument(help: "Run ids, or b<id> for a batch and its runs, to render (default: the latest run).",
                  completion: Completions.runReference)
        var runs: [RunReference] = []

        @Flag(help: "Render every run and batch.")
        var all = false

        @Flag(help: ArgumentHelp("Compare the runs given (2 to \(ComparisonData.largestCount), or b<id> for a batch's cells): key figures and verdict checks side by side, stitched equity overlaid, differences of study settings; written to SITE/compare/<ids>/."))
        var compare = false

        @Option(help: ArgumentHelp("The site folder to write.", valueName: "folder"), completion: Completions.folder)
        var out: String = "site"

        @Option(help: ArgumentHelp("A folder of templates overriding the built-in ones (report.md.mustache, run.html.mustache, index.html.mustache, assets/style.css).", valueName: "folder"),
                completion: Completions.folder)
        var templates: String?

        @Option(help: ArgumentHelp("Write the summary of one run or batch to commit next to its study: report.md and the charts it shows, without times, versions or per-window charts, the same bytes for the same study. Only files wfo wrote there (listed in DIR/.wfo-summary) are ever replaced.", valueName: "folder"),
                completion: Completions.folder)
        var summary: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if all, !runs.isEmpty { throw ValidationError("give run ids or --all, not both") }
            if compare, all { throw ValidationError("--compare takes the runs to compare, not --all") }
            if summary != nil, all || compare || runs.count > 1 {
                throw ValidationError("--summary writes one run or batch: give one run id or b<id> (default: the latest run)")
            }
        }

        func run() async throws {
            let templates: Templates
            do { templates = try Templates(overridingWith: self.templates) } catch { throw CommandFailure.badInput(error.description) }
            let runner = try database.open(readOnly: true)
            var ids: [Int64] = []
            var batches: [Int64] = []
            do throws(RunnerError) {
                for reference in runs {
                    switch reference {
                    case let .run(id): ids.append(id)
                    case let .batch(id):
                        batches.append(id)
                        ids += try runner.cells(ofBatch: id).compactMap(\.run.id)
                    }
                }
                if all {
                    ids = try runner.runs().compactMap(\.id).reversed()
                    batches = try runner.batches().compactMap(\.id).reversed()
                } else if ids.isEmpty, batches.isEmpty, let latest = try runner.latestRun()?.id {
                    ids = [latest]
                }
                for id in ids { _ = try runner.run(id: id) }
            } catch {
                throw CommandFailure(error)
            }
            if ids.isEmpty, batches.isEmpty, !all {
                throw CommandFailure.badInput("the database has no runs yet; start one with `wfo run STUDY.yaml`")
            }
            if let summary {
                try writeSummary(into: summary, runner: runner, templates: templates, batch: batches.first, run: ids.first)
                return
            }
            let generator = runner.reports(outputFolder: out, templates: templates)
            try ReportGenerator.checkForCommand(out)
            if compare {
                do { _ = try ComparisonData.canonical(ids) } catch { throw CommandFailure.badInput(error.description) }
                let runs: [RunRecord]
                do { runs = try ids.map { id throws(RunnerError) in try runner.run(id: id) } } catch { throw CommandFailure(error) }
                do {
                    // The comparison links each run's report: render the ones not there yet.
                    for run in runs where !generator.hasReport(ofRun: run) { try generator.renderRun(id: run.id) }
                    let folder = try generator.renderComparison(of: ids)
                    print("comparison of runs \(ids.sorted().map(String.init).joined(separator: ", ")): \(folder)/index.html")
                    try generator.renderIndex()
                } catch {
                    throw CommandFailure.failed(error.description)
                }
                return
            }
            do {
                for id in ids {
                    let folder = try generator.renderRun(id: id)
                    print("run \(id): \(folder)/index.html")
                }
                for id in batches {
                    let folder = try generator.renderBatch(id: id)
                    print("batch b\(id): \(folder)/index.html")
                }
                try generator.renderIndex()
                print("index: \((out as NSString).appendingPathComponent("index.html"))")
            } catch {
                throw CommandFailure.failed(error.description)
            }
        }
    }
}

extension WFO.Report {
    /// `--summary DIR`: the batch's summary when a batch was named, else the run's.
    func writeSummary(into folder: String, runner: StudyRunner, templates: Templates, batch: Int64?, run: Int64?) throws {
        let generator = runner.reports(outputFolder: folder, templates: templates)
        do throws(ReportError) {
            let names: [String]
            if let batch { names = try generator.writeSummary(ofBatch: batch, into: folder) } else {
                names = try generator.writeSummary(ofRun: run ?? 0, into: folder)
            }
            print("summary of \(batch.map { "batch b\($0)" } ?? "run \(run ?? 0)"): \(names.map { (folder as NSString).appendingPathComponent($0) }.joined(separator: ", "))")
        } catch {
            if case .notOurs = error { throw CommandFailure.badInput(error.description) }
            throw CommandFailure.failed(error.description)
        }
    }
}

extension ReportGenerator {
    /// ``checkOutputFolder(_:)`` for a command: a folder that is someone else's is bad input
    /// (exit 2), before anything is opened or written.
    static func checkForCommand(_ folder: String) throws(CommandFailure) {
        do { try checkOutputFolder(folder) } catch {
            if case .notOurs = error { throw .badInput(error.description) }
            throw .failed(error.description)
        }
    }
}
