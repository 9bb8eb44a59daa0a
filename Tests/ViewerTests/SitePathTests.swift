import Testing
@testable import Viewer

/// A request target and what `SitePath` must make of it.
struct SitePathCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable, Equatable {
        case segments([String], trailingSlash: Bool)
        case rejected(SitePathRejection)
    }

    let target: String
    let outcome: Outcome

    var testDescription: String { self.target.count > 60 ? "\(self.target.prefix(40))… (\(self.target.utf8.count) bytes)" : self.target }

    init(_ target: String, _ segments: [String], slash: Bool = false) {
        self.target = target
        self.outcome = .segments(segments, trailingSlash: slash)
    }

    init(_ target: String, _ rejection: SitePathRejection) {
        self.target = target
        self.outcome = .rejected(rejection)
    }
}

let sitePathCases: [SitePathCase] = [
    // Accepted.
    SitePathCase("/", [], slash: true),
    SitePathCase("/index.html", ["index.html"]),
    SitePathCase("/runs/1-btc/", ["runs", "1-btc"], slash: true),
    SitePathCase("/runs/1-btc", ["runs", "1-btc"]),
    SitePathCase("/runs/1-btc/report.md?tab=trades", ["runs", "1-btc", "report.md"]),
    SitePathCase("/index.html?x=../../etc/passwd", ["index.html"]),
    SitePathCase("/index.html#../../etc/passwd", ["index.html"]),
    SitePathCase("/report%20v2.md", ["report v2.md"]),
    SitePathCase("/caf%C3%A9.html", ["café.html"]),
    SitePathCase("/%252e%252e/x", ["%2e%2e", "x"]),
    SitePathCase("/index.html.", ["index.html."]),
    SitePathCase("/a..b/c...d", ["a..b", "c...d"]),
    SitePathCase("/%41%42c", ["ABc"]),
    SitePathCase("/" + String(repeating: "a", count: 1023), [String(repeating: "a", count: 1023)]),
    // 400: dot segments, raw and encoded.
    SitePathCase("/..", .dotSegment),
    SitePathCase("/../../etc/passwd", .dotSegment),
    SitePathCase("/runs/../index.html", .dotSegment),
    SitePathCase("/./index.html", .dotSegment),
    SitePathCase("/runs/.", .dotSegment),
    SitePathCase("/%2e%2e/etc/passwd", .dotSegment),
    SitePathCase("/%2E%2E/etc/passwd", .dotSegment),
    SitePathCase("/.%2e/etc/passwd", .dotSegment),
    SitePathCase("/%2e/index.html", .dotSegment),
    // 400: separators hidden in a segment.
    SitePathCase("/..%2fetc%2fpasswd", .encodedSlash),
    SitePathCase("/runs%2Fx", .encodedSlash),
    SitePathCase("/runs\\..\\etc", .backslash),
    SitePathCase("/%2e%2e%5cetc", .backslash),
    SitePathCase("/%5C", .backslash),
    // 400: empty segments.
    SitePathCase("//etc/passwd", .emptySegment),
    SitePathCase("/runs//x", .emptySegment),
    SitePathCase("//", .emptySegment),
    // 400: NUL and control characters.
    SitePathCase("/%00", .nulByte),
    SitePathCase("/index.html%00.txt", .nulByte),
    SitePathCase("/a\u{0}b", .nulByte),
    SitePathCase("/a%0d%0aSet-Cookie:x", .controlCharacter),
    SitePathCase("/a%7f", .controlCharacter),
    SitePathCase("/a b", .controlCharacter),
    SitePathCase("/a\tb", .controlCharacter),
    SitePathCase("/runs/x?tab=a\r\nLocation:%20evil", .controlCharacter),
    // 400: escapes and encodings.
    SitePathCase("/%", .invalidPercentEncoding),
    SitePathCase("/%4", .invalidPercentEncoding),
    SitePathCase("/%zz", .invalidPercentEncoding),
    SitePathCase("/%g0", .invalidPercentEncoding),
    SitePathCase("/%ff", .invalidUTF8),
    SitePathCase("/%c0%ae%c0%ae/etc", .invalidUTF8),
    // 400: not a path.
    SitePathCase("", .notAbsolute),
    SitePathCase("*", .notAbsolute),
    SitePathCase("index.html", .notAbsolute),
    SitePathCase("?x=1", .notAbsolute),
    // 414.
    SitePathCase("/" + String(repeating: "a", count: 1024), .tooLong),
    SitePathCase("/" + String(repeating: "a/", count: 2500), .tooLong),
    // 404: hidden.
    SitePathCase("/.git/config", .hidden),
    SitePathCase("/.env", .hidden),
    SitePathCase("/runs/.DS_Store", .hidden),
    SitePathCase("/%2egit/config", .hidden),
    SitePathCase("/...", .hidden),
    // A traversal wins over a hidden name: 400, not 404.
    SitePathCase("/.git/../index.html", .dotSegment),
]

@Suite("SitePath")
struct SitePathTests {
    @Test("The table has at least 30 rows")
    func tableIsLargeEnough() {
        #expect(sitePathCases.count >= 30)
    }

    @Test("Each target parses to its segments or its rejection", arguments: sitePathCases)
    func targetParsesToExpectedOutcome(_ testCase: SitePathCase) {
        let outcome: SitePathCase.Outcome
        do {
            let path = try SitePath(target: testCase.target)
            outcome = .segments(path.segments, trailingSlash: path.hasTrailingSlash)
        } catch {
            outcome = .rejected(error)
        }
        #expect(outcome == testCase.outcome)
    }

    @Test("Rejections map to 400, 404 and 414")
    func rejectionsMapToStatuses() {
        #expect(SitePathRejection.dotSegment.statusCode == 400)
        #expect(SitePathRejection.encodedSlash.statusCode == 400)
        #expect(SitePathRejection.nulByte.statusCode == 400)
        #expect(SitePathRejection.hidden.statusCode == 404)
        #expect(SitePathRejection.tooLong.statusCode == 414)
    }

    @Test("The encoded path and query are kept for redirects")
    func encodedPathAndQueryAreKept() throws {
        let path = try SitePath(target: "/runs/report%20v2?tab=a&b=c#frag")
        #expect(path.encodedPath == "/runs/report%20v2")
        #expect(path.query == "tab=a&b=c")
        #expect(try SitePath(target: "/runs").query == nil)
    }

    @Test("Decoding happens exactly once")
    func decodingHappensOnce() throws {
        #expect(try SitePath(target: "/%2525").segments == ["%25"])
    }
}
