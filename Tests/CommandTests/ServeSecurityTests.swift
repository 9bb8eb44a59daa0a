import Foundation
import MarketData
import TestSupport
import Testing

/// The attacks of issue 14 against the built `wfo serve`, each failing, with the database
/// and the site folder byte-identical afterwards; a foreign site folder; the API's queue
/// limit; csv data allowed with --data-dir.
@Suite(.serialized) struct ServeSecurityTests {
    static let study = """
        {"name": "API study", "symbols": ["BTCUSDT"], "timeframe": "1h",
         "start_date": "2023-01-01T00:00:00Z", "end_date": "2023-07-01T00:00:00Z",
         "training_window_days": 60, "testing_window_days": 30, "step_days": 30,
         "parameter_ranges": {"rsi_period": [7, 14], "rsi_oversold": [25, 30], "rsi_overbought": [70, 75]},
         "optimization_method": "grid", "initial_capital": 10000, "position_size": 1000, "min_trades": 2,
         "data": {"source": "synthetic", "seed": 4}}
        """

    static func csvStudy(_ path: String) -> String {
        study.replacingOccurrences(of: #"{"source": "synthetic", "seed": 4}"#, with: #"{"source": "csv", "path": "\#(path)"}"#)
    }

    func start(_ folder: URL, extra: [String] = [], environment: [String: String] = [:]) throws -> ServeProcess {
        try ServeProcess.start(folder, extra: extra, environment: environment)
    }

    /// curl with the given method, headers and body; the status, headers and body that came back.
    func request(_ method: String, _ path: String, port: Int, headers: [String] = [], body: String? = nil)
        throws -> (status: Int, headers: String, body: String) {
        var arguments = ["-s", "-i", "-X", method, "--max-time", "30", "http://127.0.0.1:\(port)\(path)"]
        for header in headers { arguments += ["-H", header] }
        if let body { arguments += ["--data-binary", body] }
        let output = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments).standardOutput
        let parts = output.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, head, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// Every byte of the database and the site (the shared-memory index aside, which readers touch).
    func snapshot(_ folder: URL) throws -> [String: Data] {
        FolderContents.files(in: folder.path) { $0.hasSuffix("-shm") }
    }

    @Test func theFourAttacksFailAndChangeNothing() throws {
        try #require(FileManager.default.fileExists(atPath: "/usr/bin/curl"), "curl is needed (make deps installs it)")
        let folder = try CommandRunner.temporaryFolder()
        #expect(try CommandRunner.wfo(["run", "examples/quickstart.yaml", "--db", folder.appendingPathComponent("wfo.sqlite").path,
                                       "--out", folder.appendingPathComponent("site").path]).status == 0)
        let server = try start(folder)
        defer { server.stop() }
        let port = server.port
        _ = try request("GET", "/", port: port, headers: ["Host: 127.0.0.1:\(port)"])
        let before = try snapshot(folder)

        // 1. A cross-site text/plain post (no preflight needed) starts nothing.
        let crossSite = try request("POST", "/api/walkforward/", port: port,
                                    headers: ["Content-Type: text/plain", "Origin: http://evil.example"], body: Self.study)
        #expect(crossSite.status == 403, "\(crossSite)")
        // 2. DNS rebinding: the browser sends the attacker's name as Host.
        let rebound = try request("POST", "/api/walkforward/", port: port,
                                  headers: ["Host: evil.example:\(port)", "Content-Type: application/json"], body: Self.study)
        #expect(rebound.status == 403)
        let reboundDelete = try request("DELETE", "/api/walkforward/1/", port: port, headers: ["Host: evil.example:\(port)"])
        #expect(reboundDelete.status == 403)
        let reboundRead = try request("GET", "/api/walkforward/1/", port: port, headers: ["Host: evil.example:\(port)"])
        #expect(reboundRead.status == 403)
        #expect(!reboundRead.body.contains("Quickstart"))
        // 3. Files outside the data folders are never read, nor quoted.
        for path in ["/etc/shadow", "/etc/passwd"] {
            let read = try request("POST", "/api/walkforward/", port: port, headers: ["Content-Type: application/json"],
                                   body: Self.csvStudy(path))
            #expect(read.status == 400)
            #expect(read.body.contains("--data-dir"), "\(read.body)")
            #expect(!read.body.contains("root:"), "\(read.body)")
        }
        #expect(try snapshot(folder) == before, "the database or the site changed")
        // The viewer still answers its own name.
        #expect(try request("GET", "/api/walkforward/1/", port: port).status == 200)
    }

    @Test func anAllowedHostIsAnsweredOnAnyPortAndABadOneIsRefusedAtStart() throws {
        let folder = try CommandRunner.temporaryFolder()
        let server = try start(folder, extra: ["--allowed-host", "wfo.test"])
        defer { server.stop() }
        #expect(try request("GET", "/", port: server.port, headers: ["Host: wfo.test"]).status == 200)
        #expect(try request("GET", "/", port: server.port, headers: ["Host: wfo.test:443"]).status == 200)
        #expect(try request("GET", "/", port: server.port, headers: ["Host: other.test"]).status == 403)
        let bad = try CommandRunner.wfo(["serve", "--dir", folder.appendingPathComponent("site").path, "--port", "0",
                                         "--allowed-host", "wfo.test:8000"])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("--allowed-host wfo.test:8000 is not a host name"), "\(bad.standardError)")
    }

    @Test func aFolderWithSomeoneElsesIndexIsNeverWritten() throws {
        let folder = try CommandRunner.temporaryFolder()
        let site = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let mine = "<!doctype html><title>My homepage</title>\n"
        try mine.write(to: site.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        let serve = try CommandRunner.wfo(["serve", "--dir", site.path, "--port", "0",
                                           "--db", folder.appendingPathComponent("wfo.sqlite").path])
        #expect(serve.status == 2)
        #expect(serve.standardError.contains("\(site.path)/index.html exists and was not written by wfo"), "\(serve.standardError)")
        let report = try CommandRunner.wfo(["run", "examples/quickstart.yaml", "--db", folder.appendingPathComponent("wfo.sqlite").path,
                                            "--out", site.path])
        #expect(report.status == 2, "\(report.standardError)")
        #expect(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8) == mine)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == ["index.html"])
        #expect(try CommandRunner.wfo(["runs", "--db", folder.appendingPathComponent("wfo.sqlite").path]).standardOutput
            .contains("Quickstart") == false)
    }

    @Test func aSiteWrittenByAnEarlierWfoIsAdoptedAndMarked() throws {
        let folder = try CommandRunner.temporaryFolder()
        let site = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try "<!doctype html><html><head><meta name=\"generator\" content=\"wfo 0.1.0\"></head></html>\n"
            .write(to: site.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.wfo(["run", "examples/quickstart.yaml", "--db", folder.appendingPathComponent("wfo.sqlite").path,
                                            "--out", site.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(".wfo-site").path))
    }

    @Test func aFullQueueAnswers429AndCreatesNoRun() throws {
        let folder = try CommandRunner.temporaryFolder()
        // Each window's commit pauses 1.5 s, so the first run holds the only worker.
        let server = try start(folder, extra: ["--max-pending", "1", "--workers", "1"],
                               environment: ["WFO_FAULT_PAUSE_IN_COMMIT_MS": "1500"])
        defer { server.stop() }
        var statuses: [Int] = []
        var retryAfter: [String] = []
        for _ in 0..<4 {
            let response = try request("POST", "/api/walkforward/", port: server.port,
                                       headers: ["Content-Type: application/json"], body: Self.study)
            statuses.append(response.status)
            retryAfter += response.headers.components(separatedBy: "\r\n").filter { $0.lowercased().hasPrefix("retry-after:") }
        }
        #expect(statuses == [201, 201, 429, 429])
        #expect(retryAfter == ["Retry-After: 30", "Retry-After: 30"])
        let list = try request("GET", "/api/walkforward/", port: server.port)
        #expect(list.body.components(separatedBy: "\"id\":").count - 1 == 2, "\(list.body)")
    }

    @Test func csvDataInsideADataFolderRunsAndOutsideIsRefused() throws {
        let folder = try CommandRunner.temporaryFolder()
        let data = folder.appendingPathComponent("candles")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let series = SyntheticMarket(seed: 4).candles(symbol: "BTCUSDT", timeframe: .oneHour,
                                                     from: UTCTime.parse("2022-12-01T00:00:00Z")!, to: UTCTime.parse("2023-07-02T00:00:00Z")!)
        var csv = "timestamp,open,high,low,close,volume\n"
        for index in series.indices {
            csv += "\(series.openTimes[index]),\(series.opens[index]),\(series.highs[index]),\(series.lows[index]),\(series.closes[index]),\(series.volumes[index])\n"
        }
        try csv.write(to: data.appendingPathComponent("btc-1h.csv"), atomically: true, encoding: .utf8)
        let server = try start(folder, extra: ["--data-dir", data.path])
        defer { server.stop() }
        let created = try request("POST", "/api/walkforward/", port: server.port, headers: ["Content-Type: application/json"],
                                  body: Self.csvStudy("btc-1h.csv"))
        #expect(created.status == 201, "\(created.body)")
        var status = ""
        for _ in 0..<300 where !status.contains("COMPLETED") && !status.contains("FAILED") {
            Thread.sleep(forTimeInterval: 0.1)
            status = try request("GET", "/api/walkforward/1/", port: server.port).body
        }
        #expect(status.contains("\"status\": \"COMPLETED\""), "\(status)")
        let outside = try request("POST", "/api/walkforward/", port: server.port, headers: ["Content-Type: application/json"],
                                  body: Self.csvStudy(folder.appendingPathComponent("wfo.sqlite").path))
        #expect(outside.status == 400)
        #expect(outside.body.contains("is outside the server's data folders (\(data.path))"), "\(outside.body)")
    }
}
