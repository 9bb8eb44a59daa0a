import Foundation
import MarketData
import RunRecords
import Storage

/// Deterministic number and date formatting for reports (no locale, same bytes everywhere).
enum Formatting {
    static let missing = "—"

    /// `12.34 %`, `-0.50 %`; "—" for nil.
    static func percent(_ value: Double?, decimals: Int = 2) -> String {
        guard let value, value.isFinite else { return missing }
        return fixed(value, decimals) + " %"
    }

    /// Walk-forward efficiency: `87.5 %`; for a run with a verdict but none, "n/a — in-sample not
    /// profitable" (SPEC section 8), or "n/a" where space is short; "—" before a verdict.
    static func efficiency(_ run: RunRecord, decimals: Int = 2, short: Bool = false) -> String {
        ofProfitableInSample(run.walkForwardEfficiency, computed: run.verdict != nil, decimals: decimals, short: short)
    }

    /// A ratio defined only for a profitable in-sample (walk-forward efficiency, performance
    /// drop and degradation): the percent, or once `computed` and nil, "n/a — in-sample not
    /// profitable" ("n/a" where space is short); "—" before it is computed.
    static func ofProfitableInSample(_ value: Double?, computed: Bool, decimals: Int = 2, short: Bool = false) -> String {
        guard computed, value == nil else { return percent(value, decimals: decimals) }
        return short ? "n/a" : "n/a — in-sample not profitable"
    }

    /// `1.23`; "—" for nil.
    static func number(_ value: Double?, decimals: Int = 2) -> String {
        guard let value, value.isFinite else { return missing }
        return fixed(value, decimals)
    }

    /// `10,523.40`.
    static func money(_ value: Double?) -> String {
        guard let value, value.isFinite else { return missing }
        let text = fixed(abs(value), 2)
        let parts = text.split(separator: ".")
        var integer = String(parts[0])
        var grouped = ""
        while integer.count > 3 {
            grouped = "," + integer.suffix(3) + grouped
            integer = String(integer.dropLast(3))
        }
        return (value < 0 ? "-" : "") + integer + grouped + "." + parts[1]
    }

    static func integer(_ value: Int?) -> String {
        value.map(String.init) ?? missing
    }

    static func date(_ milliseconds: Int64?) -> String {
        milliseconds.map(UTCTime.formatDate) ?? missing
    }

    static func dateTime(_ milliseconds: Int64?) -> String {
        milliseconds.map(UTCTime.format) ?? missing
    }

    /// `2024-03-01 14:05`: to the minute, for lists.
    static func minute(_ milliseconds: Int64?) -> String {
        milliseconds.map { String(UTCTime.format(milliseconds: $0).prefix(16)).replacingOccurrences(of: "T", with: " ") } ?? missing
    }

    /// Fixed decimals without a negative zero.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text
    }

    /// `btc-strategy-test`: lower-case ASCII letters and digits joined by single dashes, whole
    /// words up to ``slugLength`` characters.
    static func slug(_ name: String) -> String {
        var words: [String] = []
        var word = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        // Whole words up to `slugLength` (a number is never cut: `…-days-120`, not `…-days-12`);
        // a first word longer than that is cut, as there is nothing else to name the run by.
        var slug = ""
        for word in words {
            let next = slug.isEmpty ? word : slug + "-" + word
            if next.count > slugLength {
                if slug.isEmpty { slug = String(word.prefix(slugLength)) }
                break
            }
            slug = next
        }
        return slug.isEmpty ? "run" : slug
    }

    /// The longest slug (``slug(_:)``), in characters.
    static let slugLength = 60
}
