/// Whether a `GET` or `HEAD` may be answered `304 Not Modified` (RFC 9110 §13.2.2).
///
/// `If-None-Match` is evaluated first and, when present, decides alone; only without it
/// is `If-Modified-Since` looked at. A date that does not parse is ignored, so the
/// client gets the full response. `Last-Modified` is sent in whole seconds, so the
/// comparison uses the whole seconds of the file's time.
///
/// ```swift
/// ConditionalRequest.isNotModified(ifNoneMatch: "\"abc\"", ifModifiedSince: nil,
///                                  entityTag: "\"abc\"", lastModified: 0)  // true
/// ```
public enum ConditionalRequest {
    /// - Parameters:
    ///   - ifNoneMatch: The `If-None-Match` field lines joined by commas, if any.
    ///   - ifModifiedSince: The `If-Modified-Since` value, if any.
    ///   - entityTag: The current quoted tag of the file.
    ///   - lastModified: The file's modification time, whole seconds since 1970.
    /// - Returns: `true` when the client's copy is current.
    public static func isNotModified(
        ifNoneMatch: String?,
        ifModifiedSince: String?,
        entityTag: String,
        lastModified: Int64
    ) -> Bool {
        if let ifNoneMatch {
            return EntityTag.ifNoneMatch(ifNoneMatch, matches: entityTag)
        }
        if let ifModifiedSince, let since = HTTPDate.parse(ifModifiedSince) {
            return lastModified <= since
        }
        return false
    }
}
