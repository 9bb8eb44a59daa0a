import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// `robustness:` (the verdict's thresholds and the referee tests) and `overfitting:`.
extension StudyBuilder {
    mutating func robustness(_ entry: Located?) -> RobustnessThresholds {
        var thresholds = RobustnessThresholds()
        guard let entry, !entry.isNull else { return thresholds }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "robustness", "must be a mapping of thresholds, not \(entry.value.kindName)")
            return thresholds
        }
        let fields = Fields(pairs)
        checkKeys(fields, known: StudyParser.robustnessKeys, path: "robustness", line: entry.line)
        thresholds.maxDegradationPct = number(fields["max_degradation_pct"], "robustness.max_degradation_pct")
            ?? thresholds.maxDegradationPct
        thresholds.minConsistency = percent(fields["min_consistency"], "robustness.min_consistency", 0...100)
            ?? thresholds.minConsistency
        thresholds.minProfitableWindowsPct = percent(fields["min_profitable_windows_pct"], "robustness.min_profitable_windows_pct", 0...100)
            ?? thresholds.minProfitableWindowsPct
        // null turns an overfitting check off.
        if let entry = fields["max_pbo"] {
            thresholds.maxPBO = entry.isNull ? nil : probability(entry, "robustness.max_pbo")
        }
        if let entry = fields["min_median_dsr"] {
            thresholds.minMedianDSR = entry.isNull ? nil : probability(entry, "robustness.min_median_dsr")
        }
        if let entry = fields["max_spa_pvalue"] {
            thresholds.maxSPAPValue = entry.isNull ? nil : probability(entry, "robustness.max_spa_pvalue")
        }
        return thresholds
    }

    /// The data-snooping settings among `robustness:`'s keys (the mapping itself was checked
    /// by ``robustness(_:)``).
    mutating func snooping(_ entry: Located?) -> DataSnooping {
        var snooping = DataSnooping()
        guard let entry, case let .map(pairs) = entry.value else { return snooping }
        let fields = Fields(pairs)
        snooping.benchmark = choice(fields["benchmark"], "robustness.benchmark", DataSnooping.Benchmark.self) ?? snooping.benchmark
        if let length = fields["block_length"], !length.isNull {
            snooping.blockLength = number(length, "robustness.block_length", positive: true).flatMap { value in
                guard value >= 1 else {
                    report(length.line, "robustness.block_length",
                           "is the bootstrap's mean block length in days, at least 1, got \(ParameterValue.format(value)); remove it to choose it from the data")
                    return nil
                }
                return value
            }
        }
        snooping.resamples = integer(fields["spa_resamples"], "robustness.spa_resamples", 0...100_000) ?? snooping.resamples
        return snooping
    }

    mutating func overfitting(_ entry: Located?) -> Study.OverfittingSettings {
        var settings = Study.OverfittingSettings()
        guard let entry, !entry.isNull else { return settings }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "overfitting", "must be a mapping (cscv_blocks:, monte_carlo_paths:), not \(entry.value.kindName)")
            return settings
        }
        let fields = Fields(pairs)
        checkKeys(fields, known: StudyParser.overfittingKeys, path: "overfitting", line: entry.line)
        // 0 turns a statistic off.
        if let blocksEntry = fields["cscv_blocks"], let blocks = integer(blocksEntry, "overfitting.cscv_blocks", 0...20) {
            if blocks % 2 == 0 { settings.cscvBlocks = blocks } else {
                report(blocksEntry.line, "overfitting.cscv_blocks", "must be even (half the blocks train, half test), got \(blocks); 0 turns PBO off")
            }
        }
        if let pathsEntry = fields["monte_carlo_paths"], let paths = integer(pathsEntry, "overfitting.monte_carlo_paths", 0...1_000_000) {
            if paths == 0 || paths >= 100 { settings.monteCarloPaths = paths } else {
                report(pathsEntry.line, "overfitting.monte_carlo_paths", "must be at least 100 for its 5 % and 95 % bands, got \(paths); 0 turns it off")
            }
        }
        return settings
    }
}
