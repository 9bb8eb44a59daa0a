/// Where a running viewer listens, with the port actually bound (so `--port 0` reports
/// the free port the system chose).
///
/// ```swift
/// ViewerAddress(host: "127.0.0.1", port: 8000).url  // "http://127.0.0.1:8000/"
/// ViewerAddress(host: "::1", port: 8000).url        // "http://[::1]:8000/"
/// ```
public struct ViewerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host as given with `--host`.
    public let host: String
    /// The bound port.
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The URL to open in a browser.
    public var url: String {
        let shownHost = self.host.contains(":") && !self.host.hasPrefix("[") ? "[\(self.host)]" : self.host
        return "http://\(shownHost):\(self.port)/"
    }

    public var description: String { self.url }
}
