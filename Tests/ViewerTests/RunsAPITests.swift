import DataSources
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Reporting
import RunRecords
import Storage
import StudyFile
import StudyRunner
import TestSupport
import Testing
@testable import Viewer
@testable import WebAPI

/// The runs API in process: every route, validation, the background queue, auth.
@Suite(.serialized) struct RunsAPITests {
    static let study = """
        {"name": "API study", "symbols": ["BTCUSDT"], "timeframe": "1h",
         "start_date": "2023-01-01T00:00:00Z", "end_date": "2023-07-01T00:00:00Z",
         "training_window_days": 60, "testing_window_days": 30, "step_days": 30,
         "parameter_ranges": {"rsi_period": [7, 14, 21], "rsi_oversold": [25, 30], "rsi_overbought": [70, 75]},
         "optimization_method": "grid", "initial_capital": 10000, "position_size": 1000, "min_trades": 2,
         "data": {"source": "synthetic", "seed": 4}}
        """

    struct Setup {
        var folder: URL
        var database: WFODatabase
        var runner: StudyRunner
        var reports: ReportGenerator
        var site: String { folder.appendingPathComponent("site").path }
    }

    func setUp() throws -> Setup {
        let folder = try CommandRunner.temporaryFolder()
        let database = try WFODatabase(path: folder.appendingPathComponent("wfo.sqlite").path)
        let reports = ReportGenerator(database: database, outputFolder: folder.appendingPathComponent("site").path, version: "test")
        try reports.renderIndex()
        return Setup(folder: folder, database: database, runner: StudyRunner(database: database, jobs: 1, version: "test"), reports: reports)
    }

    func withAPI(_ setup: Setup, host: String = "127.0.0.1", token: String? = nil,
                 _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        // The in-process client sends `Host: localhost` with no port.
        let server = try ViewerServer(root: setup.site, port: 0, allowedHosts: ["localhost"])
        let pages = setup.runner.pages(outputFolder: setup.site)
        let rules = try SubmissionRules(dataDirectories: [])
        let queue = RunQueue(runner: setup.runner, pages: pages, workers: 1, rules: rules)
        RunsAPI(runner: setup.runner, pages: pages, queue: queue,
                writeGuard: WriteGuard(hosts: server.hosts, token: token, boundHost: host), rules: rules)
            .register(on: server.router)
        try await server.makeApplication().test(.router, test)
    }

    static let jsonType: HTTPFields = [.contentType: "application/json"]

    static func json(_ response: TestResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
    }

