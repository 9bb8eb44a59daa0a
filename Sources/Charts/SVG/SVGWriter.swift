/// Writes one SVG document into a single pre-sized `String`.
///
/// Elements are written with presentation attributes only (no `<style>`, no scripts, no
/// ids), which is what GitHub and every SVG 1.1 viewer render. Coordinates go through
/// ``DecimalText/appendCoordinate(_:to:)`` (two decimals, never `NaN`); text goes through
/// ``XMLEscaping``.
struct SVGWriter {
    static let fontFamily = "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"

    enum Anchor: String {
        case start, middle, end
    }

    private(set) var text: String

    /// Opens `<svg>` with `width`, `height` and a matching `viewBox`, an accessible
    /// `<title>` and a white background (so the chart stays readable in dark mode).
    init(width: Double, height: Double, title: String, estimatedSize: Int = 16_384) {
        text = ""
        text.reserveCapacity(estimatedSize)
        text += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\""
        number(width)
        text += "\" height=\""
        number(height)
        text += "\" viewBox=\"0 0 "
        number(width)
        text += " "
        number(height)
        text += "\" role=\"img\" font-family=\"" + SVGWriter.fontFamily + "\" font-size=\"12\">\n"
        text += "<title>"
        escaped(title)
        text += "</title>\n"
        rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff")
    }

    /// A whole document written by another writer, nested at vertical offset `y` (its root
    /// `<svg>` keeps its size and `viewBox`; the namespace and version are the outer one's).
    mutating func nested(_ document: String, y: Double) {
        let opening = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
        precondition(document.hasPrefix(opening), "a document of SVGWriter")
        text += "<svg y=\""
        number(y)
        text += "\" "
        text.append(contentsOf: document.dropFirst(opening.count))
    }

    /// Closes the document and returns it.
    mutating func finish() -> String {
        text += "</svg>\n"
        return text
    }

    // MARK: Primitives

    mutating func raw(_ string: String) { text += string }

    mutating func number(_ value: Double) { DecimalText.appendCoordinate(value, to: &text) }

    mutating func escaped(_ string: String) { XMLEscaping.append(string, to: &text) }

    private mutating func attribute(_ name: String, _ value: Double) {
        text += " " + name + "=\""
        number(value)
        text += "\""
    }

    private mutating func attribute(_ name: String, _ value: String?) {
        guard let value else { return }
        text += " " + name + "=\""
        escaped(value)
        text += "\""
    }

    /// Ends an element: self-closing without a tooltip, else with a `<title>` child.
    private mutating func close(_ tag: String, tooltip: String?) {
        guard let tooltip else {
            text += "/>\n"
            return
        }
        text += "><title>"
        escaped(tooltip)
        text += "</title></" + tag + ">\n"
    }

    // MARK: Elements

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                       width: Double = 1, dash: String? = nil, roundCaps: Bool = false, kind: String? = nil) {
        text += "<line"
        attribute("class", kind)
        attribute("x1", x1)
        attribute("y1", y1)
        attribute("x2", x2)
        attribute("y2", y2)
        attribute("stroke", stroke)
        if width != 1 { attribute("stroke-width", width) }
        if roundCaps { text += " stroke-linecap=\"round\"" }
        attribute("stroke-dasharray", dash)
        text += "/>\n"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       fillOpacity: Double? = nil, stroke: String? = nil, strokeWidth: Double? = nil,
                       tooltip: String? = nil, kind: String? = nil) {
        text += "<rect"
        attribute("class", kind)
        attribute("x", x)
        attribute("y", y)
        attribute("width", Swift.max(0, width))
        attribute("height", Swift.max(0, height))
        attribute("fill", fill)
        if let fillOpacity { attribute("fill-opacity", fillOpacity) }
        attribute("stroke", stroke)
        if let strokeWidth { attribute("stroke-width", strokeWidth) }
        close("rect", tooltip: tooltip)
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String? = nil,
                         stroke: String? = nil, tooltip: String? = nil) {
        text += "<circle"
        attribute("cx", cx)
        attribute("cy", cy)
        attribute("r", r)
        attribute("fill", fill)
        attribute("stroke", stroke)
        close("circle", tooltip: tooltip)
    }

    /// A text element. `rotate` turns it by that many degrees around (x, y).
    /// - Parameter halo: a white outline behind the glyphs (`paint-order: stroke`), so a label
    ///   drawn over lines stays readable.
    mutating func text(_ string: String, x: Double, y: Double, size: Double? = nil,
                       anchor: Anchor = .start, fill: String = "#333333", weight: String? = nil,
                       italic: Bool = false, rotate: Double? = nil, halo: Bool = false, kind: String? = nil) {
        text += "<text"
        attribute("class", kind)
        attribute("x", x)
        attribute("y", y)
        if let size { attribute("font-size", size) }
        if anchor != .start { attribute("text-anchor", anchor.rawValue) }
        if halo { text += " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"" }
        attribute("fill", fill)
        attribute("font-weight", weight)
        if italic { text += " font-style=\"italic\"" }
        if let rotate {
            text += " transform=\"rotate("
            number(rotate)
            text += " "
            number(x)
            text += " "
            number(y)
            text += ")\""
        }
        text += ">"
        escaped(string)
        text += "</text>\n"
    }

    /// Starts a `<path>`; append the `d` data with ``moveTo(_:_:)`` / ``lineTo(_:_:)`` and
    /// finish with ``endPath(tooltip:)``.
    mutating func beginPath(stroke: String?, width: Double = 1, fill: String = "none",
                            fillOpacity: Double? = nil, dash: String? = nil, kind: String? = nil) {
        text += "<path"
        attribute("class", kind)
        attribute("fill", fill)
        if let fillOpacity { attribute("fill-opacity", fillOpacity) }
        attribute("stroke", stroke)
        if stroke != nil {
            attribute("stroke-width", width)
            text += " stroke-linejoin=\"round\" stroke-linecap=\"round\""
        }
        attribute("stroke-dasharray", dash)
        text += " d=\""
    }

    mutating func moveTo(_ x: Double, _ y: Double) {
        text += "M"
        number(x)
        text += ","
        number(y)
    }

    mutating func lineTo(_ x: Double, _ y: Double) {
        text += "L"
        number(x)
        text += ","
        number(y)
    }

    mutating func closePath() { text += "Z" }

    mutating func endPath(tooltip: String? = nil) {
        text += "\""
        close("path", tooltip: tooltip)
    }

    /// `<g …>` with optional presentation attributes inherited by its children.
    mutating func beginGroup(kind: String? = nil, fill: String? = nil, fillOpacity: Double? = nil,
                             stroke: String? = nil, fontSize: Double? = nil) {
        text += "<g"
        attribute("class", kind)
        attribute("fill", fill)
        if let fillOpacity { attribute("fill-opacity", fillOpacity) }
        attribute("stroke", stroke)
        if let fontSize { attribute("font-size", fontSize) }
        text += ">\n"
    }

    mutating func endGroup() { text += "</g>\n" }
}
