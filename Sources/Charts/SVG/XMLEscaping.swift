/// XML escaping for SVG text and attribute values.
///
/// Every user-supplied string (titles, labels, legend names, tooltips) goes through
/// here, so `<script>alert(1)</script>` shows up as text. The five XML specials become
/// entities (`&amp; &lt; &gt; &quot; &#39;`; `&#39;` rather than `&apos;` so the output is
/// also valid inside HTML). Characters XML 1.0 forbids (C0 controls other than tab,
/// newline and carriage return; U+FFFE and U+FFFF) are dropped, since no parser would
/// accept them even as references. The report pages use it for attributes they build
/// themselves (``escape(_:)``).
public enum XMLEscaping {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        append(text, to: &out)
        return out
    }

    static func append(_ text: String, to out: inout String) {
        // Fast path: nothing to escape.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 || $0 == 0xEF }) {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
    }
}
