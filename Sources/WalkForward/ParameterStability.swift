import Backtesting
import Foundation

/// How much a parameter's chosen value moved from window to window (SPEC section 8).
public struct ParameterStability: Sendable, Hashable {
    public var name: String
    /// The best value of each completed window, in window order.
    public var values: [ParameterValue]
    /// For numeric parameters: mean, population standard deviation, and `σ / |μ|` (nil when μ = 0).
    public var mean: Double?
    public var standardDeviation: Double?
    public var coefficientOfVariation: Double?
    public var minimum: Double?
    public var maximum: Double?
    /// The value chosen most often (the earliest on a tie) and its share of windows, percent.
    public var mostFrequent: ParameterValue
    public var mostFrequentSharePct: Double
    public var distinctValues: Int

    /// One entry per searched parameter, from the windows' best parameters; empty without windows.
    public static func of(bestParameters: [ParameterSet]) -> [ParameterStability] {
        guard let first = bestParameters.first else { return [] }
        return first.names.map { name in
            let values = bestParameters.compactMap { $0[name] }
            var counts: [ParameterValue: Int] = [:]
            for value in values { counts[value, default: 0] += 1 }
            let top = values.first { counts[$0] == counts.values.max() } ?? values[0]
            let numbers = values.compactMap(\.number)
            var stability = ParameterStability(
                name: name, values: values, mostFrequent: top,
                mostFrequentSharePct: Double(counts[top] ?? 0) / Double(values.count) * 100,
                distinctValues: counts.count)
            if numbers.count == values.count {
                let mean = numbers.reduce(0, +) / Double(numbers.count)
                let deviation = (numbers.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(numbers.count)).squareRoot()
                stability.mean = mean
                stability.standardDeviation = deviation
                stability.coefficientOfVariation = mean != 0 ? deviation / abs(mean) : nil
                stability.minimum = numbers.min()
                stability.maximum = numbers.max()
            }
            return stability
        }
    }
}