    /// Polls a run until it is no longer PENDING or RUNNING; returns the progress values seen.
    static func waitForEnd(_ client: any TestClientProtocol, run id: Int) async throws -> (status: String, progress: [Double]) {
        var progress: [Double] = []
        for _ in 0..<600 {
            let response = try await client.execute(uri: "/api/walkforward/\(id)/", method: .get)
            let run = try #require(try json(response) as? [String: Any])
            progress.append((run["progress_percentage"] as? NSNumber)?.doubleValue ?? -1)
            let status = run["status"] as? String ?? ""
            if status != "PENDING", status != "RUNNING" { return (status, progress) }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("run \(id) did not end within 30 s")
        return ("", progress)
    }

    @Test func aPostedStudyRunsToCompletedWhileItsProgressIsPolled() async throws {
        let setup = try setUp()
        try await withAPI(setup) { client in
            let empty = try await client.execute(uri: "/api/walkforward/", method: .get)
            #expect(empty.status == .ok)
            #expect(String(buffer: empty.body).trimmingCharacters(in: .whitespacesAndNewlines) == "[]")

            let created = try await client.execute(uri: "/api/walkforward/", method: .post, headers: Self.jsonType, body: ByteBuffer(string: Self.study))
            #expect(created.status == .created)
            let body = try #require(try Self.json(created) as? [String: Any])
            #expect(body["id"] as? Int == 1)
            #expect(body["status"] as? String == "PENDING")

            let (status, progress) = try await Self.waitForEnd(client, run: 1)
            #expect(status == "COMPLETED")
            #expect(progress == progress.sorted(), "progress never goes back")
            #expect(progress.last == 100)

            let runResponse = try await client.execute(uri: "/api/walkforward/1/", method: .get)
            let run = try #require(try Self.json(runResponse) as? [String: Any])
            #expect(run["total_windows"] as? Int == 4)
            #expect(run["completed_windows"] as? Int == 4)
            #expect(run["verdict"] is String)
            #expect(run["avg_out_of_sample_roi"] is NSNumber)

            let windowsResponse = try await client.execute(uri: "/api/walkforward/1/windows/", method: .get)
            let windows = try #require(try Self.json(windowsResponse) as? [[String: Any]])
            #expect(windows.count == 4)
            #expect(windows.allSatisfy { $0["status"] as? String == "COMPLETED" })
            #expect((windows[0]["best_parameters"] as? [String: Any])?["rsi_period"] != nil)
            #expect((windows[0]["out_of_sample"] as? [String: Any])?["roi"] is NSNumber)

            let listResponse = try await client.execute(uri: "/api/walkforward/", method: .get)
            let list = try #require(try Self.json(listResponse) as? [[String: Any]])
            #expect(list.map { $0["id"] as? Int } == [1])

            // The report is rendered just after the run ends (the page follows it until then),
            // and the index links it.
            var page = try await client.execute(uri: "/runs/1-api-study/", method: .get)
            for _ in 0..<100 where !String(buffer: page.body).contains("data-status=\"COMPLETED\"") {
                try await Task.sleep(for: .milliseconds(50))
                page = try await client.execute(uri: "/runs/1-api-study/", method: .get)
            }
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("data-status=\"COMPLETED\""))
            let index = try await client.execute(uri: "/", method: .get)
            #expect(String(buffer: index.body).contains("runs/1-api-study/index.html"))
        }
    }

    @Test func batchesAndTheirCellsAreShownAndAMatrixCannotBePosted() async throws {
        let setup = try setUp()
        let text = """
            name: API matrix
            matrix:
              timeframe: [1h, 4h]
            symbols: [BTCUSDT]
            start_date: 2023-01-01
            end_date: 2023-07-01
            training_window_days: 60
            testing_window_days: 30
            step_days: 30
            parameter_ranges:
              rsi_period: [7, 14]
            min_trades: 1
            data: {source: synthetic, seed: 4}
            """
        guard case let .matrix(matrix) = try StudyParser.parseDocument(text, path: "matrix.yaml") else { throw StudyError([]) }
        let batch = try setup.runner.createBatch(try await StudyRunner.prepare(matrix, cache: nil))
        _ = try await setup.runner.executeBatch(id: batch.id)
        try await withAPI(setup) { client in
            let list = try #require(try Self.json(try await client.execute(uri: "/api/batches/", method: .get)) as? [[String: Any]])
            #expect(list.count == 1)
            let shown = try await client.execute(uri: "/api/batches/1/", method: .get)
            #expect(shown.status == .ok)
            let json = try #require(try Self.json(shown) as? [String: Any])
            #expect(json["reference"] as? String == "b1" && json["status"] as? String == "COMPLETED")
            #expect(json["total_cells"] as? Int == 2 && json["completed_cells"] as? Int == 2)
            let cells = try #require(json["cells"] as? [[String: Any]])
            #expect(cells.map { $0["values"] as? [String: String] } == [["timeframe": "1h"], ["timeframe": "4h"]])
            #expect((cells[1]["run"] as? [String: Any])?["name"] as? String == "API matrix · timeframe=4h")
            let run = try #require(try Self.json(try await client.execute(uri: "/api/walkforward/2/", method: .get)) as? [String: Any])
            #expect((run["batch"] as? [String: Any])?["reference"] as? String == "b1")
            #expect((run["batch"] as? [String: Any])?["cell"] as? Int == 2)
            #expect(try await client.execute(uri: "/api/batches/9/", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/batches/x/", method: .get).status == .badRequest)
            // A matrix is many runs: the API refuses it with the reason and creates nothing.
            let posted = try await client.execute(uri: "/api/walkforward/", method: .post, headers: [.contentType: "application/yaml"],
                                                  body: ByteBuffer(string: text))
            #expect(posted.status == .badRequest)
            #expect(String(buffer: posted.body).contains("this file is a matrix of 2 studies"))
            #expect(try setup.database.runs().count == 2)
        }
    }

