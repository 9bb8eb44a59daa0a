import Foundation
import Testing
import UnixSignals
@testable import Viewer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Viewer server")
struct ViewerServerTests {
    @Test("Port 0 binds a free port and reports it")
    func portZeroReportsRealPort() async throws {
        let site = try SiteFixture()
        try await withLiveServer(root: site.root) { port in
            #expect(port > 0 && port != 8000)
            let response = try await RawHTTP.exchange("GET / HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n", port: port)
            #expect(response.status == 200)
        }
    }

    @Test("The server stops when its task is cancelled, and the port is freed")
    func cancellationStopsServer() async throws {
        let site = try SiteFixture()
        let server = try ViewerServer(root: site.root, host: "127.0.0.1", port: 0)
        let (addresses, continuation) = AsyncStream<ViewerAddress>.makeStream()
        let task = Task { try await server.run(gracefulShutdownSignals: []) { continuation.yield($0) } }
        var iterator = addresses.makeAsyncIterator()
        let port = try #require(await iterator.next()).port
        #expect(RawHTTP.canConnect(port: port))
        task.cancel()
        _ = try await withTimeout(seconds: 10) { await task.result }
        #expect(!RawHTTP.canConnect(port: port))
    }

    @Test("Shutdown closes an idle keep-alive connection instead of waiting for it")
    func shutdownClosesIdleKeepAliveConnection() async throws {
        let site = try SiteFixture()
        let server = try ViewerServer(root: site.root, host: "127.0.0.1", port: 0)
        let (addresses, continuation) = AsyncStream<ViewerAddress>.makeStream()
        let task = Task { try await server.run(gracefulShutdownSignals: []) { continuation.yield($0) } }
        var iterator = addresses.makeAsyncIterator()
        let port = try #require(await iterator.next()).port

        let (answers, answered) = AsyncStream<Int?>.makeStream()
        let browser = Task {
            try await RawHTTP.keepAlive("GET / HTTP/1.1\r\nHost: {HOST}\r\n\r\n", port: port, timeout: 10) {
                answered.yield($0.status)
            }
        }
        var answerIterator = answers.makeAsyncIterator()
        #expect(await answerIterator.next() == 200)

        task.cancel()
        let result = try await withTimeout(seconds: 10) { await task.result }
        #expect(throws: Never.self) { try result.get() }
        #expect(try await browser.value, "the server left the idle connection open")
    }

    @Test("A graceful-shutdown signal stops the server and run returns normally")
    func signalStopsServerCleanly() async throws {
        // SIGUSR2 stands in for SIGTERM/SIGINT: the same ServiceLifecycle path, without
        // reaching other tests running in this process.
        let site = try SiteFixture()
        let server = try ViewerServer(root: site.root, host: "127.0.0.1", port: 0)
        let (addresses, continuation) = AsyncStream<ViewerAddress>.makeStream()
        let task = Task { try await server.run(gracefulShutdownSignals: [.sigusr2]) { continuation.yield($0) } }
        var iterator = addresses.makeAsyncIterator()
        let port = try #require(await iterator.next()).port
        kill(getpid(), SIGUSR2)
        let result = try await withTimeout(seconds: 10) { await task.result }
        #expect(throws: Never.self) { try result.get() }
        #expect(!RawHTTP.canConnect(port: port))
    }

    @Test("A port in use gives a clear error")
    func portInUseIsClearError() async throws {
        let site = try SiteFixture()
        try await withLiveServer(root: site.root) { busyPort in
            let root = site.root
            let error = await #expect(throws: ViewerError.self) {
                try await withTimeout(seconds: 10) {
                    try await ViewerServer(root: root, host: "127.0.0.1", port: busyPort).run(gracefulShutdownSignals: [])
                }
            }
            #expect(error == .portInUse(host: "127.0.0.1", port: busyPort))
            #expect(error?.description == "port \(busyPort) is in use; choose another with --port or use --port 0")
        }
    }

    @Test("An address not on this machine gives a clear error")
    func foreignAddressIsClearError() async throws {
        let site = try SiteFixture()
        // TEST-NET-1 (RFC 5737): never assigned to this machine, so bind fails at once.
        let root = site.root
        let error = await #expect(throws: ViewerError.self) {
            // Generous: under a fully loaded test run, starting the service group takes a while.
            try await withTimeout(seconds: 60) {
                try await ViewerServer(root: root, host: "192.0.2.1", port: 0).run(gracefulShutdownSignals: [])
            }
        }
        guard case .cannotListen(let host, _, _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(host == "192.0.2.1")
    }

    @Test("A missing folder or a bad port is refused before starting")
    func badConfigurationIsRefused() throws {
        let site = try SiteFixture()
        #expect(throws: ViewerError.rootMissing("no-such-site")) { try ViewerServer(root: "no-such-site") }
        #expect(throws: ViewerError.invalidPort(70000)) { try ViewerServer(root: site.root, port: 70000) }
        #expect(throws: ViewerError.invalidPort(-1)) { try ViewerServer(root: site.root, port: -1) }
    }

    @Test("Errors read as instructions")
    func errorMessages() {
        #expect(ViewerError.rootMissing("site").description
            == "the folder 'site' does not exist; write the reports with `wfo report` or choose the folder with --dir")
        #expect(ViewerError.portInUse(host: "127.0.0.1", port: 8000).description
            == "port 8000 is in use; choose another with --port or use --port 0")
    }

    @Test("The printed URL brackets IPv6 hosts")
    func addressURL() {
        #expect(ViewerAddress(host: "127.0.0.1", port: 8000).url == "http://127.0.0.1:8000/")
        #expect(ViewerAddress(host: "::1", port: 8001).url == "http://[::1]:8001/")
        #expect(ViewerAddress(host: "localhost", port: 0).url == "http://localhost:0/")
    }
}
