import Testing
import Viewer

/// One hostile or odd request, written byte for byte, and the status it must get.
struct RawCase: Sendable, CustomTestStringConvertible {
    let name: String
    let request: [UInt8]
    /// The expected status; `nil` means the server closes without answering.
    let status: Int?
    /// Text the response must contain (for the few requests that succeed).
    let mustContain: String?
    /// Whether NIO's HTTP parser refuses the request before any Hummingbird or viewer
    /// code runs (Hummingbird then answers an empty 400 with `Connection: close`).
    var refusedByParser = false
    /// Whether the server answers but keeps the connection open (HTTP/1.0 without
    /// `Connection: close`: Hummingbird closes only on that header).
    var keepsConnectionOpen = false
    /// Whether the `Host` check refuses it (a plain-text answer, not an HTML page).
    var refusedByHostCheck = false

    var testDescription: String { self.name }

    /// The same case, expecting NIO's parser to refuse it.
    func refusedByTheParser() -> RawCase {
        var copy = self
        copy.refusedByParser = true
        return copy
    }

    /// The same case, expecting the `Host` check to refuse it.
    func refusedByTheHostCheck() -> RawCase {
        var copy = self
        copy.refusedByHostCheck = true
        return copy
    }

    /// The same case, expecting the server to leave the connection open after answering.
    func keepingConnectionOpen() -> RawCase {
        var copy = self
        copy.keepsConnectionOpen = true
        return copy
    }

    /// A well-formed HTTP/1.1 request with `Host` and `Connection: close`.
    init(_ name: String, _ method: String, _ target: String, _ status: Int?, mustContain: String? = nil) {
        self.init(name, raw: "\(method) \(target) HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", status, mustContain: mustContain)
    }

    /// Exactly these bytes.
    init(_ name: String, raw: String, _ status: Int?, mustContain: String? = nil) {
        self.init(name, bytes: Array(raw.utf8), status, mustContain: mustContain)
    }

    init(_ name: String, bytes: [UInt8], _ status: Int?, mustContain: String? = nil) {
        self.name = name
        self.request = bytes
        self.status = status
        self.mustContain = mustContain
    }
}

