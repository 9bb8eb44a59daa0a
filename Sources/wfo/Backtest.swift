import ArgumentParser
import Backtesting
import DataSources
import Foundation
import JSONText
import MarketData
import StudyFile
import StudyRunner

extension WFO {
    struct Backtest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one backtest of a study's strategy with fixed parameters.",
            discussion: """
                Uses the study's symbols, timeframe, data source, sizing and fees. Parameters searched \
                in parameter_ranges must be given with --params; strategy_params are used as written. \
                With source: binance the candles come from the candle cache of --db, filled first with \
                whatever it lacks (as wfo run does).
                """)

        @Argument(help: "The study file (YAML or JSON).", completion: Completions.study)
        var study: String

        @Option(help: ArgumentHelp("Parameter values, e.g. rsi_period=14,rsi_oversold=30,rsi_overbought=70.", valueName: "name=value,..."))
        var params: String = ""

        @Option(help: ArgumentHelp("Start of the period (UTC date or date-time); default the study's start_date.", valueName: "date"))
        var from: String?

        @Option(help: ArgumentHelp("End of the period, exclusive; default the study's end_date.", valueName: "date"))
        var to: String?

        @Flag(help: "Print the result as JSON.")
        var json = false

        @Option(help: ArgumentHelp("Write the trades to this CSV file.", valueName: "file"), completion: Completions.csvFile)
        var trades: String?

        @Option(help: ArgumentHelp("Write the equity at every close to this CSV file (with a portfolio's open positions and cash).", valueName: "file"),
                completion: Completions.csvFile)
        var equity: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let study: Study
            do { study = try StudyParser.load(path: self.study) } catch { throw CommandFailure.badInput(error.description) }
            let parameters = try resolveParameters(study)
            let from = try date(self.from, "--from") ?? study.startDate
            let to = try date(self.to, "--to") ?? study.endDate
            guard to > from else {
                throw CommandFailure.badInput("the period is empty: \(UTCTime.format(milliseconds: to)) is not after \(UTCTime.format(milliseconds: from))")
            }

            let clock = ContinuousClock()
            let loadStart = clock.now
            let market: Market
            // The database is opened only for the candle cache (binance): other sources need none.
            let cache = study.data.source == .binance ? try database.open() : nil
            let line = FetchProgressLine()
            defer { line.finish() }
            do {
                let loaded = try await StudyRunner.market(for: study, from: from, to: to, cacheOf: cache, fetchProgress: { line.show($0) })
                line.finish()
                market = loaded.market
                for warning in loaded.warnings {
                    FileHandle.standardError.write(Data("warning: gap in the data: \(warning)\n".utf8))
                }
            } catch {
                throw CommandFailure(error)
            }
            let loadTime = clock.now - loadStart
            let range = market.indexRange(fromTime: from, toTime: to)
            guard !range.isEmpty else { throw CommandFailure.badInput("no candles between --from and --to") }

            let backtestStart = clock.now
            let backtester: Backtester
            do {
                backtester = try Backtester(strategy: study.strategy, parameters: parameters, market: market,
                                            settings: study.simulationSettings)
            } catch { throw CommandFailure.badInput(error.description) }
            let result = backtester.run(range: range)
            let backtestTime = clock.now - backtestStart

            if let path = trades {
                do { try TradesCSV.write(result.trades, to: path) } catch {
                    throw CommandFailure.failed("cannot write \(path): \(error.localizedDescription)")
                }
            }
            if let path = equity {
                do { try EquityCSV.render(result).write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    throw CommandFailure.failed("cannot write \(path): \(error.localizedDescription)")
                }
            }
            let period = (market.openTimes[range.lowerBound],
                          market.openTimes[range.upperBound - 1] + study.timeframe.milliseconds)
            if json {
                print(BacktestReport.json(study: study, parameters: backtester.parameters, period: period, result: result)
                    .rendered(pretty: true))
            } else {
                print(BacktestReport.text(study: study, parameters: backtester.parameters, period: period, result: result))
                for context in market.contexts {
                    print("data: \(context.symbol) \(context.series.count) candles, \(context.series.gaps().summary())")
                }
                print("loaded \(market.count) candles (\(study.warmupCandles) warm-up) in \(milliseconds(loadTime)); "
                    + "backtest of \(range.count) candles in \(milliseconds(backtestTime))")
                if let path = trades { print("trades written to \(path)") }
                if let path = equity { print("equity written to \(path)") }
            }
        }

        /// strategy_params, overridden by --params; every searched parameter must be given.
        private func resolveParameters(_ study: Study) throws -> ParameterSet {
            let given: ParameterSet
            do { given = try ParameterAssignments.parse(params, strategy: study.strategy) } catch {
                throw CommandFailure.badInput(error.description)
            }
            let missing = study.parameterRanges.map(\.name).filter { given[$0] == nil }
            guard missing.isEmpty else {
                let example = study.parameterRanges.map { "\($0.name)=\($0.values[0])" }.joined(separator: ",")
                throw CommandFailure.badInput("--params must give the searched parameter\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); e.g. --params \(example)")
            }
            return given.overriding(study.strategyParams)
        }

        private func date(_ text: String?, _ option: String) throws -> Int64? {
            guard let text else { return nil }
            guard let time = UTCTime.parse(text) else {
                throw CommandFailure.badInput("\(option): \(text) is not a date like 2024-01-01 or 2024-01-01T00:00:00Z")
            }
            return time
        }

        private func milliseconds(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            return String(format: "%.2f ms", Double(seconds) * 1_000 + Double(attoseconds) / 1e15)
        }
    }
}
