import Foundation
import HTTPTypes
import Hummingbird

/// The checks every write of the runs API passes (POST of a study, DELETE, retry), in order:
///
/// 1. **Origin**: when the request carries `Origin`, it must be this server's own origin
///    (``HostAllowlist/isOwnOrigin(_:host:)``); `null` and every other site are 403. A
///    cross-site form or `fetch` always sends `Origin` with a POST.
/// 2. **Fetch metadata**: when the request carries `Sec-Fetch-Site`, it must be
///    `same-origin` or `none` (typed by the user); `cross-site` and `same-site` are 403.
/// 3. **Token**: with `--token`, `Authorization: Bearer TOKEN` (constant-time compare),
///    else 401; without a token, writes only on a loopback address, else 403.
/// 4. **Body type**: a study must come as `application/json`, `application/yaml`,
///    `application/x-yaml` or `text/yaml` (parameters such as `charset` allowed), else 415;
///    DELETE and retry take no body, and any `Content-Type` they carry must be one of these.
///    `text/plain`, `application/x-www-form-urlencoded` and `multipart/form-data` — what a
///    page can send without a CORS preflight — are never accepted.
///
/// ```swift
/// let guard = WriteGuard(hosts: allowlist, token: nil, boundHost: "127.0.0.1")
/// if let refusal = guard.refusal(for: request, needsBody: true) { return refusal }
/// ```
public struct WriteGuard: Sendable {
    public static let studyMediaTypes: Set<String> = ["application/json", "application/yaml", "application/x-yaml", "text/yaml"]

    public let hosts: HostAllowlist
    /// Required on writes when set.
    public let token: String?
    /// Whether writes are allowed without a token (a loopback address is bound).
    public let writesAllowedWithoutToken: Bool

    public init(hosts: HostAllowlist, token: String?, boundHost: String) {
        self.hosts = hosts
        self.token = token
        self.writesAllowedWithoutToken = Self.isLoopback(boundHost)
    }

    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The answer refusing this write, or nil when it may go on.
    ///
    /// - Parameter needsBody: Whether the write carries a study (POST of a run).
    public func refusal(for request: Request, needsBody: Bool) -> Response? {
        if let origin = request.headers[.origin] {
            guard self.hosts.isOwnOrigin(origin, host: request.head.authority ?? "") else {
                return PlainTextRefusal.response(.forbidden, "writes from another site are refused; use the viewer's own pages or a client without an Origin header")
            }
        }
        if let site = request.headers[Self.secFetchSite], site != "same-origin", site != "none" {
            return PlainTextRefusal.response(.forbidden, "writes from another site are refused (Sec-Fetch-Site)")
        }
        if let token {
            let given = request.headers[.authorization] ?? ""
            guard Self.constantTimeEqual(given, "Bearer \(token)") else {
                return PlainTextRefusal.response(.unauthorized, "this server requires Authorization: Bearer TOKEN on writes",
                                                 extraHeaders: [.wwwAuthenticate: "Bearer"])
            }
        } else if !self.writesAllowedWithoutToken {
            return PlainTextRefusal.response(.forbidden, "writes are off: the server is bound to a non-loopback address without --token")
        }
        let mediaType = request.headers[.contentType].map(Self.mediaType)
        if let mediaType, !Self.studyMediaTypes.contains(mediaType) {
            return Self.unsupportedType(needsBody: needsBody)
        }
        if needsBody, mediaType == nil { return Self.unsupportedType(needsBody: true) }
        return nil
    }

    static func unsupportedType(needsBody: Bool) -> Response {
        PlainTextRefusal.response(.unsupportedMediaType, needsBody
            ? "send the study as Content-Type: application/json or application/yaml (also application/x-yaml, text/yaml)"
            : "this write takes no body; send none, or one typed application/json")
    }

    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!

    /// `Application/JSON; charset=utf-8` → `application/json`.
    static func mediaType(_ value: String) -> String {
        let bare = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return bare.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = x.count ^ y.count
        for index in 0..<max(x.count, y.count) {
            difference |= Int((index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0))
        }
        return difference == 0
    }
}
