import HTTPTypes
import Hummingbird
import NIOCore

/// The small HTML pages the viewer answers with when it serves no file.
///
/// The requested path is never echoed, so nothing a client sends ends up in a page.
/// Every page carries the same safety headers as files (`nosniff`, `no-cache`). A
/// `HEAD` request gets the headers and no body.
///
/// ```swift
/// ErrorPage.response(.notFound, isHead: false)
/// ErrorPage.response(.methodNotAllowed, extraHeaders: [.allow: "GET, HEAD"], isHead: false)
/// ```
public enum ErrorPage {
    /// The page for a status.
    ///
    /// - Parameters:
    ///   - status: The status to answer with.
    ///   - extraHeaders: More headers, such as `Allow` for 405.
    ///   - isHead: Whether the request was `HEAD` (no body then).
    public static func response(_ status: HTTPResponse.Status, extraHeaders: HTTPFields = [:], isHead: Bool) -> Response {
        let html = page(status)
        var headers = extraHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentLength] = String(html.utf8.count)
        let body = isHead ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: html))
        return Response(status: status, headers: headers, body: body)
    }

    /// The HTML of the page for a status.
    public static func page(_ status: HTTPResponse.Status) -> String {
        let title = "\(status.code) \(status.reasonPhrase)"
        return """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(title)</title></head>
            <body>
            <h1>\(title)</h1>
            <p>\(explanation(status))</p>
            <p><a href="/">All runs</a></p>
            </body>
            </html>

            """
    }

    private static func explanation(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "This address is not a valid path inside the report folder."
        case 404: "There is no such page. The report may not have been generated yet."
        case 405: "The report viewer only answers GET and HEAD requests."
        case 414: "This address is too long."
        default: "The report viewer could not answer this request."
        }
    }
}
