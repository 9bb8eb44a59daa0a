import Charts
import Foundation

/// The marks of the verdict and its checks: passed, failed within MARGINAL, failed, not computed.
///
/// Markdown keeps the emoji (✅ ⚠️ ❌ ➖), which GitHub draws. HTML gets marks every font has —
/// ✓, !, ✗ and – in a coloured badge (`.mark.pass`, `.warn`, `.fail`, `.none` in `style.css`),
/// each with its meaning as a tooltip and for screen readers — because a machine without a
/// colour emoji font (Chromium on a bare Debian) draws the emoji as empty boxes: the headline
/// read "Verdict: □ NOT ROBUST".
enum CheckMarks {
    struct Mark {
        /// As the stored notes and Markdown write it.
        let emoji: String
        /// The CSS class of its badge.
        let kind: String
        /// What the badge shows.
        let glyph: String
        let meaning: String

        /// The badge, titled `title` (the meaning when nil).
        func badge(title: String? = nil) -> String {
            let title = CheckMarks.attribute(title ?? meaning)
            return "<span class=\"mark \(kind)\" title=\"\(title)\" role=\"img\" aria-label=\"\(title)\">\(glyph)</span>"
        }
    }

    static let passed = Mark(emoji: "✅", kind: "pass", glyph: "✓", meaning: "passed")
    static let marginal = Mark(emoji: "⚠️", kind: "warn", glyph: "!", meaning: "failed within MARGINAL")
    static let failed = Mark(emoji: "❌", kind: "fail", glyph: "✗", meaning: "failed")
    static let notComputed = Mark(emoji: "➖", kind: "none", glyph: "–", meaning: "not computed")
    static let all = [passed, marginal, failed, notComputed]
    /// The warning sign as some texts write it, without its emoji selector: ``marginal`` too.
    static let bareWarningSign = "⚠"

    /// The mark a note line starts with (`✅ Consistency score 0.8 (must be >= 0.5)`), if any.
    static func mark(of line: Substring) -> Mark? {
        all.first { line.hasPrefix($0.emoji) } ?? (line.hasPrefix(bareWarningSign) ? marginal : nil)
    }

    /// `html` with every mark's emoji in its text replaced by its badge. Only text between tags
    /// is touched: an emoji inside a tag (an attribute built from user text, such as a
    /// description table's `data-label`) or inside `<title>`, `<script>` or `<style>` stays as it
    /// is, so the badge's markup never lands where markup cannot go. A warning sign written
    /// without its emoji selector (`⚠`) is one too.
    static func inHTML(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count + 1_024)
        var rest = Substring(html)
        var rawElement: String?
        while !rest.isEmpty {
            guard let open = rest.firstIndex(of: "<") else {
                output += rawElement == nil ? badged(rest) : String(rest)
                break
            }
            output += rawElement == nil ? badged(rest[..<open]) : String(rest[..<open])
            let close = rest[open...].firstIndex(of: ">").map { rest.index(after: $0) } ?? rest.endIndex
            let tag = rest[open..<close]
            output += tag
            let name = tag.dropFirst().prefix { $0.isLetter || $0 == "/" }.lowercased()
            if ["title", "script", "style"].contains(name) { rawElement = name }
            if let raw = rawElement, name == "/" + raw { rawElement = nil }
            rest = rest[close...]
        }
        return output
    }

    /// `text` (no markup) with each mark's emoji replaced by its badge.
    private static func badged(_ text: Substring) -> String {
        guard text.contains(where: { !$0.isASCII }) else { return String(text) }
        let replaced = all.reduce(String(text)) { page, mark in page.replacingOccurrences(of: mark.emoji, with: mark.badge()) }
        return replaced.replacingOccurrences(of: bareWarningSign, with: marginal.badge())
    }

    /// A run's checks as badges in order, each titled with its note and its meaning
    /// (`Consistency score 0.42 (must be >= 0.5): failed within MARGINAL`); nil when the notes
    /// hold no check (no verdict yet).
    static func badges(notes: String?) -> String? {
        let badges = (notes ?? "").split(separator: "\n").compactMap { line -> String? in
            guard let mark = mark(of: line) else { return nil }
            let note = line.dropFirst(mark.emoji.count).drop { $0 == " " || $0 == "\u{FE0F}" }
            return mark.badge(title: "\(note): \(mark.meaning)")
        }
        return badges.isEmpty ? nil : badges.joined()
    }

    /// Text for a double-quoted HTML attribute.
    static func attribute(_ text: String) -> String { XMLEscaping.escape(text) }
}
