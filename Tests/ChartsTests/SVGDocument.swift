import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A parsed SVG document for structural assertions (tests only: the library itself has
/// no Foundation dependency).
final class SVGNode {
    let name: String
    let attributes: [String: String]
    var children: [SVGNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// This node and everything under it, in document order.
    var descendants: [SVGNode] {
        [self] + children.flatMap(\.descendants)
    }

    func all(_ name: String) -> [SVGNode] { descendants.filter { $0.name == name } }

    func all(class kind: String) -> [SVGNode] { descendants.filter { $0.attributes["class"] == kind } }

    /// Text of this node and its descendants, concatenated.
    var allText: String { text + children.map(\.allText).joined() }

    /// The text of the `<title>` child, if any.
    var tooltip: String? { children.first { $0.name == "title" }?.allText }
}

final class SVGTreeBuilder: NSObject, XMLParserDelegate {
    var stack: [SVGNode] = []
    var root: SVGNode?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let node = SVGNode(name: elementName, attributes: attributeDict)
        stack.last?.children.append(node)
        if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

enum SVGDocument {
    /// Parses `svg` as XML and checks what every chart must satisfy: it is well-formed, its
    /// root is `<svg>` with width, height and viewBox, and it holds no `NaN` or `inf`.
    static func parse(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SVGNode {
        #expect(!svg.contains("NaN"), "output contains NaN", sourceLocation: sourceLocation)
        #expect(!svg.contains("inf"), "output contains inf", sourceLocation: sourceLocation)
        let parser = XMLParser(data: Data(svg.utf8))
        let builder = SVGTreeBuilder()
        parser.delegate = builder
        let ok = parser.parse()
        #expect(ok, "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")", sourceLocation: sourceLocation)
        let root = try #require(builder.root, sourceLocation: sourceLocation)
        #expect(root.name == "svg", sourceLocation: sourceLocation)
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
        let width = try #require(root.attributes["width"], sourceLocation: sourceLocation)
        let height = try #require(root.attributes["height"], sourceLocation: sourceLocation)
        #expect(root.attributes["viewBox"] == "0 0 \(width) \(height)", sourceLocation: sourceLocation)
        #expect(!svg.contains("<style"), sourceLocation: sourceLocation)
        #expect(!svg.contains("<script"), sourceLocation: sourceLocation)
        return root
    }
}

/// Input that tries to break out of XML text and Markdown.
let hostileName = "<script>alert(1)</script> | *x* & \"q\" 'x'"
