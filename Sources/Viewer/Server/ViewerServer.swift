import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The local report viewer behind `wfo serve`: a Hummingbird server for one folder.
///
/// Make it (the folder is checked at once), add any routes (the runs API lives under
/// `/api/`, which the static files never claim), then run it. It prints nothing itself:
/// `onListening` gets the bound address, with the real port when `port` is 0. It stops
/// gracefully on SIGINT (Ctrl-C) or SIGTERM and then returns normally, so the command
/// can exit 0; it also stops when its task is cancelled.
///
/// ```swift
/// let server = try ViewerServer(root: "site", host: "127.0.0.1", port: 8000)
/// server.router.get("/api/runs") { _, _ in "[]" }   // before run()
/// try await server.run { address in
///     print("Serving site at \(address.url) (Ctrl-C to stop)")
/// }
/// ```
public struct ViewerServer {
    /// The folder being served.
    public let files: LocalSiteFileSystem
    /// The host to bind (`127.0.0.1` by default: only this machine can connect).
    public let host: String
    /// The port to bind; 0 lets the system pick a free one.
    public let port: Int
    /// The router: static files answer whatever its routes do not.
    public let router: Router<BasicRequestContext>
    /// The `Host` values answered (DNS-rebinding guard), shared with the runs API's origin check.
    public let hosts: HostAllowlist
    /// Time, header and body limits.
    public let limits: ViewerLimits
    /// Hummingbird's logger (warnings and errors only by default, to keep the terminal
    /// for the command's own output).
    public var logger: Logger

    /// Checks the folder and port and builds the router.
    ///
    /// - Parameters:
    ///   - root: The folder to serve (`--dir`).
    ///   - host: The address to bind (`--host`).
    ///   - port: The port to bind (`--port`), 0 for any free port.
    ///   - allowedHosts: More `Host` names to answer (`--allowed-host`), with any port.
    ///   - limits: Time, header and body limits.
    ///   - logger: Logger for the server; defaults to level `warning`.
    /// - Throws: ``ViewerError/rootMissing(_:)``, ``ViewerError/rootNotAFolder(_:)``,
    ///   ``ViewerError/invalidPort(_:)``.
    public init(root: String, host: String = "127.0.0.1", port: Int = 8000, allowedHosts: [String] = [],
                limits: ViewerLimits = ViewerLimits(), logger: Logger? = nil) throws(ViewerError) {
        guard (0...65535).contains(port) else { throw .invalidPort(port) }
        self.files = try LocalSiteFileSystem(root: root)
        self.host = host
        self.port = port
        self.hosts = HostAllowlist(boundHost: host, port: port, extraNames: allowedHosts)
        self.limits = limits
        self.logger = logger ?? {
            var logger = Logger(label: "wfo.serve")
            logger.logLevel = .warning
            return logger
        }()
        self.router = Router(context: BasicRequestContext.self)
        // First: a request for another host is refused before any file or route is looked at.
        self.router.add(middleware: HostCheckMiddleware(hosts: self.hosts, context: BasicRequestContext.self))
        self.router.add(middleware: StaticSiteMiddleware(files: self.files, context: BasicRequestContext.self))
    }

    /// The Hummingbird application, for running or for `app.test(.router)`.
    ///
    /// Add routes to ``router`` before calling this: the application takes the router's
    /// responder as it is now.
    ///
    /// - Parameter onListening: Called once the socket is bound, with the real port.
    public func makeApplication(
        onListening: @escaping @Sendable (ViewerAddress) async -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        let host = self.host
        let requestedPort = self.port
        let hosts = self.hosts
        let limits = self.limits
        let requestTimeout = TimeAmount.nanoseconds(Int64(limits.requestTimeout / .nanoseconds(1)))
        return Application(
            router: self.router,
            server: .http1(configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(timeout: requestTimeout)],
                idleTimeout: .nanoseconds(Int64(limits.idleTimeout / .nanoseconds(1))),
                httpDecoderConfiguration: .init(maxHeaderFieldSize: limits.maximumHeaderBytes,
                                                maxHeaderListSize: limits.maximumHeaderBytes,
                                                maxHeaderFieldCount: limits.maximumHeaderFields))),
            configuration: .init(address: .hostname(host, port: requestedPort), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? requestedPort
                hosts.bind(port: port)
                await onListening(ViewerAddress(host: host, port: port))
            },
            logger: self.logger
        )
    }

    /// Runs until SIGINT or SIGTERM (or cancellation), then shuts down gracefully.
    ///
    /// Cancelling the calling task is turned into a graceful shutdown too, rather than
    /// cancelling the accept loop: with NIO's async server channels, cancelling that
    /// loop while an accepted connection is still queued traps the process
    /// ("Deinited NIOAsyncWriter without calling finish()", apple/swift-nio#2813).
    ///
    /// - Parameters:
    ///   - gracefulShutdownSignals: Signals that stop the server (default SIGTERM, SIGINT).
    ///   - onListening: Called once the socket is bound, with the real port.
    /// - Throws: ``ViewerError/portInUse(host:port:)`` or
    ///   ``ViewerError/cannotListen(host:port:reason:)`` when binding fails; other errors
    ///   as thrown by the server.
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onListening: @escaping @Sendable (ViewerAddress) async -> Void = { _ in }
    ) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [self.makeApplication(onListening: onListening)],
                gracefulShutdownSignals: gracefulShutdownSignals,
                logger: self.logger
            )
        )
        // Unstructured on purpose: cancellation of the caller must not reach the accept loop.
        let running = Task { try await group.run() }
        do {
            try await withTaskCancellationHandler {
                try await running.value
            } onCancel: {
                Task { await group.triggerGracefulShutdown() }
            }
        } catch is ServiceGroupError where Task.isCancelled {
            // Cancelled before the group started: it was told to stop before it ran.
            return
        } catch {
            throw Self.listeningError(error, host: self.host, port: self.port) ?? error
        }
    }

    /// Turns a bind failure into a ``ViewerError``; `nil` for anything else.
    static func listeningError(_ error: any Error, host: String, port: Int) -> ViewerError? {
        if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case EADDRINUSE: return .portInUse(host: host, port: port)
            case EACCES: return .cannotListen(host: host, port: port, reason: "permission denied (ports below 1024 need privileges)")
            case EADDRNOTAVAIL: return .cannotListen(host: host, port: port, reason: "the address is not on this machine")
            default: return .cannotListen(host: host, port: port, reason: String(cString: strerror(ioError.errnoCode)))
            }
        }
        if error is SocketAddressError {
            return .cannotListen(host: host, port: port, reason: "unknown host")
        }
        return nil
    }
}
