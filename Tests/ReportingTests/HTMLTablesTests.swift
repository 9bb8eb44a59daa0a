import RunRecords
import Storage
import WalkForward
import Testing
@testable import Reporting

/// Tables that read on a phone: labelled cells, wide tables marked, months coloured.
struct HTMLTablesTests {
    @Test func everyCellIsLabelledByItsColumnsHeaderAndWideTablesAreMarked() {
        let html = Markdown.html(from: """
            | # | training | **IS** ROI | a "quoted" \\<b\\> |  x |
            | ---: | --- | ---: | --- | --- |
            | 1 | 2024-01-01 | 2.5 % | y | z |
            | 2 | 2024-02-01 | -1 % | | w |

            | figure | value |
            | --- | ---: |
            | ROI | 1 % |
            """)
        let labelled = HTMLTables.labelled(html)
        #expect(labelled.contains("<table class=\"wide\">"))
        #expect(labelled.components(separatedBy: "<table>").count == 2, "the two-column table is not wide")
        #expect(labelled.contains("<td data-label=\"#\" align=\"right\">1</td>"))
        #expect(labelled.contains("<td data-label=\"training\">2024-02-01</td>"))
        // Markup in a header is dropped; its escaped text stays escaped inside the attribute.
        #expect(labelled.contains("<td data-label=\"IS ROI\" align=\"right\">-1 %</td>"))
        #expect(labelled.contains("data-label=\"a &quot;quoted&quot; &lt;b&gt;\""))
        #expect(labelled.contains("<td data-label=\"value\" align=\"right\">1 %</td>"))
        // The second row starts again at the first column.
        #expect(labelled.contains("<td data-label=\"#\" align=\"right\">2</td>"))
        #expect(labelled.components(separatedBy: "<td").count == labelled.components(separatedBy: "data-label=").count)
        #expect(HTMLTables.labelled("<p>no table</p>") == "<p>no table</p>")
    }

    @Test func monthsAreColouredBySignAndSizeWithTheYearsCompoundedTotal() {
        let months = [(2024, 11, 2.0), (2024, 12, -4.0), (2025, 1, 1.0)].map { year, month, value in
            ReportSeries.MonthlyReturn(year: year, month: month, returnPct: value)
        }
        let table = MonthlyTable(months)
        #expect(table.rows.map(\.year) == [2024, 2025])
        #expect(abs(table.rows[0].total - ((1.02 * 0.96 - 1) * 100)) < 1e-12)
        #expect(table.rows[0].months.compactMap { $0 } == [2, -4])
        let html = table.html()
        // The largest move (-4 %) in full strength; +2 % at half; an empty month stays empty.
        #expect(html.contains("data-label=\"Dec\" style=\"background-color: rgba(207, 34, 46, 0.580)\">-4.00 %</td>"))
        #expect(html.contains("data-label=\"Nov\" style=\"background-color: rgba(26, 127, 55, 0.330)\">2.00 %</td>"))
        #expect(html.contains("<td align=\"right\" data-label=\"Jan\"></td>"))
        #expect(html.contains("class=\"total\""))
        let body = "<h3>Monthly returns</h3>\n<p>text</p>\n<table>\n<tr><td>old</td></tr>\n</table>\n<h2>next</h2>"
        let replaced = table.replacingMarkdownTable(in: body)
        #expect(!replaced.contains("old"))
        #expect(replaced.contains("<p>text</p>\n<table class=\"wide monthly\">"))
        #expect(replaced.hasSuffix("</table>\n<h2>next</h2>"))
    }
}
