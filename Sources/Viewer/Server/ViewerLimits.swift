/// The resource limits of the viewer, each refusing a client that would hold the server.
///
/// | limit | default | past it |
/// | --- | --- | --- |
/// | ``requestTimeout`` | 30 s | the connection is closed (see ``RequestDeadlineHandler``) |
/// | ``idleTimeout`` | 60 s | NIO closes a connection with no traffic at all |
/// | ``maximumHeaderBytes`` | 16 KiB for all header lines together | 400 from the HTTP parser, connection closed |
/// | ``maximumHeaderFields`` | 100 | 400 from the HTTP parser, connection closed |
/// | ``maximumBodyBytes`` | 1 MiB (a study) | 413 |
/// | ``maximumPendingRuns`` | 32 queued runs | 429 with `Retry-After` |
public struct ViewerLimits: Sendable {
    /// How long a connection may keep the server waiting for a whole request.
    public var requestTimeout: Duration = .seconds(30)
    public var idleTimeout: Duration = .seconds(60)
    public var maximumHeaderBytes = 16 * 1024
    public var maximumHeaderFields = 100
    public var maximumBodyBytes = 1 << 20
    public var maximumPendingRuns = 32

    public init() {}
}
