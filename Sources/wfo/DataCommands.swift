import ArgumentParser
import CandleImport
import DataSources
import Foundation
import JSONText
import MarketData
import RunRecords
import RunRecords
import StudyRunner

extension WFO {
    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download Binance candles into the candle cache (only what it lacks).",
            discussion: "Pages are stored as they arrive: an interrupted fetch keeps what it got and the next one requests only the rest.")

        @Argument(help: "Symbols, e.g. BTCUSDT ETHUSDT.")
        var symbols: [String]

        @Option(help: "Candle interval: \(Timeframe.allSpellings).", completion: Completions.timeframe)
        var timeframe: String

        @Option(help: ArgumentHelp("First candle (UTC date or date-time).", valueName: "date"))
        var from: String

        @Option(help: ArgumentHelp("End, exclusive (UTC date or date-time).", valueName: "date"))
        var to: String

        @Option(help: ArgumentHelp("Binance REST host or a mirror.", valueName: "url"))
        var baseURL: String = "https://api.binance.com"

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let (timeframe, from, to) = try DataArguments.parse(timeframe: self.timeframe, from: self.from, to: self.to)
            for symbol in symbols where !DataArguments.isSymbol(symbol) {
                throw CommandFailure.badInput("\(symbol) is not a Binance symbol; write it like BTCUSDT")
            }
            guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
                throw CommandFailure.badInput("--base-url must start with http:// or https://")
            }
            let runner = try database.open()
            let progress = FetchProgressLine()
            let clock = ContinuousClock()
            for symbol in symbols {
                let start = clock.now
                do throws(RunnerError) {
                    let statistics = try await runner.fetchCandles(symbol: symbol, timeframe: timeframe, from: from, to: to, baseURL: baseURL) {
                        progress.show($0)
                    }
                    progress.finish()
                    let seconds = (clock.now - start) / .seconds(1)
                    print("\(symbol) \(timeframe.rawValue): \(statistics.candles) candles in \(statistics.requests) requests (\(statistics.retries) retries) in \(String(format: "%.1f", seconds)) s")
                } catch {
                    progress.finish()
                    throw CommandFailure(error)
                }
                try DataArguments.printCache(runner, symbol: symbol, timeframe: timeframe)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import candle files (Binance monthly CSV/ZIP dumps or generic CSV) into the candle cache.",
            discussion: "A Binance FILE.CHECKSUM beside a file is verified. Files, folders and globs are accepted.")

        @Argument(help: "Files, folders or glob patterns.", completion: Completions.candleFiles)
        var files: [String]

        @Option(help: "The symbol the candles are for, e.g. BTCUSDT.")
        var symbol: String

        @Option(help: "Candle interval: \(Timeframe.allSpellings).", completion: Completions.timeframe)
        var timeframe: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let timeframe = Timeframe(rawValue: self.timeframe) else {
                throw CommandFailure.badInput("--timeframe must be one of \(Timeframe.allSpellings), not \(self.timeframe)")
            }
            guard DataArguments.isSymbol(symbol) else { throw CommandFailure.badInput("\(symbol) is not a Binance symbol; write it like BTCUSDT") }
            let series: CandleSeries
            do { series = try CandleImporter.load(paths: files, symbol: symbol, timeframe: timeframe) } catch {
                throw CommandFailure.badInput(error.description)
            }
            let runner = try database.open()
            do { try runner.importCandles(series) } catch { throw CommandFailure(error) }
            print("imported \(series.count) candles")
            try DataArguments.printCache(runner, symbol: symbol, timeframe: timeframe)
        }
    }

    struct DataList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "data", abstract: "List what the candle cache holds.")

        @Flag(help: "Print the list as JSON.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let runner = try database.open(readOnly: true)
            let summaries: [CacheSummary]
            do { summaries = try runner.cacheSummaries() } catch { throw CommandFailure(error) }
            if json {
                print(JSONValue.array(summaries.map(DataArguments.json)).rendered(pretty: true))
            } else if summaries.isEmpty {
                print("the candle cache is empty; fill it with `wfo fetch` or `wfo import`")
            } else {
                summaries.forEach { print(DataArguments.line($0)) }
            }
        }
    }
}

/// Shared parsing and printing of the data commands.
enum DataArguments {
    static func parse(timeframe: String, from: String, to: String) throws -> (Timeframe, Int64, Int64) {
        guard let frame = Timeframe(rawValue: timeframe) else {
            throw CommandFailure.badInput("--timeframe must be one of \(Timeframe.allSpellings), not \(timeframe)")
        }
        guard let start = UTCTime.parse(from) else { throw CommandFailure.badInput("--from: \(from) is not a date like 2024-01-01") }
        guard let end = UTCTime.parse(to) else { throw CommandFailure.badInput("--to: \(to) is not a date like 2024-12-31") }
        guard end > start else { throw CommandFailure.badInput("--to must be after --from") }
        return (frame, start, end)
    }

    static func isSymbol(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 20 && text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    static func printCache(_ runner: StudyRunner, symbol: String, timeframe: Timeframe) throws {
        let summaries: [CacheSummary]
        do { summaries = try runner.cacheSummaries() } catch { throw CommandFailure(error) }
        if let summary = summaries.first(where: { $0.symbol == symbol && $0.timeframe == timeframe }) {
            print("cache: " + line(summary))
        } else {
            print("cache: no \(symbol) \(timeframe.rawValue) candles")
        }
    }

    /// `BTCUSDT 5m: 2024-01-01T00:00:00Z .. 2025-01-01T00:00:00Z, 105408 candles, no gaps`.
    static func line(_ summary: CacheSummary) -> String {
        let end = summary.lastOpenTime + summary.timeframe.milliseconds
        let gaps = summary.gaps == 0 ? "no gaps"
            : "\(summary.gaps) gap\(summary.gaps == 1 ? "" : "s") (\(summary.missingCandles) candles missing)"
        return "\(summary.symbol) \(summary.timeframe.rawValue): \(UTCTime.format(milliseconds: summary.firstOpenTime)) .. "
            + "\(UTCTime.format(milliseconds: end)), \(summary.count) candles, \(gaps)"
    }

    static func json(_ summary: CacheSummary) -> JSONValue {
        .object([
            ("symbol", .string(summary.symbol)), ("timeframe", .string(summary.timeframe.rawValue)),
            ("from", .string(UTCTime.format(milliseconds: summary.firstOpenTime))),
            ("to", .string(UTCTime.format(milliseconds: summary.lastOpenTime + summary.timeframe.milliseconds))),
            ("candles", .integer(Int64(summary.count))), ("gaps", .integer(Int64(summary.gaps))),
            ("missing_candles", .integer(Int64(summary.missingCandles))),
        ])
    }
}

/// `BTCUSDT: 42 pages, 41,000 of 105,408 candles, 12,300 candles/s` on a terminal.
final class FetchProgressLine: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let start = ContinuousClock.now

    func show(_ progress: CandleCacheFiller.Progress) {
        guard isTerminal else { return }
        let seconds = max((ContinuousClock.now - start) / .seconds(1), 0.001)
        let line = String(format: "\r\u{1B}[2K%@: %d pages, %d of %d candles, %.0f candles/s", progress.symbol,
                          progress.pages, progress.candles, progress.expectedCandles, Double(progress.candles) / seconds)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the line; again is harmless.
    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
