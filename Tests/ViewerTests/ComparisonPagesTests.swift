import Foundation
import GRDB
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

/// `wfo serve`'s comparison pages: the index's form, the pages rendered from the database, and
/// nothing written by a GET.
@Suite(.serialized) struct ComparisonPagesTests {
    static let study = """
        name: Served
        symbols: [BTCUSDT]
        timeframe: 4h
        start_date: 2023-01-01
        end_date: 2023-05-01
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges: {rsi_period: [7, 14], rsi_oversold: [30], rsi_overbought: [70]}
        data: {source: synthetic, seed: 4}
        """

    func withPages(_ test: @escaping @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
        let folder = try CommandRunner.temporaryFolder()
        let database = try WFODatabase(path: folder.appendingPathComponent("wfo.sqlite").path)
        let runner = StudyRunner(database: database, jobs: 1, version: "test")
        for text in [Self.study, Self.study.replacingOccurrences(of: "[7, 14]", with: "[10]")] {
            _ = try runner.run(try StudyRunner.check(try StudyParser.parse(text, path: "study.yaml")))
        }
        let site = folder.appendingPathComponent("site").path
        let reports = ReportGenerator(database: database, outputFolder: site, version: "test")
        try reports.renderIndex()
        let server = try ViewerServer(root: site, port: 0, allowedHosts: ["localhost"])
        ComparisonPages(pages: runner.pages(outputFolder: site)).register(on: server.router)
        try await server.makeApplication().test(.router) { client in try await test(client, site) }
    }

    @Test func theIndexFormLeadsToThePageOfTheTickedRunsWrittenNowhere() async throws {
        try await withPages { client, site in
            let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
            #expect(index.contains("<form class=\"compare-picker\" method=\"get\" action=\"compare/\">"))
            #expect(index.contains("<input type=\"checkbox\" name=\"runs\" value=\"2\""))

            let picked = try await client.execute(uri: "/compare/?runs=2&runs=1", method: .get)
            #expect(picked.status == .seeOther)
            #expect(picked.headers[.location] == "/compare/1-2/")
            let page = try await client.execute(uri: "/compare/1-2/", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            #expect(html.contains("<h1>Runs compared: run 1, run 2</h1>"))
            #expect(html.contains("<figure class=\"chart\">\n<svg"), "the chart is inline, so its tooltips work")
            #expect(html.contains("href=\"../../runs/1-served/index.html\""))
            let markdown = try await client.execute(uri: "/compare/1-2/report.md", method: .get)
            #expect(String(buffer: markdown.body).contains("| parameter_ranges.rsi_period | \\[7, 14\\] | \\[10\\] |"))
            let chart = try await client.execute(uri: "/compare/1-2/equity.svg", method: .get)
            #expect(chart.headers[.contentType] == "image/svg+xml")
            #expect(!FileManager.default.fileExists(atPath: site + "/compare"), "a GET writes nothing")
        }
    }

    /// A database damaged under a running server: the page is a 500 that names no path of the
    /// machine (the folder and file are the operator's business: the server's standard error).
    @Test func aDamagedDatabaseIsA500ThatNamesNoPath() async throws {
        try await withPages { client, site in
            let database = URL(fileURLWithPath: site).deletingLastPathComponent().appendingPathComponent("wfo.sqlite").path
            try await DatabaseQueue(path: database).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            let handle = try #require(FileHandle(forUpdatingAtPath: database))
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 4_096)
            try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(size) - 4_096))
            try handle.close()
            let page = try await client.execute(uri: "/compare/1-2/", method: .get)
            #expect(page.status == .internalServerError)
            let body = String(buffer: page.body)
            #expect(body.contains("the comparison could not be rendered"), "\(body)")
            #expect(!body.contains("/"), "no path in: \(body)")
        }
    }

    @Test func badPicksAreAnsweredWithWhatToDoAndEchoNothing() async throws {
        try await withPages { client, _ in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/compare/?runs=1", .badRequest, "a comparison needs at least two runs"),
                ("/compare/", .badRequest, "a comparison needs at least two runs"),
                ("/compare/?runs=1&runs=%3Cscript%3E", .badRequest, "each runs value must be a run id"),
                ("/compare/?runs=1&runs=1", .badRequest, "run 1 is given twice"),
                ("/compare/?" + (1...11).map { "runs=\($0)" }.joined(separator: "&"), .badRequest, "11 runs are too many"),
                ("/compare/1-9/", .notFound, "there is no run 9"),
                ("/compare/1-x/", .notFound, "no such comparison page"),
                ("/compare/1-2/trades.csv", .notFound, "no such comparison page"),
                ("/compare/1-2/..%2F..%2Fwfo.sqlite", .notFound, "no such comparison page"),
            ]
            for (uri, status, message) in cases {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == status, "\(uri)")
                let body = String(buffer: response.body)
                #expect(body.contains(message), "\(uri): \(body)")
                #expect(!body.contains("<script>"), "\(uri)")
            }
            // Out of order or without the slash: the canonical page.
            let reversed = try await client.execute(uri: "/compare/2-1/", method: .get)
            #expect(reversed.status == .movedPermanently && reversed.headers[.location] == "/compare/1-2/")
            let bare = try await client.execute(uri: "/compare/1-2", method: .get)
            #expect(bare.status == .movedPermanently && bare.headers[.location] == "/compare/1-2/")
        }
    }
}
