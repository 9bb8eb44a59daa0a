import Foundation
import TestSupport
import Testing

/// `wfo serve` as a process: prints its URL, serves, stops cleanly on SIGTERM and Ctrl-C.
@Suite(.serialized) struct ServeCommandTests {
    /// Starts `wfo serve --port 0` and returns the process and the port it printed.
    func start(_ folder: URL, extra: [String] = []) throws -> (Process, Int, Pipe) {
        let server = try ServeProcess.start(folder, extra: extra)
        return (server.process, server.port, server.output)
    }

    func get(_ path: String, port: Int) throws -> (status: Int, body: String) {
        let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
        let result = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "-o", "-", "-w", "\n%{http_code}", url.absoluteString])
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func servesTheSiteAndStopsCleanlyOnASignal(signal: Int32) throws {
        try #require(FileManager.default.fileExists(atPath: "/usr/bin/curl"), "curl is needed (make deps installs it)")
        let folder = try CommandRunner.temporaryFolder()
        #expect(try CommandRunner.wfo(["run", "examples/quickstart.yaml", "--db", folder.appendingPathComponent("wfo.sqlite").path,
                                       "--out", folder.appendingPathComponent("site").path]).status == 0)
        let (process, port, output) = try start(folder)
        let index = try get("/", port: port)
        #expect(index.status == 200)
        #expect(index.body.contains("Quickstart"))
        let api = try get("/api/walkforward/1/", port: port)
        #expect(api.status == 200)
        #expect(api.body.contains("\"status\": \"COMPLETED\""))
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("stopped"))
    }

    @Test func aPortInUseIsAClearError() throws {
        let folder = try CommandRunner.temporaryFolder()
        let (first, port, _) = try start(folder)
        defer { kill(first.processIdentifier, SIGKILL); first.waitUntilExit() }
        let second = try CommandRunner.wfo(["serve", "--dir", folder.appendingPathComponent("site").path, "--port", String(port),
                                            "--db", folder.appendingPathComponent("wfo.sqlite").path])
        #expect(second.status == 2)
        #expect(second.standardError.contains("port \(port) is in use"), "\(second.standardError)")
    }
}
