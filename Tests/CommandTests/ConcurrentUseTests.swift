import Foundation
import TestSupport
import Testing

/// Two `wfo run` processes on one database at once, and a `wfo serve` reading it all the
/// while: every process completes, nobody sees "database is locked", and each run's results
/// equal the same study run alone (WAL, a busy timeout, one short transaction per window).
@Suite(.serialized) struct ConcurrentUseTests {
    static func study(_ name: String, seed: Int) -> String {
        """
        name: \(name)
        symbols: [BTCUSDT]
        timeframe: 5m
        start_date: 2023-01-01
        end_date: 2023-09-01
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges: {rsi_period: [7, 14, 21], rsi_oversold: [20, 25, 30], rsi_overbought: [70, 75, 80]}
        min_trades: 1
        position_size: 1000
        data: {source: synthetic, seed: \(seed)}
        """
    }

    func launch(_ arguments: [String], in folder: URL) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = SharedData.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        return (process, errors)
    }

    @Test func twoRunsAndAServerShareOneDatabase() throws {
        try #require(FileManager.default.fileExists(atPath: "/usr/bin/curl"), "curl is needed (make deps installs it)")
        let folder = try CommandRunner.temporaryFolder()
        for (name, seed) in [("first", 1), ("second", 2)] {
            try Self.study(name, seed: seed).write(to: folder.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
            // Each study alone, for the reference.
            let alone = try CommandRunner.wfo(["run", "\(name).yaml", "--db", "\(name)-alone.sqlite", "--no-report"], in: folder)
            #expect(alone.status == 0, "\(alone.standardError)")
        }
        let (server, port, _) = try ServeCommandTests().start(folder)
        defer { kill(server.processIdentifier, SIGTERM); server.waitUntilExit() }

        let first = try launch(["run", "first.yaml", "--db", folder.appendingPathComponent("wfo.sqlite").path, "--out", "site"], in: folder)
        let second = try launch(["run", "second.yaml", "--db", folder.appendingPathComponent("wfo.sqlite").path, "--out", "site", "--jobs", "1"],
                                in: folder)
        var polls = 0, failures: [String] = []
        while first.0.isRunning || second.0.isRunning {
            for path in ["/api/walkforward/", "/api/walkforward/1/", "/api/walkforward/2/windows/", "/"] {
                let answer = try ServeCommandTests().get(path, port: port)
                polls += 1
                if answer.status != 200 && answer.status != 404 || answer.body.contains("locked") {
                    failures.append("\(path): \(answer.status) \(answer.body.prefix(200))")
                }
            }
        }
        let firstErrors = String(decoding: first.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let secondErrors = String(decoding: second.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(first.0.terminationStatus == 0, "\(firstErrors)")
        #expect(second.0.terminationStatus == 0, "\(secondErrors)")
        #expect(!firstErrors.contains("locked") && !secondErrors.contains("locked"))
        #expect(failures.isEmpty, "\(failures)")
        #expect(polls >= 8, "the server was polled \(polls) times while the runs ran")

        // Each run stored exactly what it stores alone.
        let shared = folder.appendingPathComponent("wfo.sqlite").path
        #expect(try DatabaseDump.string("PRAGMA integrity_check", in: shared) == "ok")
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM run WHERE status = 'COMPLETED'", in: shared) == 2)
        for name in ["first", "second"] {
            let alone = try DatabaseDump.text(of: folder.appendingPathComponent("\(name)-alone.sqlite").path)
            let id = try DatabaseDump.count("SELECT id FROM run WHERE name = '\(name)'", in: shared)
            let copy = folder.appendingPathComponent("\(name)-copy.sqlite").path
            try DatabaseDump.copy(of: shared, keepingOnly: id, to: copy)
            #expect(try DatabaseDump.text(of: copy) == alone, "\(name)")
        }
    }
}
