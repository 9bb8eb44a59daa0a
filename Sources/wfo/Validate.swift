import ArgumentParser
import Foundation
import MarketData
import StudyFile

extension WFO {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a study file (every cell of a matrix) and print the windows and combinations it would run.",
            discussion: "Exit status 0 when valid, 2 with every problem (file, line, key) when not. Nothing is written.")

        @Argument(help: "The study file (YAML or JSON).", completion: Completions.study)
        var study: String

        func run() async throws {
            let parsed: Study
            do {
                switch try StudyParser.loadDocument(path: study) {
                case let .study(single): parsed = single
                case let .matrix(matrix): return try describe(matrix)
                }
            } catch let error as StudyError { throw CommandFailure.badInput(error.description) }
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
            print(lines.joined(separator: "\n"))
            for note in parsed.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        }

        /// A matrix: its axes and one line per cell.
        private func describe(_ matrix: StudyMatrix) throws {
            var lines = [
                "\(study): valid matrix of \(matrix.cells.count) cells — "
                    + matrix.axes.map { "\($0.key) [\($0.labels.joined(separator: ", "))]" }.joined(separator: " × "),
                matrix.name, "",
            ]
            var trials = 0
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
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
