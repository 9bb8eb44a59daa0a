/// Rough text widths for layout, since an SVG writer cannot measure fonts.
///
/// Advance widths in em of DejaVu Sans, the widest of the fonts a viewer is likely to fall
/// back to (Segoe UI, San Francisco, Helvetica and Arial are 5–15 % narrower), grouped by
/// character class. Erring wide makes labels get room rather than overlap.
enum TextMetrics {
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            ems += advance(scalar)
        }
        return ems * size * (bold ? 1.1 : 1)
    }

    private static func advance(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "j", "l", "'", "I":
            return 0.29
        case " ", ".", ",", ":", ";", "|", "/", "\\", "(", ")", "[", "]", "!", "f", "t":
            return 0.36
        case "r", "\"", "{", "}":
            return 0.42
        case "_", "*", "^":
            return 0.5
        case "0"..."9", "$":
            return 0.64
        case "m":
            return 0.98
        case "w":
            return 0.82
        case "a"..."z", "?":
            return 0.62
        case "M", "%":
            return 0.95
        case "W", "@", "—":
            return 1.0
        case "A"..."Z", "&":
            return 0.78
        case "<", ">", "=", "+", "~", "#", "\u{2212}":
            return 0.84
        default:
            return scalar.value >= 0x2E80 ? 1.0 : 0.65
        }
    }

    /// `text`, cut with `…` so that it fits `maxWidth`.
    static func truncated(_ text: String, maxWidth: Double, size: Double, bold: Bool = false) -> String {
        guard width(text, size: size, bold: bold) > maxWidth else { return text }
        var result = ""
        var used = width("…", size: size, bold: bold)
        for character in text {
            let next = width(String(character), size: size, bold: bold)
            if used + next > maxWidth { break }
            result.append(character)
            used += next
        }
        return result + "…"
    }
}