/// The traversal and bad-request corpus, each request sent over a raw socket to a
/// live server whose root sits next to planted secrets.
///
/// Statuses below 400 are the only ones allowed to carry a file; every response,
/// whatever its status, is searched for the planted markers and `/etc/passwd` content.
let rawCorpus: [RawCase] = [
    // Baselines: the server does serve its folder.
    RawCase("baseline index", "GET", "/index.html", 200, mustContain: SiteFixture.indexMarker),
    RawCase("baseline root folder", "GET", "/", 200, mustContain: SiteFixture.indexMarker),
    // Dot segments, raw and encoded.
    RawCase("raw ../ traversal", "GET", "/../../etc/passwd", 400),
    RawCase("raw .. after a folder", "GET", "/runs/../../outside/secret.txt", 400),
    RawCase("encoded %2e%2e/", "GET", "/%2e%2e/%2e%2e/etc/passwd", 400),
    RawCase("upper-case %2E%2E", "GET", "/%2E%2E/%2E%2E/etc/passwd", 400),
    RawCase("mixed .%2e", "GET", "/.%2e/.%2e/outside/secret.txt", 400),
    RawCase("trailing /.. segment", "GET", "/runs/x/..", 400),
    RawCase("single dot segment", "GET", "/./index.html", 400),
    RawCase("encoded single dot", "GET", "/runs/%2e/x/", 400),
    // Encoded separators.
    RawCase("..%2f encoded slash", "GET", "/..%2f..%2fetc%2fpasswd", 400),
    RawCase("upper-case %2F", "GET", "/runs%2Fx%2Findex.html", 400),
    RawCase("%2e%2e%5c encoded backslash", "GET", "/%2e%2e%5c%2e%2e%5cetc%5cpasswd", 400),
    RawCase("raw backslashes", "GET", "/runs\\..\\..\\etc\\passwd", 400),
    // Double encoding decodes once: a literal name that does not exist.
    RawCase("double-encoded %252e", "GET", "/%252e%252e/%252e%252e/etc/passwd", 404),
    RawCase("double-encoded slash %252f", "GET", "/..%252f..%252fetc%252fpasswd", 404),
    // Empty segments.
    RawCase("//etc/passwd", "GET", "//etc/passwd", 400),
    RawCase("empty segment mid-path", "GET", "/runs//x/", 400),
    // NUL and control characters.
    RawCase("encoded NUL alone", "GET", "/%00", 400),
    RawCase("encoded NUL before extension", "GET", "/index.html%00.txt", 400),
    RawCase("raw NUL in target", bytes: Array("GET /index.html".utf8) + [0] + Array(".txt HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".utf8), 400).refusedByTheParser(),
    RawCase("encoded newline", "GET", "/index.html%0d%0aX-Injected:%20yes", 400),
    // Bad escapes and bytes.
    RawCase("lone percent", "GET", "/%", 400),
    RawCase("non-hex escape", "GET", "/%zz", 400),
    RawCase("truncated escape", "GET", "/index.html%4", 400),
    RawCase("invalid UTF-8 %ff", "GET", "/%ff%fe", 400),
    RawCase("overlong UTF-8 dot %c0%ae", "GET", "/%c0%ae%c0%ae/etc/passwd", 400),
    // Length.
    RawCase("overlong 5000-byte path", "GET", "/" + String(repeating: "a", count: 5000), 414),
    RawCase("overlong 100 KB path", "GET", "/" + String(repeating: "a", count: 100_000), 400).refusedByTheParser(),
    RawCase("path at the 1024-byte limit", "GET", "/" + String(repeating: "b", count: 1023), 404),
    // Symlinks out of the root, and hidden files.
    RawCase("symlink to /etc", "GET", "/link-to-etc/passwd", 404),
    RawCase("symlink to /etc itself", "GET", "/link-to-etc/", 404),
    RawCase("symlink to a file outside", "GET", "/link-to-secret", 404),
    RawCase("symlink to a sibling sharing the root prefix", "GET", "/link-to-sibling", 404),
    RawCase("symlink to a folder outside", "GET", "/link-to-outside-dir/secret.txt", 404),
    RawCase("symlink inside to a hidden folder", "GET", "/link-to-git/config", 404),
    RawCase(".git/config", "GET", "/.git/config", 404),
    RawCase(".env", "GET", "/.env", 404),
    RawCase("encoded hidden %2egit", "GET", "/%2egit/config", 404),
    RawCase("named pipe is not served", "GET", "/fifo", 404),
    // Trailing dots and look-alikes are plain missing names on Linux.
    RawCase("trailing-dot file name", "GET", "/index.html.", 404),
    RawCase("trailing-dot folder name", "GET", "/runs./x/", 404),
    // The query and fragment are ignored.
    RawCase("traversal in the query", "GET", "/index.html?x=../../etc/passwd", 200, mustContain: SiteFixture.indexMarker),
    RawCase("absolute-form with traversal", "GET", "http://evil/../../etc/passwd", 400),
    RawCase("absolute-form to a real file", "GET", "http://evil/index.html", 200, mustContain: SiteFixture.indexMarker),
    // Methods.
    RawCase("POST", raw: "POST /index.html HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody", 405),
    RawCase("DELETE", "DELETE", "/", 405),
    RawCase("PUT over a traversal", raw: "PUT /../outside/secret.txt HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 405),
    RawCase("OPTIONS *", "OPTIONS", "*", 405),
    RawCase("unknown method BREW", "BREW", "/", 400).refusedByTheParser(),
    RawCase("lower-case method", "get", "/index.html", 400).refusedByTheParser(),
    RawCase("CONNECT", "CONNECT", "127.0.0.1:22", 405),
    // Malformed request lines and headers: refused by the HTTP parser before any route.
    RawCase("HTTP/9.9", raw: "GET / HTTP/9.9\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", 400).refusedByTheParser(),
    RawCase("request line without version", raw: "GET /\r\nHost: {HOST}\r\n\r\n", 400).refusedByTheParser(),
    RawCase("space in target", raw: "GET /a b.txt HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", 400).refusedByTheParser(),
    RawCase("header line without colon", raw: "GET / HTTP/1.1\r\nHost: {HOST}\r\nNoColonHere\r\nConnection: close\r\n\r\n", 400).refusedByTheParser(),
    RawCase("NUL in a header value", bytes: Array("GET / HTTP/1.1\r\nHost: {HOST}\r\nX-A: b".utf8) + [0] + Array("c\r\nConnection: close\r\n\r\n".utf8), 400).refusedByTheParser(),
    RawCase("Content-Length with Transfer-Encoding", raw: "GET / HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n", 400).refusedByTheParser(),
    RawCase("garbage instead of a request", raw: "\u{1}\u{2}\u{3} hello\r\n\r\n", 400).refusedByTheParser(),
    // Without Host nothing is served (RFC 9112: 400), whatever the path.
    RawCase("HTTP/1.1 without Host", raw: "GET /index.html HTTP/1.1\r\nConnection: close\r\n\r\n", 400).refusedByTheHostCheck(),
    RawCase("HTTP/1.0 without Host", raw: "GET /index.html HTTP/1.0\r\nConnection: close\r\n\r\n", 400).refusedByTheHostCheck(),
    RawCase("HTTP/1.0 traversal", raw: "GET /../../etc/passwd HTTP/1.0\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", 400),
    RawCase("HTTP/1.0 traversal, connection left open", raw: "GET /../../etc/passwd HTTP/1.0\r\nHost: {HOST}\r\n\r\n", 400).keepingConnectionOpen(),
    // Things that must work.
    RawCase("folder without slash redirects", "GET", "/runs/x", 301),
    RawCase("space as %20", "GET", "/a%20b.txt", 200, mustContain: "space in name"),
    RawCase("symlink inside the root", "GET", "/link-inside.html", 200, mustContain: SiteFixture.runMarker),
    RawCase("folder symlink inside the root", "GET", "/runs-alias/x/", 200, mustContain: SiteFixture.runMarker),
]

@Suite("Raw-socket traversal corpus")
struct RawSocketCorpusTests {
    @Test("The corpus has at least 30 hostile requests")
    func corpusIsLargeEnough() {
        #expect(rawCorpus.filter { ($0.status ?? 400) >= 400 }.count >= 30)
    }

    @Test("Each raw request gets its pinned status and nothing outside the folder", arguments: rawCorpus)
    func rawRequestGetsPinnedStatusAndLeaksNothing(_ testCase: RawCase) async throws {
        let site = try SiteFixture()
        let response = try await withLiveServer(root: site.root) { port in
            try await RawHTTP.exchange(testCase.request, port: port, timeout: testCase.keepsConnectionOpen ? 1 : 5)
        }
        #expect(response.timedOut == testCase.keepsConnectionOpen, "timed out: \(response.timedOut)")
        #expect(response.status == testCase.status, "got: \(response.text.prefix(300))")
        #expect(response.leakedMarkers.isEmpty, "leaked \(response.leakedMarkers)")
        if let text = testCase.mustContain {
            #expect(response.text.contains(text))
        }
        if let status = response.status, status >= 400 {
            // Error answers are never a file: either the parser's empty 400 or our own page.
            #expect(!response.text.contains(SiteFixture.indexMarker))
            if testCase.refusedByParser {
                #expect(response.headers["connection"] == "close")
                #expect(response.headers["content-length"] == "0")
                #expect(response.headers["content-type"] == nil)
            } else if testCase.refusedByHostCheck {
                #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
            } else {
                #expect(response.headers["content-type"] == "text/html; charset=utf-8")
                #expect(response.headers["x-content-type-options"] == "nosniff")
            }
        }
    }

    @Test("Pipelined requests are answered one by one, the hostile one refused")
    func pipelinedTraversalIsRefused() async throws {
        let site = try SiteFixture()
        let request = "GET /index.html HTTP/1.1\r\nHost: {HOST}\r\n\r\n"
            + "GET /%2e%2e/outside/secret.txt HTTP/1.1\r\nHost: {HOST}\r\n\r\n"
            + "GET /link-to-secret HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
        let response = try await withLiveServer(root: site.root) { port in
            try await RawHTTP.exchange(request, port: port)
        }
        #expect(response.statuses == [200, 400, 404], "\(response.text) timedOut=\(response.timedOut)")
        #expect(response.leakedMarkers.isEmpty)
    }

    @Test("The redirect keeps the path encoded and the query")
    func redirectKeepsQuery() async throws {
        let site = try SiteFixture()
        let response = try await withLiveServer(root: site.root) { port in
            try await RawHTTP.exchange("GET /runs-alias?tab=trades HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", port: port)
        }
        #expect(response.status == 301)
        #expect(response.headers["location"] == "/runs-alias/?tab=trades")
    }

    @Test("HEAD over a raw socket sends headers and no body")
    func headSendsNoBody() async throws {
        let site = try SiteFixture()
        let response = try await withLiveServer(root: site.root) { port in
            try await RawHTTP.exchange("HEAD /index.html HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", port: port)
        }
        #expect(response.status == 200)
        #expect(response.headers["content-length"] == String(SiteFixture.indexHTMLSize))
        #expect(response.body.isEmpty)
    }
}

extension SiteFixture {
    static var indexHTMLSize: Int { "<!doctype html><title>Runs</title><h1>\(indexMarker)</h1>\n".utf8.count }
}
