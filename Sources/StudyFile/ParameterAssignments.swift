import Foundation
import Backtesting

/// Parses `rsi_period=14,rsi_oversold=30,sides=long` as given to `wfo backtest --params`.
public enum ParameterAssignments {
    /// Values typed by the strategy's specs: numbers for numeric parameters, words for
    /// choices, `true`/`false` for flags.
    /// - Throws: ``BacktestError/invalidParameter(_:)`` naming the assignment that is wrong.
    public static func parse(_ text: String, strategy: StrategyDefinition) throws(BacktestError) -> ParameterSet {
        var result = ParameterSet()
        for assignment in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = assignment.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .invalidParameter("--params: \"\(assignment)\" is not name=value; write e.g. rsi_period=14,rsi_oversold=30")
            }
            let (name, raw) = (parts[0], parts[1])
            guard let spec = strategy.spec(named: name) else {
                throw .invalidParameter("--params: " + strategy.unknownParameterMessage(name))
            }
            let value: ParameterValue
            switch spec.kind {
            case .integer, .number:
                guard let number = YAMLReader.parseNumber(raw) else {
                    throw .invalidParameter("--params: \(name) must be a number, got \(raw)")
                }
                value = .number(number)
            case .choice: value = .text(raw)
            case .flag:
                guard let flag = ["true": true, "false": false][raw.lowercased()] else {
                    throw .invalidParameter("--params: \(name) must be true or false, got \(raw)")
                }
                value = .flag(flag)
            }
            if let problem = spec.problem(with: value) { throw .invalidParameter("--params: \(problem)") }
            if result[name] != nil { throw .invalidParameter("--params: \(name) is given twice") }
            result[name] = value
        }
        return result
    }
}
