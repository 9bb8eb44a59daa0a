import Foundation
import Hummingbird
import Logging
import MarketData
import NIOCore
import ServiceLifecycle
import Synchronization

/// A local stand-in for Binance's `GET /api/v3/klines`, for tests: a Hummingbird app on
/// 127.0.0.1 and an ephemeral port that serves given candles with Binance's paging rules
/// (see ``KlinesQuery``), reports `X-MBX-USED-WEIGHT-1M`, injects scripted faults
/// (``ScriptedFault``) and records every request.
///
/// ```swift
/// try await FakeBinanceServer.with(
///     candles: ["BTCUSDT": series],
///     faults: [.onRequest(2, .status(503)), .onStartTime(t, .truncatedBody)]
/// ) { server in
///     let client = BinanceKlinesClient(baseURL: server.baseURL)
///     _ = try await client.fetch(symbol: "BTCUSDT", timeframe: .fiveMinutes, from: t0, to: t1) { _ in }
///     #expect(server.requests.map(\.startTime) == [...])
/// }
/// ```
///
/// Or `let server = try await FakeBinanceServer.start(...)` and `await server.stop()` when
/// done (Swift 6.3 has no `await` in `defer`, hence ``with(candles:faults:options:_:)``).
/// The fault script is consulted in order for each request and each entry is used up
/// after its `times`; ``inject(_:)`` adds entries while the server runs.
public final class FakeBinanceServer: Sendable {
    /// How the server counts weight.
    public struct Options: Sendable {
        /// When set, a request that takes the minute's weight past this is refused with
        /// 429 and a `Retry-After` to the next minute, like Binance; nil never refuses.
        public var weightLimitPerMinute: Int?
        /// The weight of one klines request (2 on Binance).
        public var klinesWeight: Int
        /// The server's clock (epoch milliseconds): the weight counter resets at each of
        /// its minutes. Tests share a virtual clock with the client's sleeper.
        public var clock: @Sendable () -> Int64

        public init(weightLimitPerMinute: Int? = nil, klinesWeight: Int = 2,
                    clock: @escaping @Sendable () -> Int64 = FakeBinanceServer.systemClock) {
            self.weightLimitPerMinute = weightLimitPerMinute
            self.klinesWeight = klinesWeight
            self.clock = clock
        }
    }

    /// The URL to give the client, e.g. `http://127.0.0.1:54321`.
    public let baseURL: String
    /// The port the server listens on.
    public let port: Int

    let state: FakeBinanceState
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    private init(port: Int, state: FakeBinanceState, group: ServiceGroup, running: Task<Void, any Error>) {
        self.port = port
        self.baseURL = "http://127.0.0.1:\(port)"
        self.state = state
        self.group = group
        self.running = running
    }

    /// The system clock in epoch milliseconds.
    public static let systemClock: @Sendable () -> Int64 = {
        Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))
    }

    /// Starts a server and returns once it listens.
    ///
    /// - Parameters:
    ///   - candles: symbol → its candles (one timeframe per symbol).
    ///   - faults: the fault script, consulted in order for each request.
    ///   - options: weight limit and clock.
    /// - Throws: when the socket cannot be bound.
    public static func start(candles: [String: CandleSeries], faults: [ScriptedFault] = [],
                             options: Options = .init()) async throws -> FakeBinanceServer {
        let state = FakeBinanceState(candles: candles, faults: faults, options: options)
        let router = Router(context: FakeBinanceContext.self)
        router.get("/api/v3/klines") { request, context in
            try await state.respondToKlines(request, context: context)
        }
        router.get("/api/v3/ping") { _, _ in "{}" }
        var logger = Logger(label: "FakeBinance")
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        // Stopped by graceful shutdown, never by cancelling the accept loop
        // (NIO traps on that with a queued connection, apple/swift-nio#2813).
        let running = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        for await port in ports {
            return FakeBinanceServer(port: port, state: state, group: group, running: running)
        }
        try await running.value
        throw FakeBinanceStartError()
    }

    /// Starts a server, runs `body` with it, and stops it, even when `body` throws.
    public static func with<Result: Sendable>(
        candles: [String: CandleSeries], faults: [ScriptedFault] = [], options: Options = .init(),
        _ body: (FakeBinanceServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(candles: candles, faults: faults, options: options)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Shuts the server down gracefully and waits until it has.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// Every request received so far, in order.
    public var requests: [RecordedRequest] { state.requests }

    /// Adds faults to the end of the script.
    public func inject(_ faults: ScriptedFault...) {
        state.inject(faults)
    }
}

/// The server stopped before it listened, without an error of its own.
struct FakeBinanceStartError: Error, CustomStringConvertible {
    var description: String { "the fake Binance server stopped before it listened" }
}