    @Test func aBadBodyGetsTheValidationMessagesAndCreatesNothing() async throws {
        let setup = try setUp()
        try await withAPI(setup) { client in
            let broken = Self.study.replacingOccurrences(of: "\"1h\"", with: "\"7m\"").replacingOccurrences(of: "\"step_days\"", with: "\"stepdays\"")
            let response = try await client.execute(uri: "/api/walkforward/", method: .post, headers: Self.jsonType, body: ByteBuffer(string: broken))
            #expect(response.status == .badRequest)
            let errors = try #require((try Self.json(response) as? [String: Any])?["errors"] as? [String])
            #expect(errors.contains { $0.contains("timeframe: must be one of 1m") })
            #expect(errors.contains { $0.contains("stepdays: unknown key; did you mean step_days?") })
            let notJSON = try await client.execute(uri: "/api/walkforward/", method: .post, headers: Self.jsonType, body: ByteBuffer(string: "{ not yaml: ["))
            #expect(notJSON.status == .badRequest)
            let tooEarly = try await client.execute(uri: "/api/walkforward/", method: .post, headers: Self.jsonType,
                                                    body: ByteBuffer(string: Self.study.replacingOccurrences(of: "2023-01-01T00", with: "2019-01-01T00")))
            #expect(tooEarly.status == .badRequest) // the data check runs before anything is written
        }
        #expect(try setup.database.runs().isEmpty)
    }

    @Test func unknownRunsAndBadIdsAreClientErrors() async throws {
        let setup = try setUp()
        try await withAPI(setup) { client in
            let response1 = try await client.execute(uri: "/api/walkforward/9/", method: .get)
            #expect(response1.status == .notFound)
            let response2 = try await client.execute(uri: "/api/walkforward/9/windows/", method: .get)
            #expect(response2.status == .notFound)
            let response3 = try await client.execute(uri: "/api/walkforward/abc/", method: .get)
            #expect(response3.status == .badRequest)
            let response4 = try await client.execute(uri: "/api/walkforward/9/", method: .delete)
            #expect(response4.status == .notFound)
            let response5 = try await client.execute(uri: "/api/walkforward/9/retry/", method: .post)
            #expect(response5.status == .notFound)
        }
    }

    @Test func deleteIsRefusedWhileRunningThenRemovesTheRunAndItsReport() async throws {
        let setup = try setUp()
        try await withAPI(setup) { client in
            _ = try await client.execute(uri: "/api/walkforward/", method: .post, headers: Self.jsonType, body: ByteBuffer(string: Self.study))
            // Queued or running: the run cannot be deleted.
            let busy = try await client.execute(uri: "/api/walkforward/1/", method: .delete)
            #expect(busy.status == .conflict)
            _ = try await Self.waitForEnd(client, run: 1)
            // The queue lets go of a run just after its status changes: allow a moment.
            var deleted = try await client.execute(uri: "/api/walkforward/1/", method: .delete)
            for _ in 0..<100 where deleted.status == .conflict {
                try await Task.sleep(for: .milliseconds(50))
                deleted = try await client.execute(uri: "/api/walkforward/1/", method: .delete)
            }
            #expect(deleted.status == .noContent)
            let response6 = try await client.execute(uri: "/api/walkforward/1/", method: .get)
            #expect(response6.status == .notFound)
            let response7 = try await client.execute(uri: "/runs/1-api-study/", method: .get)
            #expect(response7.status == .notFound)
        }
        #expect(!FileManager.default.fileExists(atPath: setup.site + "/runs/1-api-study"))
    }

