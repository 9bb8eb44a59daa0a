import ArgumentParser
import Foundation
import MarketData
import RunRecords
import StudyFile
import StudyRunner

extension WFO {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a study file (every cell of a matrix) and its data, and print the windows and combinations it would run.",
            discussion: """
                Checks what `wfo run` checks before it writes: the file, the windows, the candles (loaded and \
                validated, covering every window) and every parameter combination. A binance study's candles \
                are those of the candle cache of --db; what the cache lacks is noted (`wfo run` fetches it). \
                Exit status 0 when valid, 2 with every problem (file, line, key) when not, 1 or 75 when the \
                database is damaged or held. Nothing is written or fetched.
                """)

        @Argument(help: "The study file (YAML or JSON).", completion: Completions.study)
        var study: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let parsed: Study
            do {
                switch try StudyParser.loadDocument(path: study) {
                case let .study(single): parsed = single
                case let .matrix(matrix): return try describe(matrix)
                }
            } catch let error as StudyError { throw CommandFailure.badInput(error.description) }
            let validation: Validation
            let cache = try cache(for: [parsed])
            do { validation = try StudyRunner.validate(parsed, cacheOf: cache) } catch { throw CommandFailure(error) }
            let windows = try parsed.windowLayout.windows()
            var lines = [
                "\(study): valid",
                "\(parsed.name) — strategy \(parsed.strategy.name) on \(parsed.symbols.joined(separator: ", ")) \(parsed.timeframe.rawValue), data \(parsed.data.source.rawValue)",
                "calendar \(parsed.calendar.summary)" + (parsed.flatAtSessionClose ? "; flat at each session's close" : ""),
                "\(parsed.combinationCount) combinations per window (\(parsed.optimizationMethod.rawValue)), objective \(parsed.objective.rawValue), min_trades \(parsed.minTrades)",
                "search: \(parsed.searchSummary)",
                "\(windows.count) windows (\(parsed.windowMode.rawValue), train \(parsed.trainingWindowDays) d, test \(parsed.testingWindowDays) d, step \(parsed.stepDays) d, gap \(parsed.gapDays) d); \(windows.count * parsed.combinationCount) trials in all",
                "",
                "  #  training [start, end)                     testing [start, end)",
            ]
            for window in windows {
                let number = String(window.index + 1).leftPadded(to: 3)
                lines.append("\(number)  \(UTCTime.format(milliseconds: window.trainingStart)) .. \(UTCTime.format(milliseconds: window.trainingEnd))"
                    + "  \(UTCTime.format(milliseconds: window.testingStart)) .. \(UTCTime.format(milliseconds: window.testingEnd))")
            }
            if let checked = validation.checked {
                lines.append("")
                for summary in checked.candleSummaries {
                    lines.append("data: \(summary.symbol) \(summary.count) candles (\(parsed.warmupCandles) warm-up), \(summary.gaps)")
                }
            }
            print(lines.joined(separator: "\n"))
            let notes = validation.checked?.notes ?? parsed.notes
            for note in notes + validation.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            for warning in validation.checked?.dataWarnings ?? [] {
                FileHandle.standardError.write(Data("warning: gap in the data: \(warning)\n".utf8))
            }
        }

        /// The candle cache a binance study reads: `--db` opened read-only when the file is there.
        private func cache(for studies: [Study]) throws -> StudyRunner? {
            guard studies.contains(where: { $0.data.source == .binance }), FileManager.default.fileExists(atPath: database.path) else { return nil }
            return try database.open(readOnly: true)
        }

        /// A matrix: its axes and one line per cell.
        private func describe(_ matrix: StudyMatrix) throws {
            var lines = [
                "\(study): valid matrix of \(matrix.cells.count) cells — "
                    + matrix.axes.map { "\($0.key) [\($0.labels.joined(separator: ", "))]" }.joined(separator: " × "),
                matrix.name, "",
            ]
            var trials = 0
            let cache = try cache(for: matrix.cells.map(\.study))
            var problems: [String] = []
            var notes: [String] = []
            for cell in matrix.cells {
                do throws(RunnerError) {
                    notes += try StudyRunner.validate(cell.study, cacheOf: cache).notes.map { "\(matrix.describe(cell)): \($0)" }
                } catch where error.isBadInput {
                    problems.append("\(matrix.describe(cell)): \(error.description)")
                } catch {
                    throw CommandFailure(error)
                }
            }
            guard problems.isEmpty else {
                throw CommandFailure.badInput("\(problems.count) of the \(matrix.cells.count) cells of \(study) cannot run:\n"
                    + problems.joined(separator: "\n"))
            }
            for cell in matrix.cells {
                let study = cell.study
                let windows = try study.windowLayout.windows().count
                trials += windows * study.combinationCount
                lines.append("\(matrix.describe(cell)): \(windows) windows × \(study.combinationCount) combinations (\(study.strategy.name) on "
                    + "\(study.symbols.joined(separator: ", ")) \(study.timeframe.rawValue); train \(study.trainingWindowDays) d, "
                    + "test \(study.testingWindowDays) d, step \(study.stepDays) d)")
            }
            lines.append("")
            lines.append("\(trials) trials in all; `wfo run \(study)` runs every cell as one batch")
            print(lines.joined(separator: "\n"))
            for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
