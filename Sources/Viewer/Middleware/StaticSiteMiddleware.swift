import HTTPTypes
import Hummingbird

/// Serves the report folder for every request no route of the router claimed.
///
/// Added to a `Router`, it lets routes answer first and takes over only when the
/// router found no route (its `404`). Paths under a reserved first segment (`/api`
/// by default) are never claimed: they stay the router's, so a later runs API on the
/// same router keeps its own 404s and methods.
///
/// For everything else:
/// - only `GET` and `HEAD`; any other method is `405` with `Allow: GET, HEAD`;
/// - the target goes through ``SitePath`` (400, 404 or 414 when refused), then the
///   ``SiteFileProvider`` (404 for anything missing, hidden or outside the root);
/// - a folder URL without a trailing slash is `301` to the same path with `/`, query
///   kept; a folder with `/` serves its `index.html` (no listings);
/// - files carry `Content-Type` (``ContentType``), `Content-Length`, a strong `ETag`
///   (``EntityTag``), `Last-Modified` (``HTTPDate``), `Cache-Control: no-cache` and
///   `X-Content-Type-Options: nosniff`; `If-None-Match`/`If-Modified-Since` give `304`;
///   `HEAD` gets the headers of `GET` and no body, and never reads the file.
///
/// ```swift
/// let router = Router()
/// router.add(middleware: StaticSiteMiddleware(files: try LocalSiteFileSystem(root: "site")))
/// router.get("/api/runs") { _, _ in "[]" }   // still answered by the route
/// ```
public struct StaticSiteMiddleware<Context: RequestContext, Provider: SiteFileProvider>: RouterMiddleware {
    /// Where files come from.
    public let files: Provider
    /// First path segments left to the router (`api`).
    public let reservedPrefixes: Set<String>

    /// - Parameters:
    ///   - files: The file provider, usually a ``LocalSiteFileSystem``.
    ///   - reservedPrefixes: First segments this middleware never serves.
    ///   - context: The router's request context type.
    public init(files: Provider, reservedPrefixes: Set<String> = ["api"], context: Context.Type = Context.self) {
        self.files = files
        self.reservedPrefixes = reservedPrefixes
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            if self.isReserved(rawPath: request.uri.path) { throw error }
            return try await self.serve(request, routerNotFound: error)
        }
    }

    /// Answers a request the router had no route for.
    func serve(_ request: Request, routerNotFound: any Error) async throws -> Response {
        let isHead = request.method == .head
        guard request.method == .get || isHead else {
            return ErrorPage.response(.methodNotAllowed, extraHeaders: [.allow: "GET, HEAD"], isHead: false)
        }
        let path: SitePath
        do throws(SitePathRejection) {
            path = try SitePath(target: request.head.path ?? "")
        } catch {
            return ErrorPage.response(error.status, isHead: isHead)
        }
        if let first = path.segments.first, self.reservedPrefixes.contains(first) { throw routerNotFound }

        switch try await self.files.lookup(path.segments) {
        case .notFound:
            return ErrorPage.response(.notFound, isHead: isHead)
        case .file(let file):
            // `/report.md/` names a folder that is not there.
            guard !path.hasTrailingSlash else { return ErrorPage.response(.notFound, isHead: isHead) }
            return try await self.respond(with: file, name: path.segments.last ?? "", to: request)
        case .folder:
            guard path.hasTrailingSlash else {
                let location = path.encodedPath + "/" + (path.query.map { "?" + $0 } ?? "")
                return Response(status: .movedPermanently, headers: [.location: location, .contentLength: "0"])
            }
            guard case .file(let index) = try await self.files.lookup(path.segments + ["index.html"]) else {
                return ErrorPage.response(.notFound, isHead: isHead)
            }
            return try await self.respond(with: index, name: "index.html", to: request)
        }
    }

    /// The `200`, `304` or `HEAD` answer for one file.
    func respond(with file: SiteFile, name: String, to request: Request) async throws -> Response {
        let ifNoneMatch = request.headers[values: .ifNoneMatch]
        if ConditionalRequest.isNotModified(
            ifNoneMatch: ifNoneMatch.isEmpty ? nil : ifNoneMatch.joined(separator: ", "),
            ifModifiedSince: request.headers[.ifModifiedSince],
            entityTag: EntityTag.make(for: file.metadata),
            lastModified: file.metadata.modificationSeconds
        ) {
            return Response(status: .notModified, headers: Self.headers(for: file.metadata, name: name))
        }
        if request.method == .head {
            return Response(status: .ok, headers: Self.headers(for: file.metadata, name: name))
        }
        let opened: OpenedFile
        do {
            opened = try await self.files.open(file)
        } catch SiteFileProviderError.vanished {
            return ErrorPage.response(.notFound, isHead: false)
        }
        // Headers from the file as opened, so they describe exactly the bytes sent.
        var headers = Self.headers(for: opened.metadata, name: name)
        headers[.contentLength] = opened.body.contentLength.map(String.init)
        return Response(status: .ok, headers: headers, body: opened.body)
    }

    /// The headers of a file response (also sent with `HEAD` and `304`).
    static func headers(for metadata: FileMetadata, name: String) -> HTTPFields {
        [
            .contentType: ContentType.forFileName(name),
            .contentLength: String(metadata.size),
            .eTag: EntityTag.make(for: metadata),
            .lastModified: HTTPDate.format(metadata.modificationSeconds),
            .cacheControl: "no-cache",
            .xContentTypeOptions: "nosniff",
        ]
    }

    /// Whether a raw path starts with a reserved segment (`/api` or `/api/...`).
    func isReserved(rawPath: String) -> Bool {
        let first = rawPath.utf8.dropFirst().split(separator: UInt8(ascii: "/"), maxSplits: 1, omittingEmptySubsequences: false).first
        return first.map { self.reservedPrefixes.contains(String(decoding: $0, as: UTF8.self)) } ?? false
    }
}

extension SitePathRejection {
    /// The response status for this rejection (see ``statusCode``).
    var status: HTTPResponse.Status {
        switch self.statusCode {
        case 404: .notFound
        case 414: .uriTooLong
        default: .badRequest
        }
    }
}
