import WalkForward

/// Monthly returns laid out as a year per row (January to December) with the year's total,
/// compounded: `(Π (1 + r_m / 100) − 1) × 100` over the months the year has.
struct MonthlyTable {
    struct Row {
        var year: Int
        /// Twelve months, nil where the curve has no point in that month.
        var months: [Double?]
        var total: Double
    }

    static let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    let rows: [Row]

    init(_ returns: [ReportSeries.MonthlyReturn]) {
        var rows: [Row] = []
        for monthly in returns.sorted(by: { ($0.year, $0.month) < ($1.year, $1.month) }) {
            if rows.last?.year != monthly.year { rows.append(Row(year: monthly.year, months: Array(repeating: nil, count: 12), total: 0)) }
            rows[rows.count - 1].months[monthly.month - 1] = monthly.returnPct
        }
        self.rows = rows.map { row in
            var row = row
            row.total = (row.months.compactMap { $0 }.reduce(1.0) { $0 * (1 + $1 / 100) } - 1) * 100
            return row
        }
    }

    /// The table as HTML, each cell's background green for a gain and red for a loss, its
    /// strength `0.08 + 0.5 · |r| / max |r|` (the largest monthly move of the table in full
    /// colour), the year's total coloured on the same scale; a month without a point is empty.
    func html() -> String {
        let largest = rows.flatMap { $0.months.compactMap { $0.map(abs) } }.max() ?? 0
        var html = "<table class=\"wide monthly\">\n<thead>\n<tr>\n<th align=\"right\">year</th>\n"
        for name in Self.names + ["total"] { html += "<th align=\"right\">\(name)</th>\n" }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>\n<td align=\"right\" data-label=\"year\">\(row.year)</td>\n"
            for (name, value) in zip(Self.names, row.months) { html += Self.cell(value, label: name, largest: largest) }
            html += Self.cell(row.total, label: "total", largest: largest, isTotal: true) + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private static func cell(_ value: Double?, label: String, largest: Double, isTotal: Bool = false) -> String {
        guard let value, value.isFinite else { return "<td align=\"right\" data-label=\"\(label)\"></td>\n" }
        let strength = largest > 0 ? 0.08 + 0.5 * Swift.min(1, abs(value) / largest) : 0.08
        let colour = value > 0 ? "26, 127, 55" : value < 0 ? "207, 34, 46" : "128, 128, 128"
        let weight = isTotal ? " class=\"total\"" : ""
        return "<td align=\"right\" data-label=\"\(label)\"\(weight) style=\"background-color: rgba(\(colour), "
            + Formatting.fixed(value == 0 ? 0.04 : strength, 3) + ")\">" + Formatting.percent(value) + "</td>\n"
    }

    /// Replaces the first table after the "Monthly returns" heading of a report's HTML with ``html()``.
    func replacingMarkdownTable(in body: String) -> String {
        guard let heading = body.range(of: "<h3>Monthly returns</h3>"),
              let start = body[heading.upperBound...].range(of: "<table"),
              let end = body[start.upperBound...].range(of: "</table>\n") else { return body }
        return String(body[..<start.lowerBound]) + html() + String(body[end.upperBound...])
    }
}
