import ArgumentParser
import Foundation
import Reporting
import RunRecords
import RunRecords
import StudyFile
import StudyRunner
import WalkForward

extension WFO.Run {
    /// `wfo run MATRIX.yaml`: every cell checked, then the batch created, then each cell run.
    func runMatrix(_ matrix: StudyMatrix) async throws {
        let usesCache = matrix.cells.contains { $0.study.data.source == .binance }
        let opened = usesCache ? try database.open() : nil
        let checked: CheckedMatrix
        do {
            let line = FetchProgressLine()
            defer { line.finish() }
            checked = try await StudyRunner.prepare(matrix, jobs: jobs, cacheOf: opened, fetchProgress: { line.show($0) })
            line.finish()
        } catch {
            throw CommandFailure(error)
        }
        if let fetched = checked.fetched, fetched.requests > 0 {
            FileHandle.standardError.write(Data("fetched \(fetched.candles) candles in \(fetched.requests) requests\n".utf8))
        }
        for note in checked.notes {
            FileHandle.standardError.write(Data("note: \(note)\n".utf8))
        }
        for warning in checked.dataWarnings {
            FileHandle.standardError.write(Data("warning: gap in the data: \(warning)\n".utf8))
        }
        let runner = makeRunner(try opened ?? database.open())
        let batch: BatchRecord
        do { batch = try runner.createBatch(checked) } catch { throw CommandFailure(error) }
        FileHandle.standardError.write(Data(("batch \(batch.reference): \(batch.name) — \(batch.totalCells) cells ("
            + batch.axisList.map { "\($0.labels.count) \($0.key)" }.joined(separator: " × ") + ")\n").utf8))
        try await executeBatch(batch.id, runner: runner)
    }

    /// `wfo run --resume b<id>`: the cells of the batch that are not finished.
    func resumeBatch(_ id: Int64) async throws {
        try await executeBatch(id, runner: makeRunner(try database.open()))
    }

    private func makeRunner(_ runner: StudyRunner) -> StudyRunner {
        let cancellation = CancellationFlag()
        Interruption.install(cancelling: cancellation)
        return configured(runner, cancellation: cancellation)
    }

    /// Runs the batch's unfinished cells, renders its pages as cells end, prints the summary
    /// and exits 0 when every cell completed, 1 when one failed, 130 when interrupted.
    ///
    /// Every cell's page is rendered before the cells run (pages to follow while they run, and
    /// those of cells finished earlier), then each cell's again when it ends; a page that fails
    /// then fails the command once the batch is done.
    private func executeBatch(_ id: Int64, runner: StudyRunner) async throws {
        let generator = noReport ? nil : runner.reports(outputFolder: out)
        if let generator, let cells = try? runner.cells(ofBatch: id) {
            for cell in cells { _ = try? generator.renderRun(id: cell.run.id) }
            _ = try? generator.renderBatch(id: id)
            try? generator.renderIndex()
        }
        var reportFailure: ReportError?
        let cells: [BatchCell]
        do {
            let line = FetchProgressLine()
            defer { line.finish() }
            cells = try await runner.executeBatch(id: id, fetchProgress: { line.show($0) }, cellEnded: { runID in
                guard let generator else { return }
                do throws(ReportError) {
                    try generator.renderRun(id: runID)
                    try generator.renderBatch(id: id)
                    try generator.renderIndex()
                } catch {
                    reportFailure = reportFailure ?? error
                }
            })
        } catch {
            throw CommandFailure(error)
        }
        let batch: BatchRecord
        let windows: [Int64: [WindowRecord]]
        do {
            batch = try runner.batch(id: id)
            windows = try runner.windows(ofCells: cells)
        } catch { throw CommandFailure(error) }
        print(BatchSummary.text(batch, cells: cells, windows: windows))
        if let generator {
            do {
                if let reportFailure { throw reportFailure }
                let folder = try generator.renderBatch(id: id)
                try generator.renderIndex()
                print("\nreport: \(folder)/index.html")
            } catch {
                throw CommandFailure.failed("the batch is stored, but its report failed: \(error); retry with `wfo report \(batch.reference)`")
            }
        }
        switch BatchTally(runs: cells.map(\.run)).status {
        case .completed: return
        case .running where detachment != nil: return   // each cell's merge job finishes it
        case .failed: throw ExitCode.failure
        default: throw ExitCode(130)
        }
    }
}
