import ArgumentParser
import Foundation
import MarketData
import StudyFile

extension WFO {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a study file and print the windows and combinations it would run.",
            discussion: "Exit status 0 when valid, 2 with every problem (file, line, key) when not. Nothing is written.")

        @Argument(help: "The study file (YAML or JSON).")
        var study: String

        func run() async throws {
            let parsed: Study
            do { parsed = try StudyParser.load(path: study) } catch { throw CommandFailure.badInput(error.description) }
            let windows = try parsed.windowLayout.windows()
            var lines = [
                "\(study): valid",
                "\(parsed.name) — strategy \(parsed.strategy.name) on \(parsed.symbols.joined(separator: ", ")) \(parsed.timeframe.rawValue), data \(parsed.data.source.rawValue)",
                "\(parsed.combinationCount) combinations per window (\(parsed.optimizationMethod.rawValue)), objective \(parsed.objective.rawValue), min_trades \(parsed.minTrades)",
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
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
