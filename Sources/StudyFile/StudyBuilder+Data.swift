import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// `data:`: the source, its path (with matrix placeholders), time zone and gap policy.
extension StudyBuilder {
    mutating func dataSettings(_ entry: Located?) -> Study.DataSettings {
        var settings = Study.DataSettings()
        guard let entry, !entry.isNull else { return settings }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "data", "must be a mapping (source:, path:, ...), not \(entry.value.kindName)")
            return settings
        }
        let fields = Fields(pairs)
        checkKeys(fields, known: StudyParser.dataKeys, path: "data", line: entry.line)
        if let source = choice(fields["source"], "data.source", Study.DataSettings.Source.self) { settings.source = source }
        if let pathEntry = fields["path"], !pathEntry.isNull {
            settings.path = text(pathEntry, "data.path")
            if let path = settings.path { checkPlaceholders(in: path, line: pathEntry.line) }
        }
        if let url = fields["base_url"], let text = text(url, "data.base_url") {
            if text.hasPrefix("http://") || text.hasPrefix("https://") {
                settings.baseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
            } else {
                report(url.line, "data.base_url", "must start with http:// or https://, got \(text)")
            }
        }
        if let seed = integer(fields["seed"], "data.seed", 0...Int.max) { settings.seed = UInt64(seed) }
        if let policy = choice(fields["on_gap"], "data.on_gap", Study.DataSettings.GapPolicy.self) { settings.onGap = policy }
        if let zoneEntry = fields["timezone"], let name = text(zoneEntry, "data.timezone") {
            settings.timeZone = timeZone(name, line: zoneEntry.line, path: "data.timezone")
        }
        settings.adjusted = flag(fields["adjusted"], "data.adjusted") ?? false
        for key in ["timezone", "adjusted"] where settings.source != .csv {
            if let entry = fields[key] { report(entry.line, "data.\(key)", "is read only with source: csv; remove it") }
        }
        if let entry = fields["calendar"], settings.source != .synthetic {
            report(entry.line, "data.calendar", "is how the synthetic market trades; for \(settings.source.rawValue) data say when the market trades with calendar: at the top level")
        }
        if settings.source == .csv, settings.path == nil {
            report(entry.line, "data.path", "is required with source: csv; give a file, folder or glob of candle files")
        }
        return settings
    }

    /// `{symbol}` and `{timeframe}` in `data.path` stand for the values of the matrix axes
    /// `symbols` and `timeframe` (``Study/DataSettings/path(symbol:timeframe:)``); any other
    /// `{word}`, or one whose axis the matrix lacks, is a mistake.
    mutating func checkPlaceholders(in path: String, line: Int) {
        for word in Study.DataSettings.placeholders(in: path) {
            guard let axis = Study.DataSettings.placeholderAxes[word] else {
                report(line, "data.path", "{\(word)} is not a placeholder; data.path may hold {symbol} and {timeframe}")
                continue
            }
            if !matrixAxes.contains(axis), !(axis == "symbols" && hasPortfolio) {
                report(line, "data.path", "{\(word)} stands for each value of the matrix axis \(axis), and "
                       + (matrixAxes.isEmpty ? "this study has no matrix:" : "the matrix has no axis \(axis)")
                       + "; add \(axis) to matrix:, or write the \(word) out in the path")
            }
        }
    }
}
