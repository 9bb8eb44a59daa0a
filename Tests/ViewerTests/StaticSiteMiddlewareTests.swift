import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Viewer

/// Runs `test` against the viewer application in process (no socket).
private func withViewer(
    _ site: SiteFixture,
    addRoutes: (Router<BasicRequestContext>) -> Void = { _ in },
    _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    // The in-process client sends `Host: localhost` with no port.
    let server = try ViewerServer(root: site.root, port: 0, allowedHosts: ["localhost"])
    addRoutes(server.router)
    try await server.makeApplication().test(.router, test)
}

@Suite("Static site HTTP logic")
struct StaticSiteMiddlewareTests {
    @Test("Each file gets its content type", arguments: [
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/chart.svg", "image/svg+xml"),
        ("/report.md", "text/markdown; charset=utf-8"),
        ("/trades.csv", "text/csv; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/image.png", "image/png"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/UPPER.HTML", "text/html; charset=utf-8"),
        ("/blob.bin", "application/octet-stream"),
        ("/LICENSE", "application/octet-stream"),
        ("/", "text/html; charset=utf-8"),
        ("/runs/x/", "text/html; charset=utf-8"),
    ])
    func fileGetsContentType(path: String, type: String) async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == type)
        }
    }

    @Test("A file response carries length, validators and safety headers")
    func fileResponseHeaders() async throws {
        let site = try SiteFixture()
        try site.touch("report.md", secondsSince1970: 784_111_777)
        try await withViewer(site) { client in
            let response = try await client.execute(uri: "/report.md", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "# Report\n")
            #expect(response.headers[.contentLength] == "9")
            #expect(response.headers[.lastModified] == "Sun, 06 Nov 1994 08:49:37 GMT")
            #expect(response.headers[.cacheControl] == "no-cache")
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            let tag = try #require(response.headers[.eTag])
            #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && tag.count > 2)
        }
    }

    @Test("HEAD has the headers of GET and no body")
    func headMatchesGetWithoutBody() async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let get = try await client.execute(uri: "/trades.csv", method: .get)
            let head = try await client.execute(uri: "/trades.csv", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            for name in [HTTPField.Name.contentType, .contentLength, .eTag, .lastModified, .cacheControl, .xContentTypeOptions] {
                #expect(head.headers[name] != nil)
                #expect(head.headers[name] == get.headers[name], "\(name)")
            }
        }
    }

    @Test("If-None-Match with the current tag gives 304 without body", arguments: [
        "{tag}", "\"old\", {tag}", "W/{tag}", "*",
    ])
    func ifNoneMatchGivesNotModified(header: String) async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let first = try await client.execute(uri: "/chart.svg", method: .get)
            let tag = try #require(first.headers[.eTag])
            let value = header.replacingOccurrences(of: "{tag}", with: tag)
            for method in [HTTPRequest.Method.get, .head] {
                let second = try await client.execute(uri: "/chart.svg", method: method, headers: [.ifNoneMatch: value])
                #expect(second.status == .notModified)
                #expect(second.body.readableBytes == 0)
                #expect(second.headers[.eTag] == tag)
                #expect(second.headers[.cacheControl] == "no-cache")
            }
        }
    }

    @Test("If-None-Match with another tag gives the file, even with a later If-Modified-Since")
    func staleTagGivesFile() async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let response = try await client.execute(
                uri: "/chart.svg", method: .get,
                headers: [.ifNoneMatch: "\"stale\"", .ifModifiedSince: "Fri, 01 Jan 2100 00:00:00 GMT"]
            )
            #expect(response.status == .ok)
            #expect(response.body.readableBytes > 0)
        }
    }

    @Test("If-Modified-Since at or after the file's time gives 304, before it the file")
    func ifModifiedSince() async throws {
        let site = try SiteFixture()
        try site.touch("data.json", secondsSince1970: 1_700_000_000)
        try await withViewer(site) { client in
            let same = try await client.execute(uri: "/data.json", method: .get, headers: [.ifModifiedSince: HTTPDate.format(1_700_000_000)])
            #expect(same.status == .notModified)
            #expect(same.body.readableBytes == 0)
            let later = try await client.execute(uri: "/data.json", method: .get, headers: [.ifModifiedSince: HTTPDate.format(1_700_000_100)])
            #expect(later.status == .notModified)
            let earlier = try await client.execute(uri: "/data.json", method: .get, headers: [.ifModifiedSince: HTTPDate.format(1_699_999_999)])
            #expect(earlier.status == .ok)
            let garbage = try await client.execute(uri: "/data.json", method: .get, headers: [.ifModifiedSince: "not a date"])
            #expect(garbage.status == .ok)
        }
    }

    @Test("An edited file gets a new tag")
    func editedFileGetsNewTag() async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let before = try await client.execute(uri: "/notes.txt", method: .get)
            try Data("notes, longer now\n".utf8).write(to: URL(fileURLWithPath: site.path("notes.txt")))
            let after = try await client.execute(uri: "/notes.txt", method: .get, headers: [.ifNoneMatch: before.headers[.eTag] ?? ""])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != before.headers[.eTag])
            #expect(String(buffer: after.body) == "notes, longer now\n")
        }
    }

    @Test("A folder without trailing slash redirects, keeping the query", arguments: [
        ("/runs/x", "/runs/x/"),
        ("/runs/x?tab=trades&y=1", "/runs/x/?tab=trades&y=1"),
        ("/runs", "/runs/"),
        ("/runs-alias", "/runs-alias/"),
        ("/runs/empty", "/runs/empty/"),
    ])
    func folderRedirects(path: String, location: String) async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .movedPermanently)
            #expect(response.headers[.location] == location)
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test("A folder with trailing slash serves its index.html")
    func folderServesIndex() async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let response = try await client.execute(uri: "/runs/x/", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains(SiteFixture.runMarker))
        }
    }

    @Test("Missing things get the 404 page, which does not echo the path", arguments: [
        "/missing.html", "/runs/empty/", "/runs/nope/", "/index.html/", "/%3Cscript%3Ealert(1)%3C%2Fscript%3E.html",
        "/%3Cscript%3Ealert(1).html", "/.git/config", "/link-to-secret",
    ])
    func missingGetsNotFoundPage(path: String) async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let response = try await client.execute(uri: path, method: .get)
            let page = String(buffer: response.body)
            if path.contains("%2F") {
                #expect(response.status == .badRequest)
            } else {
                #expect(response.status == .notFound)
                #expect(page.contains("404 Not Found"))
            }
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(!page.contains("script"))
            #expect(!page.contains("secret"))
        }
    }

    @Test("HEAD of a missing file is 404 without body")
    func headOfMissingFile() async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let response = try await client.execute(uri: "/missing.html", method: .head)
            #expect(response.status == .notFound)
            #expect(response.body.readableBytes == 0)
            #expect(response.headers[.contentLength] == String(ErrorPage.page(.notFound).utf8.count))
        }
    }

    @Test("Methods other than GET and HEAD get 405 with Allow", arguments: [
        HTTPRequest.Method.post, .put, .delete, .patch, .options, .trace, HTTPRequest.Method("PROPFIND")!,
    ])
    func otherMethodsGetMethodNotAllowed(method: HTTPRequest.Method) async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let response = try await client.execute(uri: "/index.html", method: method)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET, HEAD")
        }
    }

    @Test("Routes added for the runs API answer, and /api is never served from the folder")
    func apiRoutesAreLeftToTheRouter() async throws {
        let site = try SiteFixture()
        try FileManager.default.createDirectory(atPath: site.path("api"), withIntermediateDirectories: true)
        try Data("file, not API".utf8).write(to: URL(fileURLWithPath: site.path("api/runs.json")))
        try await withViewer(site, addRoutes: { router in
            router.get("/api/runs") { _, _ in "[]" }
            router.get("/api/runs/:id") { _, context -> String in
                guard context.parameters.get("id") == "1" else { throw HTTPError(.notFound) }
                return "{}"
            }
        }) { client in
            #expect(try await client.execute(uri: "/api/runs", method: .get).status == .ok)
            #expect(String(buffer: try await client.execute(uri: "/api/runs", method: .get).body) == "[]")
            #expect(try await client.execute(uri: "/api/runs/1", method: .get).status == .ok)
            // The route's own 404 is not replaced by a file or by the site's 404 page.
            let missingRun = try await client.execute(uri: "/api/runs/2", method: .get)
            #expect(missingRun.status == .notFound)
            #expect(!String(buffer: missingRun.body).contains("<html"))
            // A file under site/api is never served.
            #expect(try await client.execute(uri: "/api/runs.json", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/%61pi/runs.json", method: .get).status == .notFound)
            // Methods on /api are the router's business, not 405 from the file server.
            #expect(try await client.execute(uri: "/api/runs", method: .post).status == .notFound)
            // Everything else is still the folder.
            #expect(try await client.execute(uri: "/index.html", method: .get).status == .ok)
        }
    }

    @Test("A symlink inside the root that stays inside is served")
    func insideSymlinkIsServed() async throws {
        let site = try SiteFixture()
        try await withViewer(site) { client in
            let response = try await client.execute(uri: "/link-inside.html", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains(SiteFixture.runMarker))
        }
    }

    @Test("A file larger than the whole-read limit is streamed intact")
    func largeFileIsStreamed() async throws {
        let site = try SiteFixture()
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: site.path("big.bin")))
        let files = try LocalSiteFileSystem(root: site.root, wholeFileLimit: 1000, chunkSize: 4096)
        let router = Router()
        router.add(middleware: StaticSiteMiddleware(files: files))
        try await Application(router: router).test(.router) { client in
            let response = try await client.execute(uri: "/big.bin", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentLength] == "300000")
            #expect(Array(buffer: response.body) == bytes)
        }
    }
}
