import Foundation
import Testing
@testable import Viewer

@Suite("HTTP dates")
struct HTTPDateTests {
    @Test("Formats IMF-fixdate", arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_735_689_599, "Tue, 31 Dec 2024 23:59:59 GMT"),
        (4_102_444_800, "Fri, 01 Jan 2100 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
    ])
    func formatsIMFFixdate(seconds: Int64, text: String) {
        #expect(HTTPDate.format(seconds) == text)
    }

    @Test("Formatting agrees with Foundation for many instants")
    func formatAgreesWithFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var seconds: Int64 = -86_400 * 400
        while seconds < 4_200_000_000 {
            let text = HTTPDate.format(seconds)
            #expect(text == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
            #expect(HTTPDate.parse(text) == seconds)
            seconds += 7_654_321
        }
    }

    @Test("Parses the three HTTP date formats", arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ])
    func parsesAllThreeFormats(text: String) {
        #expect(HTTPDate.parse(text) == 784_111_777)
    }

    @Test("Refuses what is not an HTTP date", arguments: [
        "", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 32 Jan 1994 08:49:37 GMT",
        "Sun, 29 Feb 1900 00:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "1994-11-06T08:49:37Z", "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 199 08:49:37 GMT", "Sun, -6 Nov 1994 08:49:37 GMT",
    ])
    func refusesNonDates(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}

@Suite("Entity tags")
struct EntityTagTests {
    let metadata = FileMetadata(size: 44, modificationSeconds: 1_700_000_000, modificationNanoseconds: 123, inode: 27)

    @Test("A tag is strong, quoted, and changes with size, time and inode")
    func tagChangesWithEachField() {
        let tag = EntityTag.make(for: self.metadata)
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"))
        let others = [
            FileMetadata(size: 45, modificationSeconds: 1_700_000_000, modificationNanoseconds: 123, inode: 27),
            FileMetadata(size: 44, modificationSeconds: 1_700_000_000, modificationNanoseconds: 124, inode: 27),
            FileMetadata(size: 44, modificationSeconds: 1_700_000_001, modificationNanoseconds: 123, inode: 27),
            FileMetadata(size: 44, modificationSeconds: 1_700_000_000, modificationNanoseconds: 123, inode: 28),
        ]
        for other in others { #expect(EntityTag.make(for: other) != tag) }
    }

    @Test("If-None-Match matches the tag alone, in lists, weakly, and *")
    func ifNoneMatchMatches() {
        let tag = EntityTag.make(for: self.metadata)
        #expect(EntityTag.ifNoneMatch(tag, matches: tag))
        #expect(EntityTag.ifNoneMatch("\"nope\", \(tag)", matches: tag))
        #expect(EntityTag.ifNoneMatch("\"a,b\",\(tag)", matches: tag))
        #expect(EntityTag.ifNoneMatch("W/\(tag)", matches: tag))
        #expect(EntityTag.ifNoneMatch("*", matches: tag))
    }

    @Test("If-None-Match refuses other tags and malformed lists")
    func ifNoneMatchRefuses() {
        let tag = EntityTag.make(for: self.metadata)
        #expect(!EntityTag.ifNoneMatch("\"nope\"", matches: tag))
        #expect(!EntityTag.ifNoneMatch("", matches: tag))
        #expect(!EntityTag.ifNoneMatch(String(tag.dropFirst().dropLast()), matches: tag))
        #expect(!EntityTag.ifNoneMatch("\"unterminated, \(tag)", matches: tag))
        #expect(!EntityTag.ifNoneMatch("garbage \(tag)", matches: tag))
    }
}

@Suite("Conditional requests")
struct ConditionalRequestTests {
    @Test("If-None-Match decides alone when present")
    func ifNoneMatchWins() {
        #expect(!ConditionalRequest.isNotModified(ifNoneMatch: "\"other\"", ifModifiedSince: "Thu, 01 Jan 2099 00:00:00 GMT", entityTag: "\"x\"", lastModified: 0))
        #expect(ConditionalRequest.isNotModified(ifNoneMatch: "\"x\"", ifModifiedSince: "Thu, 01 Jan 1970 00:00:00 GMT", entityTag: "\"x\"", lastModified: 999))
    }

    @Test("If-Modified-Since compares whole seconds and ignores bad dates")
    func ifModifiedSince() {
        let when: Int64 = 784_111_777
        let header = HTTPDate.format(when)
        #expect(ConditionalRequest.isNotModified(ifNoneMatch: nil, ifModifiedSince: header, entityTag: "\"x\"", lastModified: when))
        #expect(ConditionalRequest.isNotModified(ifNoneMatch: nil, ifModifiedSince: header, entityTag: "\"x\"", lastModified: when - 1))
        #expect(!ConditionalRequest.isNotModified(ifNoneMatch: nil, ifModifiedSince: header, entityTag: "\"x\"", lastModified: when + 1))
        #expect(!ConditionalRequest.isNotModified(ifNoneMatch: nil, ifModifiedSince: "soon", entityTag: "\"x\"", lastModified: 0))
        #expect(!ConditionalRequest.isNotModified(ifNoneMatch: nil, ifModifiedSince: nil, entityTag: "\"x\"", lastModified: 0))
    }
}

@Suite("Content types")
struct ContentTypeTests {
    @Test("Each extension gets its media type", arguments: [
        ("index.html", "text/html; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("equity.svg", "image/svg+xml"),
        ("report.md", "text/markdown; charset=utf-8"),
        ("trades.csv", "text/csv; charset=utf-8"),
        ("data.json", "application/json"),
        ("heatmap.png", "image/png"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("notes.txt", "text/plain; charset=utf-8"),
        ("EQUITY.SVG", "image/svg+xml"),
        ("archive.tar.gz", "application/octet-stream"),
        ("LICENSE", "application/octet-stream"),
        ("runs.v1/README", "application/octet-stream"),
        ("blob.bin", "application/octet-stream"),
    ])
    func extensionMapsToMediaType(name: String, type: String) {
        #expect(ContentType.forFileName(name) == type)
    }
}
