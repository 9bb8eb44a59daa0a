#if canImport(Glibc)
import Glibc
#endif
import CCmarkGFM

/// GitHub-flavoured Markdown to HTML with cmark-gfm (tables, strikethrough, autolinks,
/// tag filter and task lists), in safe mode: raw HTML in the Markdown is not passed
/// through, so a study description cannot inject markup into a report.
public enum Markdown {
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// The HTML of `markdown`; deterministic for the same input.
    public static func html(from markdown: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) { pointer in
                cmark_parser_feed(parser, pointer, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Text made safe to place inside a line of Markdown (a heading, a paragraph or a table
    /// cell) as literal text: the punctuation that can start inline markup is backslash-escaped
    /// (`\\ ` * [ ] < | ~ &`, and `_` at a word's edge, where it could start emphasis) and line
    /// breaks become spaces. Templates never put a value at the start of a line, where `-`,
    /// `#` or `1.` would start a block.
    public static func escape(_ text: String) -> String {
        let characters = Array(text)
        var escaped = ""
        escaped.reserveCapacity(characters.count + 8)
        for (index, character) in characters.enumerated() {
            switch character {
            case "\n", "\r", "\r\n":
                escaped.append(" ")
            case "\\", "`", "*", "[", "]", "<", "|", "~", "&":
                escaped.append("\\")
                escaped.append(character)
            case "_":
                let before = index > 0 ? characters[index - 1] : " "
                let after = index + 1 < characters.count ? characters[index + 1] : " "
                if !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber) { escaped.append("\\") }
                escaped.append(character)
            default:
                escaped.append(character)
            }
        }
        return escaped
    }
}
