import Hummingbird

/// Where the viewer's files come from.
///
/// The HTTP logic (``StaticSiteMiddleware``) only ever hands a provider the checked
/// segments of a ``SitePath``; the provider decides what they name and must never
/// return anything outside its root. ``LocalSiteFileSystem`` is the implementation used by
/// `wfo serve`.
///
/// Named apart from Hummingbird's own `FileProvider` and `LocalFileSystem` (which follow
/// symlinks out of their root), so a module importing both needs no qualification.
///
/// ```swift
/// let files = try LocalSiteFileSystem(root: "site")
/// if case .file(let file) = try await files.lookup(["runs", "1-btc", "index.html"]) {
///     let opened = try await files.open(file)
/// }
/// ```
public protocol SiteFileProvider: Sendable {
    /// Finds what the segments name inside the root.
    ///
    /// - Parameter segments: Decoded path segments, already checked by ``SitePath``.
    /// - Returns: A regular file, a folder, or ``FileLookup/notFound`` for anything
    ///   missing, outside the root (through a symlink), hidden, or not a regular file.
    func lookup(_ segments: [String]) async throws -> FileLookup

    /// Opens a file found by ``lookup(_:)`` for sending.
    ///
    /// - Parameter file: A file returned by ``lookup(_:)``.
    /// - Returns: The body and the metadata of the file as it was opened, so headers and
    ///   bytes agree even when the file changed since the lookup.
    /// - Throws: ``SiteFileProviderError/vanished`` when the file is gone or is no longer the
    ///   same file; I/O errors otherwise.
    func open(_ file: SiteFile) async throws -> OpenedFile
}

/// What a path names inside the site folder.
public enum FileLookup: Sendable, Equatable {
    /// A regular file.
    case file(SiteFile)
    /// A folder (its `index.html`, if any, is looked up separately).
    case folder
    /// Nothing that may be served.
    case notFound
}

/// A regular file inside the site folder.
public struct SiteFile: Sendable, Equatable {
    /// The resolved real path (no symlinks, inside the real root).
    public let realPath: String
    /// Size, modification time and identity when it was looked up.
    public let metadata: FileMetadata

    public init(realPath: String, metadata: FileMetadata) {
        self.realPath = realPath
        self.metadata = metadata
    }
}

/// The facts about a file that HTTP caching needs.
public struct FileMetadata: Sendable, Hashable {
    /// Size in bytes.
    public let size: Int
    /// Last data modification, whole seconds since 1970-01-01 UTC.
    public let modificationSeconds: Int64
    /// Nanoseconds part of the modification time (0 where the system has none).
    public let modificationNanoseconds: Int64
    /// Inode number: tells a replaced file from an edited one.
    public let inode: UInt64
    /// Device of the file system holding it.
    public let device: UInt64

    public init(size: Int, modificationSeconds: Int64, modificationNanoseconds: Int64 = 0, inode: UInt64 = 0, device: UInt64 = 0) {
        self.size = size
        self.modificationSeconds = modificationSeconds
        self.modificationNanoseconds = modificationNanoseconds
        self.inode = inode
        self.device = device
    }
}

/// An opened file ready to send.
public struct OpenedFile: Sendable {
    /// Metadata read from the open file.
    public let metadata: FileMetadata
    /// The bytes: one buffer for small files, a stream for large ones.
    public let body: ResponseBody

    public init(metadata: FileMetadata, body: ResponseBody) {
        self.metadata = metadata
        self.body = body
    }
}

/// Failures of a ``SiteFileProvider`` after a successful lookup.
public enum SiteFileProviderError: Error, Equatable, Sendable {
    /// The file disappeared or was replaced between lookup and open.
    case vanished
    /// The file became shorter while it was being sent.
    case truncated
    /// A system call failed with this `errno`.
    case system(call: String, errno: Int32)
}
