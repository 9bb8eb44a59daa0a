/// Why a request target was refused before it came anywhere near the file system.
///
/// Every case maps to the HTTP status the viewer answers with (``status``): a target
/// that is malformed or tries to escape the site folder is `400 Bad Request`, one that
/// is too long is `414 URI Too Long`, and one that names a hidden file or folder
/// (`.git`, `.env`) is `404 Not Found`, exactly as if it did not exist.
public enum SitePathRejection: Error, Equatable, Sendable {
    /// The path is longer than ``SitePath/maximumLength`` bytes.
    case tooLong
    /// The target is not an absolute path (`*`, `index.html`, an empty target).
    case notAbsolute
    /// A `%` is not followed by two hexadecimal digits (`%`, `%4`, `%zz`).
    case invalidPercentEncoding
    /// A NUL byte, raw or as `%00`.
    case nulByte
    /// Another control character or a space, raw or encoded (`%0a`, `%7f`).
    case controlCharacter
    /// `%2f` or `%2F`: a slash hidden inside a segment.
    case encodedSlash
    /// A backslash, raw or as `%5c`: a separator on some systems.
    case backslash
    /// A `.` or `..` segment, raw or encoded (`%2e%2e`).
    case dotSegment
    /// An empty segment in the middle (`//etc/passwd`, `/runs//x`).
    case emptySegment
    /// A segment that is not valid UTF-8 once decoded (`%ff`).
    case invalidUTF8
    /// A segment starting with `.`: hidden files are never served.
    case hidden

    /// The HTTP status code for this rejection: 400, 404 or 414.
    public var statusCode: Int {
        switch self {
        case .tooLong: 414
        case .hidden: 404
        case .notAbsolute, .invalidPercentEncoding, .nulByte, .controlCharacter, .encodedSlash,
             .backslash, .dotSegment, .emptySegment, .invalidUTF8:
            400
        }
    }
}