    @Test func retryResumesAnInterruptedRunAndRefusesACompletedOne() async throws {
        let setup = try setUp()
        let prepared = try setup.runner.createRun(try StudyRunner.check(try StudyParser.parse(Self.study, path: "test")))
        let id = prepared.record.id
        try setup.database.setStatus(.interrupted, ofRun: id, error: "interrupted")
        try await withAPI(setup) { client in
            let retried = try await client.execute(uri: "/api/walkforward/\(id)/retry/", method: .post)
            #expect(retried.status == .accepted)
            let (status, _) = try await Self.waitForEnd(client, run: Int(id))
            #expect(status == "COMPLETED")
            var again = try await client.execute(uri: "/api/walkforward/\(id)/retry/", method: .post)
            for _ in 0..<100 where again.status == .conflict && String(buffer: again.body).contains("already running") {
                try await Task.sleep(for: .milliseconds(50))
                again = try await client.execute(uri: "/api/walkforward/\(id)/retry/", method: .post)
            }
            #expect(again.status == .conflict)
            #expect(String(buffer: again.body).contains("COMPLETED"))
        }
    }

    @Test func retryRerunsTheFailedWindowsOfAFailedRun() async throws {
        let setup = try setUp()
        let prepared = try setup.runner.createRun(try StudyRunner.check(try StudyParser.parse(Self.study, path: "test")))
        let id = prepared.record.id
        for window in try setup.database.windows(runID: id) { try setup.database.saveFailed(windowID: window.id, message: "a data error") }
        try setup.database.setStatus(.failed, ofRun: id, error: "all 4 windows failed")
        try await withAPI(setup) { client in
            let response8 = try await client.execute(uri: "/api/walkforward/\(id)/retry/", method: .post)
            #expect(response8.status == .accepted)
            let (status, _) = try await Self.waitForEnd(client, run: Int(id))
            #expect(status == "COMPLETED")
        }
        #expect(try setup.database.windows(runID: id).allSatisfy { $0.status == .completed && $0.error == nil })
    }

    @Test func writesNeedTheTokenWhenOneIsSet() async throws {
        let setup = try setUp()
        try await withAPI(setup, token: "s3cret-token") { client in
            let anonymous = try await client.execute(uri: "/api/walkforward/", method: .post, headers: Self.jsonType, body: ByteBuffer(string: Self.study))
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            let wrong = try await client.execute(uri: "/api/walkforward/", method: .post, headers: [.authorization: "Bearer nope", .contentType: "application/json"],
                                                 body: ByteBuffer(string: Self.study))
            #expect(wrong.status == .unauthorized)
            let right = try await client.execute(uri: "/api/walkforward/", method: .post, headers: [.authorization: "Bearer s3cret-token", .contentType: "application/json"],
                                                 body: ByteBuffer(string: Self.study))
            #expect(right.status == .created)
            let read = try await client.execute(uri: "/api/walkforward/", method: .get)
            #expect(read.status == .ok) // reads stay open
            _ = try await Self.waitForEnd(client, run: 1)
        }
    }

    @Test func writesAreOffOnANonLoopbackAddressWithoutAToken() async throws {
        let setup = try setUp()
        try await withAPI(setup, host: "0.0.0.0") { client in
            let response = try await client.execute(uri: "/api/walkforward/", method: .post, headers: Self.jsonType, body: ByteBuffer(string: Self.study))
            #expect(response.status == .forbidden)
            let response9 = try await client.execute(uri: "/api/walkforward/", method: .get)
            #expect(response9.status == .ok)
        }
        #expect(try setup.database.runs().isEmpty)
        #expect(WriteGuard.isLoopback("127.0.0.1") && WriteGuard.isLoopback("::1") && WriteGuard.isLoopback("localhost"))
        #expect(!WriteGuard.isLoopback("0.0.0.0") && !WriteGuard.isLoopback("192.168.1.2"))
    }
}
