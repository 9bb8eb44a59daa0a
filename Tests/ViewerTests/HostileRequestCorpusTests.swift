import DataSources
import Foundation
import Reporting
import RunRecords
import Storage
import StudyFile
import StudyRunner
import Synchronization
import TestSupport
import Testing
@testable import Viewer
@testable import WebAPI

/// A live viewer with the runs API, a data folder, and secrets planted around it, fresh for
/// each request of the hostile corpus.
///
/// ```
/// <tmp>/
///   wfo.sqlite          one COMPLETED-less PENDING run (id 1) for DELETE and retry
///   site/               the report site (wfo's: .wfo-site)
///   data/notes.csv      inside the data folder, not candles: holds the IN-FOLDER marker
///   data/link-out.csv -> ../outside/secret.csv
///   outside/secret.csv  OUTSIDE marker
/// ```
final class APIFixture: Sendable {
    static let outsideMarker = "WFO-API-OUTSIDE-SECRET-91c2"
    static let inFolderMarker = "WFO-API-IN-FOLDER-NOTES-3e7d"
    static let forbiddenMarkers = [outsideMarker, inFolderMarker, SiteFixture.passwdMarker, "root:"]

    let base: URL
    let database: WFODatabase
    let reports: ReportGenerator
    let runner: StudyRunner
    var site: String { base.appendingPathComponent("site").path }
    var dataFolder: String { base.appendingPathComponent("data").path }
    var outside: String { base.appendingPathComponent("outside").path }

