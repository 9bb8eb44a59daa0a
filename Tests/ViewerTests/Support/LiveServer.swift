import Viewer

/// Runs a real `ViewerServer` on 127.0.0.1 with a free port for the duration of `body`.
///
/// The server runs in its own task without signal handlers (so tests sending signals
/// elsewhere cannot stop it) and is stopped by cancelling that task.
///
/// `configure` adds routes (the runs API) before the server starts.
func withLiveServer<Value: Sendable>(
    root: String,
    limits: ViewerLimits = ViewerLimits(),
    configure: (ViewerServer) -> Void = { _ in },
    _ body: (Int) async throws -> Value
) async throws -> Value {
    let server = try ViewerServer(root: root, host: "127.0.0.1", port: 0, limits: limits)
    configure(server)
    let (addresses, continuation) = AsyncStream<ViewerAddress>.makeStream()
    let task = Task {
        defer { continuation.finish() }
        try await server.run(gracefulShutdownSignals: []) { continuation.yield($0) }
    }
    var iterator = addresses.makeAsyncIterator()
    guard let address = await iterator.next() else {
        try await task.value
        throw LiveServerError.didNotStart
    }
    do {
        let value = try await body(address.port)
        task.cancel()
        _ = await task.result
        return value
    } catch {
        task.cancel()
        _ = await task.result
        throw error
    }
}

enum LiveServerError: Error {
    case didNotStart
    case timedOut
}

/// Runs `operation`, failing with ``LiveServerError/timedOut`` after `seconds`.
func withTimeout<Value: Sendable>(
    seconds: Double,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw LiveServerError.timedOut
        }
        let value = try await group.next()!
        group.cancelAll()
        return value
    }
}
