import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// Typed values of any section: flags, text, numbers, percents, integers, choices and dates,
/// each reported with its key path when it is not what the key takes.
extension StudyBuilder {
    mutating func checkKeys(_ fields: Fields, known: [String], path: String, line: Int) {
        for (key, keyLine, _) in fields.entries where !known.contains(key) {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            report(keyLine, keyPath, "unknown key" + didYouMean(key, among: known)
                   + (didYouMean(key, among: known).isEmpty ? "; known keys: \(known.joined(separator: ", "))" : ""))
        }
    }

    mutating func flag(_ entry: Located?, _ path: String) -> Bool? {
        guard let entry else { return nil }
        guard case let .flag(flag) = entry.value else {
            report(entry.line, path, "must be true or false, not \(entry.value.kindName)")
            return nil
        }
        return flag
    }

    mutating func text(_ entry: Located?, _ path: String) -> String? {
        guard let entry else { return nil }
        switch entry.value {
        case let .text(text): return text
        case let .number(number): return ParameterValue.format(number)
        default:
            report(entry.line, path, "must be text, not \(entry.value.kindName)")
            return nil
        }
    }

    mutating func number(_ entry: Located?, _ path: String, positive: Bool = false, quiet: Bool = false) -> Double? {
        guard let entry else { return nil }
        guard case let .number(number) = entry.value else {
            if !quiet { report(entry.line, path, "must be a number, not \(entry.value.kindName)" + Self.quotedNumberHint(entry.value)) }
            return nil
        }
        if positive, number <= 0 {
            if !quiet { report(entry.line, path, "must be above 0, got \(ParameterValue.format(number))") }
            return nil
        }
        return number
    }

    /// A number from 0 to 1 (a probability; null is handled by the caller).
    mutating func probability(_ entry: Located, _ path: String) -> Double? {
        guard let value = number(entry, path) else { return nil }
        guard (0...1).contains(value) else {
            report(entry.line, path, "is a probability between 0 and 1 (null turns the check off), got \(ParameterValue.format(value))")
            return nil
        }
        return value
    }

    mutating func percent(_ entry: Located?, _ path: String, _ range: ClosedRange<Double>) -> Double? {
        guard let entry, let value = number(entry, path) else { return nil }
        guard range.contains(value) else {
            report(entry.line, path, "must be between \(ParameterValue.format(range.lowerBound)) and \(ParameterValue.format(range.upperBound)) (percent), got \(ParameterValue.format(value))")
            return nil
        }
        return value
    }

    mutating func integer(_ entry: Located?, _ path: String, _ range: ClosedRange<Int>) -> Int? {
        guard let entry, let value = number(entry, path) else { return nil }
        guard let whole = Int(exactly: value), range.contains(whole) else {
            report(entry.line, path, "must be a whole number from \(range.lowerBound)\(range.upperBound == Int.max ? " up" : " to \(range.upperBound)"), got \(ParameterValue.format(value))")
            return nil
        }
        return whole
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ entry: Located?, _ path: String, _ type: Choice.Type) -> Choice?
    where Choice.RawValue == String {
        guard let entry else { return nil }
        let words = Choice.allCases.map(\.rawValue)
        guard case let .text(text) = entry.value else {
            report(entry.line, path, "must be one of \(words.joined(separator: " | ")), not \(entry.value.kindName)")
            return nil
        }
        guard let value = Choice(rawValue: text) else {
            report(entry.line, path, "unknown value \(text)" + didYouMean(text, among: words) + "; choose one of \(words.joined(separator: " | "))")
            return nil
        }
        return value
    }

    /// Dates as `2024-01-01`, `2024-01-01T00:00:00Z` or with an offset; UTC when no zone is given.
    mutating func date(_ entry: Located?, _ path: String, quiet: Bool = false) -> Int64? {
        guard let entry else { return nil }
        guard case let .text(text) = entry.value, let time = UTCTime.parse(text) else {
            if !quiet {
                report(entry.line, path, Self.notADay(entry.value)
                       ?? "must be a date like 2024-01-01 or 2024-01-01T00:00:00Z, not \(entry.value.kindName)")
            }
            return nil
        }
        return time
    }
}