    init() throws {
        let base = try CommandRunner.temporaryFolder()
        self.base = base
        for folder in ["data", "outside"] {
            try FileManager.default.createDirectory(at: base.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let data = base.appendingPathComponent("data").path
        try "note,\(Self.inFolderMarker)\n1,2\n".write(toFile: data + "/notes.csv", atomically: true, encoding: .utf8)
        try "timestamp,open,high,low,close,volume\n\(Self.outsideMarker),1,1,1,1,1\n"
            .write(toFile: base.appendingPathComponent("outside/secret.csv").path, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: data + "/link-out.csv", withDestinationPath: "../outside/secret.csv")
        database = try WFODatabase(path: base.appendingPathComponent("wfo.sqlite").path)
        reports = ReportGenerator(database: database, outputFolder: base.appendingPathComponent("site").path, version: "test")
        runner = StudyRunner(database: database, jobs: 1, version: "test")
        // Run 1, left INTERRUPTED, for the DELETE and retry cases.
        let prepared = try runner.createRun(try StudyRunner.check(try StudyParser.parse(RunsAPITests.study, path: "test")))
        try database.setStatus(.interrupted, ofRun: prepared.record.id, error: "interrupted")
        try reports.renderRun(id: prepared.record.id)
        try reports.renderIndex()
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    /// Every byte of the database and the site, by relative path.
    func snapshot() throws -> [String: Data] {
        FolderContents.files(in: base.path) { $0.hasPrefix("data") || $0.hasPrefix("outside") || $0.hasSuffix("-shm") }
    }

    /// Runs a live server with the runs API on this fixture.
    func withServer<Value: Sendable>(limits: ViewerLimits = ViewerLimits(), _ body: (Int) async throws -> Value) async throws -> Value {
        let rules = try SubmissionRules(dataDirectories: [dataFolder])
        let pages = runner.pages(outputFolder: site)
        let queue = RunQueue(runner: runner, pages: pages, workers: 1, capacity: limits.maximumPendingRuns, rules: rules)
        return try await withLiveServer(root: site, limits: limits, configure: { server in
            RunsAPI(runner: runner, pages: pages, queue: queue,
                    writeGuard: WriteGuard(hosts: server.hosts, token: nil, boundHost: "127.0.0.1"),
                    rules: rules, maximumBodyBytes: limits.maximumBodyBytes)
                .register(on: server.router)
        }, body)
    }
}

/// One hostile request to the viewer with its API, and the status it must get. `{HOST}` is
/// `127.0.0.1:PORT`, `{PORT}` the port, `{DATA}` and `{OUTSIDE}` the fixture's folders.
struct HostileCase: Sendable, CustomTestStringConvertible {
    let name: String
    let method: String
    let target: String
    /// Header lines, `Host` included (or left out on purpose).
    let headers: [String]
    let body: String
    let status: Int
    /// Whether the request may change the database or the site (only the accepted writes).
    var mayWrite = false
    var testDescription: String { name }

    init(_ name: String, _ method: String, _ target: String, headers: [String], body: String = "", _ status: Int) {
        self.name = name
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.status = status
    }

    func writing() -> HostileCase {
        var copy = self
        copy.mayWrite = true
        return copy
    }

    func request(fixture: APIFixture) -> String {
        let body = self.body.replacingOccurrences(of: "{DATA}", with: fixture.dataFolder)
            .replacingOccurrences(of: "{OUTSIDE}", with: fixture.outside)
        let length = body.isEmpty && (method == "GET" || method == "DELETE") ? [] : ["Content-Length: \(body.utf8.count)"]
        return "\(method) \(target) HTTP/1.1\r\n" + (headers + length + ["Connection: close"]).map { $0 + "\r\n" }.joined() + "\r\n" + body
    }
}

/// A study with `source: csv` reading `path` (JSON-escaped by the caller).
func csvStudy(_ path: String) -> String {
    RunsAPITests.study.replacingOccurrences(of: #""data": {"source": "synthetic", "seed": 4}"#,
                                            with: #""data": {"source": "csv", "path": "\#(path)"}"#)
}

let jsonBody = "Content-Type: application/json"
let ownHost = "Host: {HOST}"
let study = RunsAPITests.study

let hostileCorpus: [HostileCase] = [
    // Host: DNS rebinding names the attacker's domain; nothing but this server's names is answered.
    HostileCase("foreign Host, page", "GET", "/", headers: ["Host: evil.example:{PORT}"], 403),
    HostileCase("foreign Host, asset", "GET", "/assets/style.css", headers: ["Host: evil.example:{PORT}"], 403),
    HostileCase("foreign Host, API read", "GET", "/api/walkforward/", headers: ["Host: evil.example:{PORT}"], 403),
    HostileCase("foreign Host, POST", "POST", "/api/walkforward/", headers: ["Host: evil.example:{PORT}", jsonBody], body: study, 403),
    HostileCase("foreign Host, DELETE", "DELETE", "/api/walkforward/1/", headers: ["Host: evil.example:{PORT}"], 403),
    HostileCase("foreign Host, retry", "POST", "/api/walkforward/1/retry/", headers: ["Host: evil.example:{PORT}"], 403),
    HostileCase("localhost without the port", "GET", "/", headers: ["Host: localhost"], 403),
    HostileCase("localhost on another port", "GET", "/", headers: ["Host: localhost:1"], 403),
    HostileCase("port with a leading zero", "GET", "/", headers: ["Host: localhost:0{PORT}"], 403),
    HostileCase("port with a sign", "GET", "/", headers: ["Host: localhost:+{PORT}"], 403),
    HostileCase("two ports", "GET", "/", headers: ["Host: localhost:{PORT}:{PORT}"], 403),
    HostileCase("trailing dot", "GET", "/", headers: ["Host: localhost.:{PORT}"], 403),
    HostileCase("localhost as a subdomain", "GET", "/", headers: ["Host: localhost.evil.example:{PORT}"], 403),
    HostileCase("loopback IP as a subdomain", "GET", "/", headers: ["Host: 127.0.0.1.nip.io:{PORT}"], 403),
    HostileCase("userinfo before localhost", "GET", "/", headers: ["Host: evil.example@localhost:{PORT}"], 403),
    HostileCase("userinfo after the port", "GET", "/", headers: ["Host: localhost:{PORT}@evil.example"], 403),
    HostileCase("IPv4-mapped IPv6", "GET", "/", headers: ["Host: [::ffff:127.0.0.1]:{PORT}"], 403),
    HostileCase("IPv6 loopback without the port", "GET", "/", headers: ["Host: [::1]"], 403),
    HostileCase("IPv6 without brackets", "GET", "/", headers: ["Host: ::1:{PORT}"], 403),
    HostileCase("unclosed IPv6 bracket", "GET", "/", headers: ["Host: [::1:{PORT}"], 403),
    HostileCase("wildcard address", "GET", "/", headers: ["Host: 0.0.0.0:{PORT}"], 403),
    HostileCase("decimal IPv4", "GET", "/", headers: ["Host: 2130706433:{PORT}"], 403),
    HostileCase("short IPv4", "GET", "/", headers: ["Host: 127.1:{PORT}"], 403),
    HostileCase("percent-encoded name", "GET", "/", headers: ["Host: %6cocalhost:{PORT}"], 403),
    HostileCase("empty Host", "GET", "/", headers: ["Host: "], 403),
    HostileCase("two Host headers", "GET", "/", headers: [ownHost, "Host: evil.example"], 400),
    HostileCase("no Host", "GET", "/", headers: [], 400),
    HostileCase("own name, upper case", "GET", "/", headers: ["Host: LOCALHOST:{PORT}"], 200),
    HostileCase("own name, localhost", "GET", "/", headers: ["Host: localhost:{PORT}"], 200),
    HostileCase("own name, IPv6 loopback", "GET", "/api/walkforward/", headers: ["Host: [::1]:{PORT}"], 200),
    // Writes from other sites: Origin, fetch metadata, and body types a page can send without a preflight.
    HostileCase("cross-site text/plain post", "POST", "/api/walkforward/",
                headers: [ownHost, "Origin: http://evil.example", "Content-Type: text/plain"], body: study, 403),
    HostileCase("cross-site JSON post", "POST", "/api/walkforward/", headers: [ownHost, "Origin: http://evil.example", jsonBody], body: study, 403),
    HostileCase("Origin null", "POST", "/api/walkforward/", headers: [ownHost, "Origin: null", jsonBody], body: study, 403),
    HostileCase("Origin on another port", "POST", "/api/walkforward/", headers: [ownHost, "Origin: http://127.0.0.1:1", jsonBody], body: study, 403),
    HostileCase("Origin over https", "POST", "/api/walkforward/", headers: [ownHost, "Origin: https://127.0.0.1:{PORT}", jsonBody], body: study, 403),
    HostileCase("Origin of another own name", "POST", "/api/walkforward/",
                headers: [ownHost, "Origin: http://localhost:{PORT}", jsonBody], body: study, 403),
    HostileCase("Origin with a path", "POST", "/api/walkforward/", headers: [ownHost, "Origin: http://{HOST}/x", jsonBody], body: study, 403),
    HostileCase("cross-site DELETE", "DELETE", "/api/walkforward/1/", headers: [ownHost, "Origin: http://evil.example"], 403),
    HostileCase("cross-site retry", "POST", "/api/walkforward/1/retry/", headers: [ownHost, "Origin: http://evil.example"], 403),
    HostileCase("Sec-Fetch-Site cross-site", "POST", "/api/walkforward/", headers: [ownHost, "Sec-Fetch-Site: cross-site", jsonBody], body: study, 403),
    HostileCase("Sec-Fetch-Site same-site", "POST", "/api/walkforward/1/retry/", headers: [ownHost, "Sec-Fetch-Site: same-site"], 403),
    HostileCase("text/plain without Origin", "POST", "/api/walkforward/", headers: [ownHost, "Content-Type: text/plain"], body: study, 415),
    HostileCase("form-encoded post", "POST", "/api/walkforward/",
                headers: [ownHost, "Content-Type: application/x-www-form-urlencoded"], body: "a=1", 415),
    HostileCase("multipart post", "POST", "/api/walkforward/", headers: [ownHost, "Content-Type: multipart/form-data; boundary=x"], body: "--x--", 415),
    HostileCase("post without a type", "POST", "/api/walkforward/", headers: [ownHost], body: study, 415),
    HostileCase("retry with a form body", "POST", "/api/walkforward/1/retry/",
                headers: [ownHost, "Content-Type: application/x-www-form-urlencoded"], 415),
    HostileCase("DELETE with text/plain", "DELETE", "/api/walkforward/1/", headers: [ownHost, "Content-Type: text/plain"], 415),
    // Data paths: only inside the data folder, and errors that quote no file.
    HostileCase("csv path /etc/passwd", "POST", "/api/walkforward/", headers: [ownHost, jsonBody], body: csvStudy("/etc/passwd"), 400),
    HostileCase("csv path /etc/shadow", "POST", "/api/walkforward/", headers: [ownHost, jsonBody], body: csvStudy("/etc/shadow"), 400),
    HostileCase("csv path ../ out of the data folder", "POST", "/api/walkforward/", headers: [ownHost, jsonBody],
                body: csvStudy("../outside/secret.csv"), 400),
    HostileCase("csv path through the data folder and ..", "POST", "/api/walkforward/", headers: [ownHost, jsonBody],
                body: csvStudy("{DATA}/../outside/secret.csv"), 400),
    HostileCase("csv path outside, absolute", "POST", "/api/walkforward/", headers: [ownHost, jsonBody], body: csvStudy("{OUTSIDE}/secret.csv"), 400),
    HostileCase("csv glob outside", "POST", "/api/walkforward/", headers: [ownHost, jsonBody], body: csvStudy("{OUTSIDE}/*.csv"), 400),
    HostileCase("csv symlink out of the data folder", "POST", "/api/walkforward/", headers: [ownHost, jsonBody],
                body: csvStudy("link-out.csv"), 400),
    HostileCase("csv folder holding the symlink", "POST", "/api/walkforward/", headers: [ownHost, jsonBody], body: csvStudy("{DATA}"), 400),
    HostileCase("csv encoded separators stay literal", "POST", "/api/walkforward/", headers: [ownHost, jsonBody],
                body: csvStudy("..%2foutside%2fsecret.csv"), 400),
    HostileCase("csv file in the folder that is no candle file", "POST", "/api/walkforward/", headers: [ownHost, jsonBody],
                body: csvStudy("notes.csv"), 400),
    HostileCase("binance from a URL the server does not allow", "POST", "/api/walkforward/", headers: [ownHost, jsonBody],
                body: study.replacingOccurrences(of: #"{"source": "synthetic", "seed": 4}"#,
                                                 with: #"{"source": "binance", "base_url": "http://127.0.0.1:1"}"#), 400),
    // Sizes.
    HostileCase("study body over 1 MiB", "POST", "/api/walkforward/", headers: [ownHost, jsonBody],
                body: study.replacingOccurrences(of: "\"name\": \"API study\"", with: "\"name\": \"\(String(repeating: "x", count: 1_100_000))\""), 413),
    HostileCase("20 KB header", "GET", "/", headers: [ownHost, "X-Big: " + String(repeating: "h", count: 20_000)], 400),
    HostileCase("200 header fields", "GET", "/", headers: [ownHost] + (0..<200).map { "X-F\($0): v" }, 400),
    // Accepted, for contrast: the API's own writes.
    HostileCase("own JSON post", "POST", "/api/walkforward/", headers: [ownHost, "Origin: http://{HOST}", jsonBody], body: study, 201).writing(),
    HostileCase("own YAML post", "POST", "/api/walkforward/", headers: [ownHost, "Content-Type: application/yaml; charset=utf-8"], body: study, 201).writing(),
    HostileCase("own retry", "POST", "/api/walkforward/1/retry/", headers: [ownHost, "Sec-Fetch-Site: same-origin"], 202).writing(),
]

@Suite("Hostile request corpus", .serialized)
struct HostileRequestCorpusTests {
    @Test("The corpus has at least 40 hostile requests")
    func corpusIsLargeEnough() {
        #expect(hostileCorpus.filter { $0.status >= 400 }.count >= 40)
    }

    @Test("Each hostile request gets its pinned status, leaks nothing and changes nothing", arguments: hostileCorpus)
    func hostileRequestIsRefused(_ testCase: HostileCase) async throws {
        let fixture = try APIFixture()
        let before = try fixture.snapshot()
        let response = try await fixture.withServer { port in
            let response = try await RawHTTP.exchange(testCase.request(fixture: fixture), port: port, timeout: 10)
            if testCase.mayWrite, let id = Self.runID(response) { try await Self.waitForEnd(fixture, run: id) }
            return response
        }
        #expect(response.status == testCase.status, "got: \(response.text.prefix(400))")
        for marker in APIFixture.forbiddenMarkers {
            #expect(!response.text.contains(marker), "leaked \(marker): \(response.text.prefix(400))")
        }
        if !testCase.mayWrite {
            #expect(try fixture.snapshot() == before, "the database or the site changed")
        }
    }

    @Test func errorsNameTheFileAndLineButQuoteNothing() async throws {
        let fixture = try APIFixture()
        let response = try await fixture.withServer { port in
            try await RawHTTP.exchange(HostileCase("", "POST", "/api/walkforward/", headers: [ownHost, jsonBody], body: csvStudy("notes.csv"), 400)
                .request(fixture: fixture), port: port)
        }
        #expect(response.text.contains("notes.csv:1: line 1 is not a header: 2 fields, no time column"), "\(response.text)")
        let missing = try await fixture.withServer { port in
            try await RawHTTP.exchange(HostileCase("", "POST", "/api/walkforward/", headers: [ownHost, jsonBody], body: csvStudy("/etc/shadow"), 400)
                .request(fixture: fixture), port: port)
        }
        #expect(missing.text.contains("is outside the server's data folders"), "\(missing.text)")
    }

    @Test func aClientThatTricklesItsRequestIsDisconnected() async throws {
        let fixture = try APIFixture()
        var limits = ViewerLimits()
        limits.requestTimeout = .seconds(1)
        let clock = ContinuousClock()
        let (closed, elapsed) = try await fixture.withServer(limits: limits) { port in
            let start = clock.now
            // One header byte every 300 ms: each byte would reset a plain idle timer.
            let closed = try await RawHTTP.trickle("GET / HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: " + String(repeating: "s", count: 40),
                                                   port: port, interval: .milliseconds(300))
            return (closed, clock.now - start)
        }
        #expect(closed, "the server kept the connection")
        #expect(elapsed < .seconds(4), "closed after \(elapsed)")
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterTheRequestTimeout() async throws {
        let fixture = try APIFixture()
        var limits = ViewerLimits()
        limits.requestTimeout = .seconds(1)
        let answered = Mutex(false)
        let closedByServer = try await fixture.withServer(limits: limits) { port in
            try await RawHTTP.keepAlive("GET / HTTP/1.1\r\nHost: {HOST}\r\n\r\n", port: port, timeout: 5) { response in
                answered.withLock { $0 = response.status == 200 }
            }
        }
        #expect(answered.withLock { $0 })
        #expect(closedByServer)
    }

    static func runID(_ response: RawResponse) -> Int64? {
        guard let message = response.messages.first,
              let object = try? JSONSerialization.jsonObject(with: Data(message.body)) as? [String: Any] else { return nil }
        return (object["id"] as? NSNumber)?.int64Value
    }

    /// Waits until the run has left PENDING and RUNNING (and the queue has let go of it).
    static func waitForEnd(_ fixture: APIFixture, run id: Int64) async throws {
        for _ in 0..<600 {
            let status = try fixture.database.run(id: id).status
            if status != .pending, status != .running {
                try await Task.sleep(for: .milliseconds(300))
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("run \(id) did not end within 30 s")
    }
}
