import Foundation
import HTTPTypes
import Hummingbird
import StudyRunner
import Viewer

/// The comparison pages `wfo serve` answers, rendered from the database on each request and
/// written nowhere (a GET changes no file):
///
/// | method and path | answer |
/// | --- | --- |
/// | `GET /compare/?runs=3&runs=1` | the index page's form: 303 to `/compare/1-3/` (ids sorted), or 400 saying what to pick |
/// | `GET /compare/1-3/` | the comparison page (`compare.html.mustache`, its chart inline) |
/// | `GET /compare/1-3/report.md`, `…/equity.svg` | its Markdown and chart |
///
/// 2 to ``ComparisonData/largestCount`` distinct existing runs; an id without a run is 404, ids out
/// of order are 301 to their sorted page.
/// Messages are the viewer's own sentences: nothing the client sent is echoed.
public struct ComparisonPages: Sendable {
    public let pages: RunPages

    public init(pages: RunPages) {
        self.pages = pages
    }

    public func register<Context: RequestContext>(on router: Router<Context>) {
        let pages = self
        router.get("/compare") { request, _ in pages.picked(request) }
        router.get("/compare/:ids") { request, context in
            // `/compare/1-3` → `/compare/1-3/`, so the page's relative links resolve.
            guard request.uri.path.hasSuffix("/") else {
                return Response(status: .movedPermanently, headers: [.location: request.uri.path + "/", .contentLength: "0"])
            }
            return pages.file("index.html", ids: context.parameters.get("ids") ?? "")
        }
        router.get("/compare/:ids/:file") { _, context in
            pages.file(context.parameters.get("file") ?? "", ids: context.parameters.get("ids") ?? "")
        }
    }

    /// The form's answer: the canonical page of the ticked runs.
    func picked(_ request: Request) -> Response {
        let values = request.uri.queryParameters.getAll("runs")
        let ids = values.compactMap { Int64($0) }.filter { $0 > 0 }
        guard ids.count == values.count else {
            return PlainTextRefusal.response(.badRequest, "each runs value must be a run id (a positive whole number)")
        }
        let sorted: [Int64]
        do { sorted = try RunPages.canonicalComparison(ids) } catch {
            return PlainTextRefusal.response(.badRequest, error.description + " (tick them on the index page)")
        }
        return Response(status: .seeOther, headers: [.location: "/" + RunPages.comparisonFolder(sorted) + "/", .contentLength: "0"])
    }

    /// One file of the comparison `ids` (`1-3`), rendered now.
    func file(_ name: String, ids folderName: String) -> Response {
        let types = ["index.html": "text/html; charset=utf-8", "report.md": "text/markdown; charset=utf-8",
                     "equity.svg": "image/svg+xml"]
        guard let type = types[name], let ids = RunPages.comparisonIDs(folderName: folderName),
              let canonical = try? RunPages.canonicalComparison(ids) else {
            return PlainTextRefusal.response(.notFound, "no such comparison page; pick runs on the index page")
        }
        // `/compare/3-1/` is the page of `/compare/1-3/`.
        guard canonical == ids else {
            return Response(status: .movedPermanently, headers: [.location: "/" + RunPages.comparisonFolder(ids) + "/" + (name == "index.html" ? "" : name),
                                                                 .contentLength: "0"])
        }
        let files: [String: String]
        do { files = try pages.comparison(of: ids) } catch {
            switch error {
            case .noSuchRun(let message): return PlainTextRefusal.response(.notFound, message)
            case .notComparable(let message): return PlainTextRefusal.response(.badRequest, message)
            case .failed(let detail):
                FileHandle.standardError.write(Data("error: the comparison of runs \(ids.map(String.init).joined(separator: ", ")): \(detail)\n".utf8))
                return PlainTextRefusal.response(.internalServerError, error.description)
            }
        }
        let text = files[name] ?? ""
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentLength] = String(text.utf8.count)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
