@testable import Reporting
import Testing

@Suite struct MarkdownTests {
    @Test func gitHubExtensionsAreOn() {
        let html = Markdown.html(from: """
            | a | b |
            | --- | ---: |
            | 1 | ~~2~~ |

            - [x] done
            - [ ] open

            see https://example.com
            """)
        #expect(html.contains("<table>"))
        #expect(html.contains("<td align=\"right\"><del>2</del></td>"))
        #expect(html.contains("type=\"checkbox\""))
        #expect(html.contains("<a href=\"https://example.com\">https://example.com</a>"))
    }

    @Test func rawHTMLInMarkdownIsNotPassedThrough() {
        let html = Markdown.html(from: "hello <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<iframe src=x></iframe>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<iframe"))
    }

    @Test func escapedTextRendersLiterallyEvenInATableCell() {
        let hostile = "<script>alert(1)</script> | *x* _y_ [link](javascript:alert(1)) `code` &amp; \\"
        let markdown = "| name |\n| --- |\n| \(Markdown.escape(hostile)) |\n"
        let html = Markdown.html(from: markdown)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<em>"))
        #expect(!html.contains("<a "))
        #expect(!html.contains("<code>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *x* _y_ [link](javascript:alert(1)) `code` &amp;amp; \\"))
        // One cell: the pipe did not split the row.
        #expect(html.components(separatedBy: "<td>").count == 2)
    }

    @Test func lineBreaksInEscapedTextBecomeSpaces() {
        #expect(Markdown.escape("a\nb\r\nc") == "a b c")
    }

    @Test func renderingIsDeterministic() {
        let text = "# Title\n\nSome *text* and a table:\n\n| a |\n| - |\n| 1 |\n"
        #expect(Markdown.html(from: text) == Markdown.html(from: text))
    }
}
