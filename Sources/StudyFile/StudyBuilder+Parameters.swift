import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// `strategy_params` and `parameter_ranges`: values checked against the strategy's parameters.
extension StudyBuilder {
    mutating func strategyParams(_ entry: Located?, strategy: StrategyDefinition) -> ParameterSet {
        guard let entry, !entry.isNull else { return ParameterSet() }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "strategy_params", "must be a mapping of parameter: value, not \(entry.value.kindName)")
            return ParameterSet()
        }
        var result = ParameterSet()
        for (name, keyLine, value) in pairs {
            let path = "strategy_params.\(name)"
            guard let spec = strategy.spec(named: name) else {
                report(keyLine, path, strategy.unknownParameterMessage(name))
                continue
            }
            if let parameter = parameterValue(value, spec: spec, path: path) { result[name] = parameter }
        }
        return result
    }

    mutating func parameterRanges(_ entry: Located?, strategy: StrategyDefinition, fixed: ParameterSet) -> [ParameterSpace.Dimension] {
        guard let entry else { return [] }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "parameter_ranges", "must be a mapping of parameter: [values] or {from, to, step}, not \(entry.value.kindName)")
            return []
        }
        if pairs.isEmpty { report(entry.line, "parameter_ranges", "must name at least one parameter to search") }
        var ranges: [ParameterSpace.Dimension] = []
        for (name, keyLine, value) in pairs {
            let path = "parameter_ranges.\(name)"
            guard let spec = strategy.spec(named: name) else {
                report(keyLine, path, strategy.unknownParameterMessage(name))
                continue
            }
            if fixed[name] != nil {
                report(keyLine, path, "is also fixed in strategy_params; search it or fix it, not both")
            }
            guard let values = rangeValues(value, spec: spec, path: path) else { continue }
            ranges.append(ParameterSpace.Dimension(name: name, values: values))
        }
        return ranges
    }

    mutating func rangeValues(_ entry: Located, spec: ParameterSpec, path: String) -> [ParameterValue]? {
        var values: [ParameterValue] = []
        switch entry.value {
        case let .list(items):
            guard !items.isEmpty else {
                report(entry.line, path, "the list of values is empty; give at least one value")
                return nil
            }
            for (index, item) in items.enumerated() {
                guard let value = parameterValue(item, spec: spec, path: "\(path)[\(index)]") else { continue }
                if values.contains(value) {
                    report(item.line, "\(path)[\(index)]", "\(value) is listed twice; remove one")
                    continue
                }
                values.append(value)
            }
            return values.count == items.count ? values : nil
        case let .map(pairs):
            let fields = Fields(pairs)
            checkKeys(fields, known: ["from", "to", "step"], path: path, line: entry.line)
            guard let fromEntry = fields["from"], let toEntry = fields["to"] else {
                let missing = ["from", "to"].filter { fields[$0] == nil }.joined(separator: " and ")
                report(entry.line, path, "\(missing) is missing; a range needs from and to (and step), e.g. {from: 7, to: 21, step: 7}")
                return nil
            }
            guard let from = number(fromEntry, "\(path).from"), let to = number(toEntry, "\(path).to") else { return nil }
            let step = fields["step"].flatMap { number($0, "\(path).step") } ?? 1
            guard step > 0 else {
                report(fields["step"]?.line ?? entry.line, "\(path).step", "must be above 0")
                return nil
            }
            guard to >= from else {
                report(toEntry.line, "\(path).to", "\(ParameterValue.format(to)) is below from \(ParameterValue.format(from)); the range is empty, swap from and to")
                return nil
            }
            let steps = ((to - from) / step + 1e-9).rounded(.down)
            guard steps < 100_000 else {
                report(entry.line, path, "the range has \(ParameterValue.format(steps + 1)) values; use a larger step (at most 100000 values)")
                return nil
            }
            let count = Int(steps) + 1
            for index in 0..<count {
                // Rounded to 12 significant digits so 0.1 steps give 0.3, not 0.30000000000000004.
                let raw = from + Double(index) * step
                let value = Double(String(format: "%.12g", raw)) ?? raw
                if let problem = spec.problem(with: .number(value)) {
                    report(entry.line, path, problem)
                    return nil
                }
                values.append(.number(value))
            }
            return values
        default:
            report(entry.line, path, "must be a list of values like [7, 14, 21] or a range {from: 7, to: 21, step: 7}, not \(entry.value.kindName)")
            return nil
        }
    }

    /// A value typed by the parameter's kind and checked against its bounds.
    mutating func parameterValue(_ entry: Located, spec: ParameterSpec, path: String) -> ParameterValue? {
        let value: ParameterValue
        switch entry.value {
        case let .number(number): value = .number(number)
        case let .text(text): value = .text(text)
        case let .flag(flag): value = .flag(flag)
        default:
            report(entry.line, path, "must be a single value, not \(entry.value.kindName)")
            return nil
        }
        if let problem = spec.problem(with: value) {
            report(entry.line, path, problem)
            return nil
        }
        return value
    }
}
