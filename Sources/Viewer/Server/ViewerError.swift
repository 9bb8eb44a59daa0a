/// Why `wfo serve` could not start, with a message the user can act on.
///
/// ```swift
/// ViewerError.portInUse(host: "127.0.0.1", port: 8000).description
/// // "port 8000 is in use; choose another with --port or use --port 0"
/// ```
public enum ViewerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The folder to serve does not exist.
    case rootMissing(String)
    /// The path to serve exists but is not a folder.
    case rootNotAFolder(String)
    /// The port is not between 0 and 65535.
    case invalidPort(Int)
    /// Another program already listens on this address and port (`EADDRINUSE`).
    case portInUse(host: String, port: Int)
    /// Listening failed for another reason: unknown host, address not on this machine,
    /// a privileged port.
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .rootMissing(let path):
            "the folder '\(path)' does not exist; write the reports with `wfo report` or choose the folder with --dir"
        case .rootNotAFolder(let path):
            "'\(path)' is not a folder; choose the report folder with --dir"
        case .invalidPort(let port):
            "port \(port) is not between 0 and 65535; choose another with --port (0 picks a free one)"
        case .portInUse(_, let port):
            "port \(port) is in use; choose another with --port or use --port 0"
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host):\(port): \(reason); check --host and --port"
        }
    }
}
