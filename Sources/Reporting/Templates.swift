import Foundation
import Mustache

/// The report templates: the embedded defaults, or a folder given with `--templates`
/// (files it lacks fall back to the defaults).
public struct Templates: Sendable {
    public static let runMarkdown = "report.md.mustache"
    public static let runHTML = "run.html.mustache"
    public static let index = "index.html.mustache"
    public static let batchMarkdown = "batch.md.mustache"
    public static let batchHTML = "batch.html.mustache"
    public static let compareMarkdown = "compare.md.mustache"
    public static let compareHTML = "compare.html.mustache"
    public static let styleSheet = "assets/style.css"
    /// Sorts a page's `table.sortable` when a heading is clicked (the index, a batch).
    public static let sortScript = "assets/sort.js"
    public static let assets = [styleSheet, sortScript]
    public static let names = [runMarkdown, runHTML, index, batchMarkdown, batchHTML, compareMarkdown, compareHTML] + assets

    let texts: [String: String]

    /// The embedded defaults.
    public static let embedded = Templates(texts: EmbeddedTemplates.files)

    /// The defaults overridden by the files of `folder`.
    /// - Throws: ``ReportError/badTemplate(_:_:)`` when the folder does not exist or a template does not parse.
    public init(overridingWith folder: String?) throws(ReportError) {
        var texts = EmbeddedTemplates.files
        if let folder {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw .badTemplate(folder, "no such folder; --templates takes a folder holding any of \(Self.names.joined(separator: ", "))")
            }
            for name in Self.names {
                let path = (folder as NSString).appendingPathComponent(name)
                if let data = FileManager.default.contents(atPath: path) {
                    guard let text = String(data: data, encoding: .utf8) else { throw .badTemplate(path, "not UTF-8 text") }
                    texts[name] = text
                }
            }
        }
        self.init(texts: texts)
        for name in Self.names where !Self.assets.contains(name) { _ = try template(name) }
    }

    init(texts: [String: String]) {
        self.texts = texts
    }

    func text(_ name: String) -> String { texts[name] ?? "" }

    func template(_ name: String) throws(ReportError) -> MustacheTemplate {
        Self.registerMarkdownContentType
        do { return try MustacheTemplate(string: text(name)) } catch {
            throw .badTemplate(name, "\(error)")
        }
    }

    /// `{{% CONTENT_TYPE: MARKDOWN }}` escapes `{{value}}` for Markdown (see ``Markdown/escape(_:)``).
    static let registerMarkdownContentType: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
    }()
}

struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { Markdown.escape(text) }
}

/// What can stop a report from being written.
public enum ReportError: Error, Sendable, CustomStringConvertible {
    case badTemplate(String, String)
    case cannotWrite(String, String)
    case storage(String)
    /// The runs asked for cannot be compared.
    case comparison(ComparisonError)
    /// The output folder holds a file wfo did not write where it would write one.
    case notOurs(String)

    public var description: String {
        switch self {
        case let .notOurs(path):
            "\(path) exists and was not written by wfo; wfo never overwrites it: choose another folder "
                + "(--dir / --out) or move it away"
        case let .badTemplate(name, reason): "template \(name): \(reason)"
        case let .cannotWrite(path, reason): "cannot write \(path): \(reason)"
        case let .storage(message): message
        case let .comparison(error): error.description
        }
    }
}
