/// Reworks the tables cmark-gfm made of a report's Markdown so they read on any screen.
///
/// Every data cell gets `data-label="<its column's header>"`, and a table of more than
/// ``stackedFrom`` columns the class `wide`: on a narrow screen the stylesheet stacks such a
/// table's rows into cards, each cell labelled by its header (`td::before { content:
/// attr(data-label) }`), instead of hiding columns behind a horizontal scroll. Header texts are
/// cmark's escaped HTML with any tags removed, so they are safe inside an attribute.
enum HTMLTables {
    /// Tables with more columns than this stack on a phone; narrower ones fit as they are.
    static let stackedFrom = 4

    /// - Parameter stackedFrom: Tables with more columns than this get the class `wide`.
    static func labelled(_ html: String, stackedFrom: Int = HTMLTables.stackedFrom) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count + html.utf8.count / 4)
        var rest = Substring(html)
        while let start = rest.range(of: "<table>") {
            output += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: "</table>") else { break }
            output += labelledTable(rest[start.lowerBound..<end.upperBound], stackedFrom: stackedFrom)
            rest = rest[end.upperBound...]
        }
        output += rest
        return output
    }

    /// `html` with every cell of the column `label` (`<td data-label="LABEL">…</td>`, as
    /// ``labelled(_:stackedFrom:)`` wrote it, without other attributes) replaced, in document
    /// order, by what `rewrite` makes of its index among them and its inner HTML.
    static func rewritingCells(labelled label: String, in html: String, _ rewrite: (Int, Substring) -> String) -> String {
        let opening = "<td data-label=\"" + label + "\">"
        var output = ""
        output.reserveCapacity(html.utf8.count + html.utf8.count / 8)
        var rest = Substring(html)
        var index = 0
        while let start = rest.range(of: opening), let end = rest[start.upperBound...].range(of: "</td>") {
            output += rest[..<start.lowerBound]
            output += rewrite(index, rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
            index += 1
        }
        return output + rest
    }

    /// `html` with the table whose header holds `header` (cmark's `<th…>…</th>` as written)
    /// marked `compact` instead of `wide`: a table of short figures (a portfolio's contribution
    /// by symbol) that stays a table on a phone, in smaller type, where cards would make 25
    /// symbols 25 screens. Unchanged when no wide table has that header.
    static func compacting(tableWith header: String, in html: String) -> String {
        guard let found = html.range(of: header),
              let start = html[..<found.lowerBound].range(of: "<table class=\"wide\">", options: .backwards),
              !html[start.upperBound..<found.lowerBound].contains("</table>") else { return html }
        return html.replacingCharacters(in: start, with: "<table class=\"compact\">")
    }

    /// One `<table>…</table>` with its cells labelled.
    private static func labelledTable(_ table: Substring, stackedFrom: Int) -> String {
        let headers = cells(of: "th", in: table).map { stripTags($0) }
        var output = headers.count > stackedFrom ? "<table class=\"wide\">" : "<table>"
        var rest = table.dropFirst("<table>".count)
        var column = 0
        while let cell = rest.range(of: "<td") {
            guard let next = rest[cell.upperBound...].first, next == ">" || next == " " else { break }
            let before = rest[..<cell.lowerBound]
            if before.contains("<tr>") { column = 0 }
            output += before
            output += "<td"
            if column < headers.count, !headers[column].isEmpty { output += " data-label=\"" + headers[column] + "\"" }
            column += 1
            rest = rest[cell.upperBound...]
        }
        output += rest
        return output
    }

    /// The inner HTML of every `<tag>…</tag>` or `<tag …>…</tag>` in `html`, in order.
    private static func cells(of tag: String, in html: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = html
        while let open = rest.range(of: "<" + tag) {
            guard let next = rest[open.upperBound...].first, next == ">" || next == " " else {
                rest = rest[open.upperBound...]
                continue
            }
            guard let close = rest[open.upperBound...].range(of: ">"),
                  let end = rest[close.upperBound...].range(of: "</" + tag + ">") else { break }
            found.append(rest[close.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// `html` without its tags (cmark's text is already escaped, `"` as `&quot;`).
    static func stripTags(_ html: Substring) -> String {
        var text = ""
        var inTag = false
        for character in html {
            switch character {
            case "<": inTag = true
            case ">" where inTag: inTag = false
            default: if !inTag { text.append(character) }
            }
        }
        return text
    }
}
