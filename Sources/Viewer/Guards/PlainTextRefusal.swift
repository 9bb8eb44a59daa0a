import HTTPTypes
import Hummingbird
import NIOCore

/// A short plain-text answer for a request the viewer refuses before doing anything for it
/// (a foreign `Host`, a cross-site write, a body of the wrong type).
///
/// Nothing the client sent is echoed: the reason is one of the viewer's own sentences.
///
/// ```swift
/// PlainTextRefusal.response(.forbidden, "this server answers only requests for localhost, 127.0.0.1 or [::1]")
/// ```
public enum PlainTextRefusal {
    public static func response(_ status: HTTPResponse.Status, _ reason: String, extraHeaders: HTTPFields = [:]) -> Response {
        let text = reason + "\n"
        var headers = extraHeaders
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentLength] = String(text.utf8.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
