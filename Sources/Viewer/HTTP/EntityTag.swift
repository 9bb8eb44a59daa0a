/// Strong entity tags for files and the `If-None-Match` test.
///
/// A file's tag is built from its size, modification time to the nanosecond and inode,
/// all in hexadecimal, in quotes: `"1a2b-17f3c0d2e4a5b6c7-3e8"`. Any edit changes the
/// size or the time, and a file replaced by a rename changes the inode.
///
/// `If-None-Match` uses the weak comparison of RFC 9110 §13.1.2: `W/"x"` matches `"x"`.
///
/// ```swift
/// let tag = EntityTag.make(for: metadata)          // "\"2c-5f5e100-1b\""
/// EntityTag.ifNoneMatch("\"a\", \(tag)", matches: tag)  // true
/// EntityTag.ifNoneMatch("*", matches: tag)         // true
/// ```
public enum EntityTag {
    /// The strong, quoted tag of a file.
    public static func make(for metadata: FileMetadata) -> String {
        let nanoseconds = metadata.modificationSeconds &* 1_000_000_000 &+ metadata.modificationNanoseconds
        return "\"\(String(metadata.size, radix: 16))-\(String(UInt64(bitPattern: nanoseconds), radix: 16))-\(String(metadata.inode, radix: 16))\""
    }

    /// Whether an `If-None-Match` value matches a tag: `*`, or a list holding it.
    ///
    /// A malformed list matches nothing from the first malformed entry on, so the
    /// client gets the full response rather than a wrong 304.
    ///
    /// - Parameters:
    ///   - header: The field value; several field lines may be joined with commas.
    ///   - tag: The quoted tag of the current file.
    public static func ifNoneMatch(_ header: String, matches tag: String) -> Bool {
        let wanted = opaque(tag)
        var rest = Substring(header)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            if rest.isEmpty { return false }
            if rest.first == "*" { return true }
            if rest.hasPrefix("W/") { rest = rest.dropFirst(2) }
            guard rest.first == "\"" else { return false }
            let body = rest.dropFirst()
            guard let close = body.firstIndex(of: "\"") else { return false }
            if body[..<close] == wanted { return true }
            rest = body[body.index(after: close)...]
        }
    }

    /// The tag without `W/` and quotes.
    private static func opaque(_ tag: String) -> Substring {
        var value = Substring(tag)
        if value.hasPrefix("W/") { value = value.dropFirst(2) }
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
        return value
    }
}
