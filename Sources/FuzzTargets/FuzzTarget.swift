import Backtesting
import BinanceClient
import CandleImport
import Foundation
import MarketData
import Rules
import StudyFile

/// The parsers that read what users and servers hand us, as fuzzing targets.
///
/// Each takes arbitrary bytes and must return either a value or its module's error with a
/// message that names the input (`fuzz.yaml`, `fuzz.csv:LINE`, ...) — never trap, hang or
/// allocate without bound. ``run(_:)`` checks the message and traps on anything else, so a
/// fuzzer (or the regression test that replays every input that once failed) sees it.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A study file (YAML or JSON) through `StudyParser`, defaults and cross-checks included.
    case study
    /// A candle CSV (Binance klines or generic) through `CandleImporter.parse(csv:)`.
    case csv
    /// A ZIP archive of candle CSVs through `CandleImporter.parse(zip:)`.
    case zip
    /// A Binance `GET /api/v3/klines` answer body through the client's page reader.
    case klines
    /// One rule of a `strategy: rules` study through the rule parser and checker.
    case rules

    /// What became of one input.
    public enum Outcome: Equatable, Sendable {
        case accepted
        case refused(String)
    }

    /// 300 hourly candles of the synthetic market, for evaluating rules.
    static let market: Market = {
        let start = UTCTime.milliseconds(year: 2023, month: 1, day: 1)
        return try! Market(SyntheticMarket(seed: 1).candles(symbol: "BTCUSDT", timeframe: .oneHour, from: start, to: start + 300 * 3_600_000))
    }()

    /// Inputs larger than this are cut: the parsers' cost is linear and a fuzzer learns
    /// nothing more from megabytes.
    public static let largestInput = 1 << 20

    /// Runs one input; traps when a refusal does not say which input it is about.
    public func run(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        let input = UnsafeRawBufferPointer(rebasing: bytes.prefix(Self.largestInput))
        let outcome = evaluate(input)
        if case let .refused(message) = outcome {
            precondition(!message.isEmpty, "\(rawValue): an error without a message")
            precondition(saysWhere(message), "\(rawValue): the error does not say where the input is wrong: \(message)")
        }
        return outcome
    }

    public func run(_ data: Data) -> Outcome {
        data.withUnsafeBytes { run($0) }
    }

    /// Whether a refusal names the input and the place: the file (with the line for CSVs),
    /// or for a klines body (which has no name) the row or byte offset.
    public func saysWhere(_ message: String) -> Bool {
        switch self {
        case .study: message.contains("fuzz.yaml")
        case .csv: message.contains("fuzz.csv:")
        case .zip: message.contains("fuzz.zip")
        case .klines: message.contains("row") || message.contains("byte")
        case .rules: message.contains("\n    ") && message.hasSuffix("^")   // the rule, and a caret under the column
        }
    }

    private func evaluate(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        switch self {
        case .study:
            do {
                _ = try StudyParser.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz.yaml")
                return .accepted
            } catch {
                return .refused(error.description)
            }
        case .csv:
            do {
                _ = try CandleImporter.parse(csv: Array(bytes), file: "fuzz.csv", timeframe: .fiveMinutes)
                return .accepted
            } catch {
                return .refused(error.description)
            }
        case .zip:
            do {
                _ = try CandleImporter.parse(zip: Data(bytes), file: "fuzz.zip", symbol: "BTCUSDT", timeframe: .fiveMinutes)
                return .accepted
            } catch {
                return .refused(error.description)
            }
        case .klines:
            do {
                _ = try BinanceKlinesClient.candles(inBody: bytes, start: 0, to: .max, timeframe: .fiveMinutes)
                return .accepted
            } catch {
                return .refused(error.description)
            }
        case .rules:
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let rules = try RuleSet(texts: ["long_entry": text], parameterValues: ["p": [14], "k": [2], "x": [0.5]])
                // Evaluated too: a rule that checks must also compute, on any candles.
                let strategy = rules.strategy(parameters: ["p", "k", "x"].map { ParameterSpec($0, .number(0...100), default: nil, "") })
                let parameters = ParameterSet([("p", .number(14)), ("k", .number(2)), ("x", .number(0.5))])
                if let backtester = try? Backtester(strategy: strategy, parameters: parameters, market: Self.market, settings: SimulationSettings()) {
                    _ = backtester.summarize(range: 0..<Self.market.count)
                }
                return .accepted
            } catch {
                return .refused(error.failures.map(\.description).joined(separator: "\n"))
            }
        }
    }
}
