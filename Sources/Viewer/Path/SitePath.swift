/// A request target reduced to safe path segments inside the site folder.
///
/// `SitePath` is the only door between a URL and the file system, and it does no I/O.
/// It takes the raw request target exactly as the client sent it, drops the query
/// and fragment, checks the raw bytes, splits on raw `/`, then percent-decodes each
/// segment **once** and checks it again. Nothing is normalised: instead of resolving
/// `..` it refuses it, so there is no clever decoding order to get wrong.
///
/// Refused, as ``SitePathRejection``:
/// - paths longer than ``maximumLength`` bytes (414);
/// - targets not starting with `/`, invalid `%` escapes, NUL, control characters and
///   spaces (raw or encoded), encoded slashes `%2f`, backslashes (raw or `%5c`), `.`
///   and `..` segments (raw or encoded), empty segments such as `//etc/passwd`, and
///   segments that are not UTF-8 once decoded (400);
/// - segments starting with `.`, hidden files such as `.git` or `.env` (404).
///
/// A double-encoded `%252e%252e` decodes once to the literal name `%2e%2e`, which is
/// just a file that does not exist.
///
/// ```swift
/// let path = try SitePath(target: "/runs/1-btc/report%20v2.md?tab=x")
/// path.segments          // ["runs", "1-btc", "report v2.md"]
/// path.hasTrailingSlash  // false
/// path.query             // "tab=x"
/// ```
public struct SitePath: Sendable, Hashable {
    /// The longest path accepted, in bytes of the raw (still encoded) path without query.
    public static let maximumLength = 1024

    /// The decoded segments, none empty, none `.` or `..`, none hidden, none containing
    /// `/`, `\` or control characters. Empty for the site root.
    public let segments: [String]
    /// Whether the path ends with `/` (a folder URL). True for the root `/`.
    public let hasTrailingSlash: Bool
    /// The path as received, still percent-encoded, without query or fragment.
    /// Validated, so it is safe to reuse in a `Location` header.
    public let encodedPath: String
    /// The raw query after `?` (without fragment), if any. Never used to find a file.
    public let query: String?

    /// Parses and checks a raw request target (`/path?query`).
    ///
    /// - Parameter target: The request target as sent on the request line.
    /// - Throws: ``SitePathRejection`` for anything that is not a plain path inside the
    ///   site folder; its ``SitePathRejection/statusCode`` is the status to answer with.
    public init(target: String) throws(SitePathRejection) {
        let bytes = Array(target.utf8)
        let pathEnd = bytes.firstIndex { $0 == ASCII.question || $0 == ASCII.hash } ?? bytes.endIndex
        let path = bytes[..<pathEnd]
        var query: String?
        if pathEnd < bytes.endIndex, bytes[pathEnd] == ASCII.question {
            let rest = bytes[(pathEnd + 1)...]
            let queryEnd = rest.firstIndex(of: ASCII.hash) ?? rest.endIndex
            // Never used to find a file, but echoed in redirects: no control bytes.
            if rest[..<queryEnd].contains(where: { $0 < ASCII.space || $0 == ASCII.delete }) {
                throw .controlCharacter
            }
            query = String(decoding: rest[..<queryEnd], as: UTF8.self)
        }

        guard path.count <= Self.maximumLength else { throw .tooLong }
        guard path.first == ASCII.slash else { throw .notAbsolute }
        for byte in path {
            if byte == 0 { throw .nulByte }
            if byte <= ASCII.space || byte == ASCII.delete { throw .controlCharacter }
            if byte == ASCII.backslash { throw .backslash }
        }

        var rawSegments = path.dropFirst().split(separator: ASCII.slash, omittingEmptySubsequences: false)
        let hasTrailingSlash = rawSegments.last?.isEmpty ?? true
        if hasTrailingSlash, !rawSegments.isEmpty { rawSegments.removeLast() }

        // First every reason for a 400, so a hidden segment never masks a traversal.
        var segments: [String] = []
        segments.reserveCapacity(rawSegments.count)
        for raw in rawSegments {
            guard !raw.isEmpty else { throw .emptySegment }
            let decoded = try Self.percentDecode(raw)
            guard let segment = String(validating: decoded, as: UTF8.self) else { throw .invalidUTF8 }
            guard segment != ".", segment != ".." else { throw .dotSegment }
            segments.append(segment)
        }
        guard !segments.contains(where: { $0.hasPrefix(".") }) else { throw .hidden }

        self.segments = segments
        self.hasTrailingSlash = hasTrailingSlash
        self.encodedPath = String(decoding: path, as: UTF8.self)
        self.query = query
    }

    /// Decodes `%XY` escapes once, refusing the bytes a segment must never contain.
    private static func percentDecode(_ raw: ArraySlice<UInt8>) throws(SitePathRejection) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            var byte = raw[index]
            if byte == ASCII.percent {
                guard raw.endIndex - index >= 3,
                      let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2])
                else { throw .invalidPercentEncoding }
                byte = high << 4 | low
                index += 3
                if byte == 0 { throw .nulByte }
                if byte == ASCII.slash { throw .encodedSlash }
                if byte == ASCII.backslash { throw .backslash }
                if byte < ASCII.space || byte == ASCII.delete { throw .controlCharacter }
            } else {
                index += 1
            }
            decoded.append(byte)
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The bytes `SitePath` cares about.
private enum ASCII {
    static let space = UInt8(ascii: " ")
    static let delete: UInt8 = 0x7F
    static let slash = UInt8(ascii: "/")
    static let backslash = UInt8(ascii: "\\")
    static let percent = UInt8(ascii: "%")
    static let question = UInt8(ascii: "?")
    static let hash = UInt8(ascii: "#")
}
