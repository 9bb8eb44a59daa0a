import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What came back on a raw TCP connection: every byte until the server closed it (or
/// the read timed out), and the first response parsed loosely.
struct RawResponse: Sendable {
    let bytes: [UInt8]
    /// Whether reading stopped on the timeout rather than on the server closing.
    let timedOut: Bool

    var text: String { String(decoding: self.bytes, as: UTF8.self) }

    /// One parsed response.
    struct Message: Sendable {
        let status: Int
        /// Header fields, names lower-cased.
        let headers: [String: String]
        let body: [UInt8]
    }

    /// The responses in the stream, framed by `Content-Length` (several when pipelined).
    /// A response to `HEAD` is read as having no body.
    var messages: [Message] {
        var messages: [Message] = []
        var rest = self.bytes[...]
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while let end = rest.firstRange(of: separator) {
            let head = String(decoding: rest[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1."),
                  let status = Int(statusLine.dropFirst(9).prefix(3))
            else { break }
            var headers: [String: String] = [:]
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let bodyless = status == 304 || status == 204 || (100..<200).contains(status) || self.isHeadResponse
            let length = bodyless ? 0 : Int(headers["content-length"] ?? "0") ?? 0
            let bodyEnd = min(rest.endIndex, end.upperBound + length)
            messages.append(Message(status: status, headers: headers, body: Array(rest[end.upperBound..<bodyEnd])))
            rest = rest[bodyEnd...]
        }
        return messages
    }

    /// Set for responses to `HEAD`, which carry `Content-Length` but no body.
    var isHeadResponse = false

    /// Status codes of every response in the stream.
    var statuses: [Int] { self.messages.map(\.status) }

    /// The first status, or `nil` when the server closed without answering.
    var status: Int? { self.statuses.first }

    /// The header fields of the first response, names lower-cased.
    var headers: [String: String] { self.messages.first?.headers ?? [:] }

    /// Everything after the first header block (for `HEAD`: must be nothing).
    var body: [UInt8] {
        guard let end = self.bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { return [] }
        return Array(self.bytes[end.upperBound...])
    }

    /// Every marker of a leak found anywhere in the bytes.
    var leakedMarkers: [String] { SiteFixture.forbiddenMarkers.filter { self.text.contains($0) } }
}

/// A client that writes requests byte for byte over a plain TCP socket, so no HTTP
/// library can normalise, encode or refuse them first.
enum RawHTTP {
    /// Sends `request` to 127.0.0.1:`port` and reads until the server closes.
    ///
    /// Runs on its own thread, so blocking socket calls never hold a thread of the
    /// Swift concurrency pool (which the server under test needs).
    ///
    /// `{HOST}` in the request stands for `127.0.0.1:PORT` and `{PORT}` for the port, so a
    /// request written before the server picked its port names it (the viewer answers only
    /// its own `Host`).
    static func exchange(_ request: [UInt8], port: Int, timeout: Int = 20) async throws -> RawResponse {
        let request = self.substituting(request, port: port)
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try self.exchangeBlocking(request, port: port, timeout: timeout) })
            }
            thread.start()
        }
    }

    static func exchange(_ request: String, port: Int, timeout: Int = 20) async throws -> RawResponse {
        try await self.exchange(Array(request.utf8), port: port, timeout: timeout)
    }

    /// The request with `{HOST}` and `{PORT}` filled in.
    static func substituting(_ request: [UInt8], port: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(request.count + 16)
        let host = Array("{HOST}".utf8), portMark = Array("{PORT}".utf8)
        let hostValue = Array("127.0.0.1:\(port)".utf8), portValue = Array(String(port).utf8)
        var index = 0
        while index < request.count {
            if request[index...].starts(with: host) {
                result += hostValue
                index += host.count
            } else if request[index...].starts(with: portMark) {
                result += portValue
                index += portMark.count
            } else {
                result.append(request[index])
                index += 1
            }
        }
        return result
    }

    /// Sends one keep-alive request, hands over the response as soon as it is complete,
    /// then keeps the connection open until the server closes it or `timeout` passes.
    ///
    /// - Returns: Whether the server closed the connection (rather than the timeout).
    static func keepAlive(
        _ request: String,
        port: Int,
        timeout: Int,
        onResponse: @escaping @Sendable (RawResponse) -> Void
    ) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    let socket = try self.connect(port: port, timeout: timeout)
                    defer { close(socket) }
                    let bytes = self.substituting(Array(request.utf8), port: port)
                    _ = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    var received: [UInt8] = []
                    var answered = false
                    var buffer = [UInt8](repeating: 0, count: 65_536)
                    while true {
                        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                        if count > 0 {
                            received.append(contentsOf: buffer[..<count])
                            let response = RawResponse(bytes: received, timedOut: false)
                            if !answered, let message = response.messages.first,
                               message.body.count == Int(message.headers["content-length"] ?? "0") {
                                answered = true
                                onResponse(response)
                            }
                            continue
                        }
                        if count < 0, errno == EINTR { continue }
                        return count == 0
                    }
                })
            }
            thread.start()
        }
    }

    /// Sends `request` one byte every `interval`, never finishing it, until the server closes
    /// the connection (true) or every byte is sent and 5 more seconds pass (false).
    static func trickle(_ request: String, port: Int, interval: Duration) async throws -> Bool {
        let bytes = self.substituting(Array(request.utf8), port: port)
        let microseconds = UInt32(interval / .microseconds(1))
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    let socket = try self.connect(port: port, timeout: 5)
                    defer { close(socket) }
                    var probe = [UInt8](repeating: 0, count: 16)
                    for byte in bytes {
                        var one = byte
                        if send(socket, &one, 1, Int32(MSG_NOSIGNAL)) <= 0 { return true }
                        usleep(microseconds)
                        // A closed connection reads as 0 bytes at once; an open one has nothing yet.
                        let count = probe.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                        if count == 0 { return true }
                    }
                    let count = probe.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                    return count == 0
                })
            }
            thread.start()
        }
    }

    /// Whether anything accepts connections on 127.0.0.1:`port`.
    static func canConnect(port: Int) -> Bool {
        guard let socket = try? self.connect(port: port, timeout: 2) else { return false }
        close(socket)
        return true
    }

    struct SocketError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    private static func connect(port: Int, timeout: Int) throws -> Int32 {
        #if canImport(Glibc)
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw SocketError(call: "socket", code: errno) }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if canImport(Glibc)
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #else
                Darwin.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #endif
            }
        }
        guard result == 0 else {
            let code = errno
            close(socket)
            throw SocketError(call: "connect", code: code)
        }
        return socket
    }

    private static func exchangeBlocking(_ request: [UInt8], port: Int, timeout: Int) throws -> RawResponse {
        let socket = try self.connect(port: port, timeout: timeout)
        defer { close(socket) }
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 {
                // The server may close as soon as it has seen enough (e.g. an overlong line).
                break
            }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: buffer[..<count])
                continue
            }
            if count == 0 { return RawResponse(bytes: received, timedOut: false) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return RawResponse(bytes: received, timedOut: true) }
            // ECONNRESET after the server answered and closed: keep what arrived.
            return RawResponse(bytes: received, timedOut: false)
        }
    }
}
