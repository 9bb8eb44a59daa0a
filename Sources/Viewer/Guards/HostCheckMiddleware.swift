import HTTPTypes
import Hummingbird

/// Refuses, before any route or file is looked at, every request whose `Host` does not name
/// this server (``HostAllowlist``): 403 with a plain-text reason. A request without `Host`
/// or with two is 400 (RFC 9112 §3.2). Added first to the router, so it also guards the
/// static files and the runs API alike.
///
/// ```swift
/// router.add(middleware: HostCheckMiddleware(hosts: allowlist))
/// ```
public struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    public let hosts: HostAllowlist

    public init(hosts: HostAllowlist, context: Context.Type = Context.self) {
        self.hosts = hosts
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // NIO moves the first `Host` into the authority; a second one stays among the fields.
        guard let host = request.head.authority, request.headers[values: HostAllowlist.hostField].isEmpty else {
            return PlainTextRefusal.response(.badRequest, "a request needs exactly one Host header")
        }
        guard self.hosts.accepts(host) else {
            return PlainTextRefusal.response(.forbidden, self.refusal)
        }
        return try await next(request, context)
    }


    /// What a refused client reads: the loopback names answered, never what it sent.
    var refusal: String {
        let port = self.hosts.port.map { " on port \($0)" } ?? ""
        // The --allowed-host names are not listed: a refused page should not learn them.
        return "this server answers only requests for \(HostAllowlist.loopbackNames.sorted().joined(separator: ", "))\(port)"
            + "; start wfo serve with --allowed-host NAME to add a name"
    }
}
