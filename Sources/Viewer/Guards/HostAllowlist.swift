import HTTPTypes
import Synchronization

/// The `Host` header values the viewer answers, against DNS rebinding.
///
/// A hostile page can point a name it owns (`evil.example`) at 127.0.0.1 and then read
/// and write the viewer as if it were its own origin; the one thing it cannot change is
/// the `Host` header the browser sends, which names the attacker's domain. So a request is
/// answered only when `Host` is one of:
///
/// - `localhost`, `127.0.0.1` or `[::1]`, and the address the server is bound to (`--host`),
///   each **with the bound port** (no port stands for 80);
/// - a name given with `--allowed-host` (for a reverse proxy or a LAN name), with any port.
///
/// Names compare without case; a port must be written as plain digits without a leading
/// zero; anything else (userinfo, a path, a trailing dot, two ports) is refused.
///
/// ```swift
/// let hosts = HostAllowlist(boundHost: "127.0.0.1", port: 8000, extraNames: [])
/// hosts.accepts("localhost:8000")      // true
/// hosts.accepts("evil.example:8000")   // false
/// hosts.accepts("localhost:8001")      // false
/// hosts.isOwnOrigin("http://127.0.0.1:8000", host: "127.0.0.1:8000")  // true
/// ```
public final class HostAllowlist: Sendable {
    /// The `Host` header's name, made once (it is looked up on every request).
    static let hostField = HTTPField.Name("Host")!

    /// The loopback names every viewer answers to (with its port).
    public static let loopbackNames: Set<String> = ["localhost", "127.0.0.1", "[::1]"]

    /// Names accepted with the bound port only, lower-cased (IPv6 in brackets).
    public let boundNames: Set<String>
    /// Names accepted with any port (`--allowed-host`), lower-cased.
    public let extraNames: Set<String>
    private let boundPort: Mutex<Int?>

    /// - Parameters:
    ///   - boundHost: The address the server binds (`--host`); an IPv6 address may come with
    ///     or without brackets.
    ///   - port: The port asked for; 0 means "not known until bound" (see ``bind(port:)``).
    ///   - extraNames: The `--allowed-host` names.
    public init(boundHost: String, port: Int, extraNames: [String]) {
        self.boundNames = Self.loopbackNames.union([Self.bracketed(boundHost.lowercased())])
        self.extraNames = Set(extraNames.map { Self.bracketed($0.lowercased()) })
        self.boundPort = Mutex(port == 0 ? nil : port)
    }

    /// Records the port the system chose for `--port 0`. Until then only the
    /// `--allowed-host` names are accepted.
    public func bind(port: Int) {
        self.boundPort.withLock { $0 = port }
    }

    /// The port bound, once known.
    public var port: Int? { self.boundPort.withLock { $0 } }

    /// Whether a `Host` header value names this server.
    public func accepts(_ hostHeader: String) -> Bool {
        guard let (name, port) = Self.split(hostHeader) else { return false }
        if self.extraNames.contains(name) { return true }
        guard self.boundNames.contains(name), let bound = self.port else { return false }
        return (port ?? 80) == bound
    }

    /// Whether an `Origin` header is this server's own origin for a request to `host`:
    /// `http://` and exactly the (accepted) host and port the request was sent to.
    /// `null`, another scheme, another host or another port are not.
    public func isOwnOrigin(_ origin: String, host: String) -> Bool {
        guard origin.hasPrefix("http://") else { return false }
        let authority = String(origin.dropFirst("http://".count))
        guard self.accepts(authority), let given = Self.split(authority), let requested = Self.split(host) else { return false }
        return given.name == requested.name && (given.port ?? 80) == (requested.port ?? 80)
    }

    /// Whether `value` is a host name or address without a port (what `--allowed-host` takes).
    public static func isBareName(_ value: String) -> Bool {
        split(value).map { $0.port == nil } ?? false
    }

    /// `name[:port]` → the lower-cased name and the port, or nil when malformed.
    static func split(_ value: String) -> (name: String, port: Int?)? {
        let text = value.lowercased()
        guard !text.isEmpty, text.utf8.count <= 260 else { return nil }
        var name = Substring(text)
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            name = text[...close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portText = rest.dropFirst()
            }
            let inside = name.dropFirst().dropLast()
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            if let colon = text.firstIndex(of: ":") {
                name = text[..<colon]
                portText = text[text.index(after: colon)...]
            }
            guard !name.isEmpty, !name.hasSuffix("."), !name.hasPrefix("."),
                  name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" })
            else { return nil }
        }
        guard let portText else { return (String(name), nil) }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              portText == "0" || !portText.hasPrefix("0"), let port = Int(portText), port <= 65_535
        else { return nil }
        return (String(name), port)
    }

    /// `::1` → `[::1]`; other names unchanged.
    static func bracketed(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
}
