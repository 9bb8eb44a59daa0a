/// The `Content-Type` of a served file, chosen by its extension alone.
///
/// Text types carry `charset=utf-8` (the report generator writes UTF-8), and the
/// server sends `X-Content-Type-Options: nosniff`, so a browser takes the type as
/// given. An unknown or missing extension is `application/octet-stream`, which a
/// browser downloads instead of rendering.
///
/// ```swift
/// ContentType.forFileName("report.md")   // "text/markdown; charset=utf-8"
/// ContentType.forFileName("EQUITY.SVG")  // "image/svg+xml"
/// ContentType.forFileName("LICENSE")     // "application/octet-stream"
/// ```
public enum ContentType {
    /// The default for anything not listed in ``byExtension``.
    public static let fallback = "application/octet-stream"

    /// Known extensions (lower case, without the dot) and their media types.
    public static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
        "json": "application/json",
        "svg": "image/svg+xml",
        "png": "image/png",
        "ico": "image/x-icon",
    ]

    /// The media type for a file name: by its last extension, case-insensitively.
    ///
    /// - Parameter name: A file name such as `trades.csv` (a path works too).
    /// - Returns: The media type, or ``fallback``.
    public static func forFileName(_ name: String) -> String {
        let base = name.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(name)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return fallback }
        let fileExtension = base[base.index(after: dot)...].lowercased()
        return byExtension[fileExtension] ?? fallback
    }
}
