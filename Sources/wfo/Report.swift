import ArgumentParser
import Foundation
import Reporting
import Storage

extension WFO {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render runs to HTML and Markdown reports with SVG charts, and the index of all runs.",
            discussion: """
                Writes SITE/index.html and, per run, SITE/runs/<id>-<slug>/ with index.html, report.md, equity.svg, \
                degradation.svg, parameters.svg, heatmap.svg, windows.csv and trades.csv; per batch (b<id>), \
                SITE/batches/<id>-<slug>/ with index.html, report.md, equity.svg, cells.csv and, for a walk-forward \
                matrix, wfe-matrix.svg and oos-matrix.svg, with every cell's run. Without RUN or --all, \
                the latest run is rendered. The same run always renders to the same bytes.
                """)

        @Argument(help: "Run ids, or b<id> for a batch and its runs, to render (default: the latest run).",
                  completion: Completions.runReference)
        var runs: [RunReference] = []

        @Flag(help: "Render every run and batch.")
        var all = false

        @Option(help: ArgumentHelp("The site folder to write.", valueName: "folder"), completion: Completions.folder)
        var out: String = "site"

        @Option(help: ArgumentHelp("A folder of templates overriding the built-in ones (report.md.mustache, run.html.mustache, index.html.mustache, assets/style.css).", valueName: "folder"),
                completion: Completions.folder)
        var templates: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if all, !runs.isEmpty { throw ValidationError("give run ids or --all, not both") }
        }

        func run() async throws {
            let templates: Templates
            do { templates = try Templates(overridingWith: self.templates) } catch { throw CommandFailure.badInput(error.description) }
            let database = try self.database.open(readOnly: true)
            var ids: [Int64] = []
            var batches: [Int64] = []
            do {
                for reference in runs {
                    switch reference {
                    case let .run(id): ids.append(id)
                    case let .batch(id):
                        batches.append(id)
                        ids += try database.cells(ofBatch: id).compactMap(\.run.id)
                    }
                }
                if all {
                    ids = try database.runs().compactMap(\.id).reversed()
                    batches = try database.batches().compactMap(\.id).reversed()
                } else if ids.isEmpty, batches.isEmpty {
                    guard let latest = try database.latestRun()?.id else {
                        throw CommandFailure.badInput("the database has no runs yet; start one with `wfo run STUDY.yaml`")
                    }
                    ids = [latest]
                }
                for id in ids { _ = try database.run(id: id) }
            } catch let error as StorageError {
                throw CommandFailure.badInput(error.description)
            }
            let generator = ReportGenerator(database: database, outputFolder: out, templates: templates, version: WFOVersion.current)
            try ReportGenerator.checkForCommand(out)
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
