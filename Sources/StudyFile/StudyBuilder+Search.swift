import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// `tpe:`, the settings of a TPE search.
extension StudyBuilder {
    /// `tpe:` — how a TPE search proposes; only with `optimization_method: tpe`.
    mutating func tpe(_ entry: Located?, method: Study.OptimizationMethod) -> Study.TPESettings {
        var settings = Study.TPESettings()
        guard let entry, !entry.isNull else { return settings }
        guard method == .tpe else {
            report(entry.line, "tpe", "applies to optimization_method: tpe; remove it or set optimization_method: tpe")
            return settings
        }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "tpe", "must be a mapping (batch_size:, startup_trials:, candidates:), not \(entry.value.kindName)")
            return settings
        }
        let fields = Fields(pairs)
        checkKeys(fields, known: StudyParser.tpeKeys, path: "tpe", line: entry.line)
        settings.batchSize = integer(fields["batch_size"], "tpe.batch_size", 1...10_000) ?? settings.batchSize
        settings.startupTrials = integer(fields["startup_trials"], "tpe.startup_trials", 1...10_000_000)
        settings.candidates = integer(fields["candidates"], "tpe.candidates", 1...10_000) ?? settings.candidates
        return settings
    }
}
