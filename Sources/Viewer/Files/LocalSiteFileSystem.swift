import Hummingbird
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves files from one folder of the local disk, and never from anywhere else.
///
/// The root is resolved once with `realpath` when the provider is made. Each lookup
/// joins the checked segments to it, resolves the result with `realpath` too (so every
/// symlink is followed), and accepts it only when the resolved path is the real root
/// or starts with the real root plus `/`. So a symlink inside the folder that points
/// inside the folder is served, and one that points outside (say `site/etc -> /etc`)
/// is ``FileLookup/notFound``, as is anything whose resolved path passes through a
/// hidden name (a `docs -> .git` link), and anything that is neither a regular file
/// nor a folder (FIFOs, sockets, devices).
///
/// Files are opened with `O_NOFOLLOW` and checked to be the same file (device and
/// inode) that the lookup found. Files up to ``wholeFileLimit`` bytes are read whole;
/// larger ones are streamed in chunks. Blocking calls run on NIO's thread pool.
///
/// ```swift
/// let files = try LocalSiteFileSystem(root: "site")
/// try await files.lookup(["index.html"])   // .file(...)
/// try await files.lookup(["link-to-etc"])  // .notFound when it points to /etc
/// ```
public struct LocalSiteFileSystem: SiteFileProvider {
    /// The default largest file read into memory at once: 64 MiB.
    public static let defaultWholeFileLimit = 64 << 20

    /// The real path of the root folder (absolute, no symlinks, no trailing slash).
    public let realRoot: String
    /// Files larger than this many bytes are streamed instead of read whole.
    public let wholeFileLimit: Int
    /// Size of each read when streaming.
    public let chunkSize: Int

    let threadPool: NIOThreadPool

    /// Makes a provider serving `root`.
    ///
    /// - Parameters:
    ///   - root: The folder to serve, absolute or relative to the current folder.
    ///   - wholeFileLimit: Files above this size are streamed (default 64 MiB).
    ///   - chunkSize: Read size when streaming (default 256 KiB).
    ///   - threadPool: Where blocking file calls run.
    /// - Throws: ``ViewerError/rootMissing(_:)`` or ``ViewerError/rootNotAFolder(_:)``.
    public init(
        root: String,
        wholeFileLimit: Int = defaultWholeFileLimit,
        chunkSize: Int = 256 << 10,
        threadPool: NIOThreadPool = .singleton
    ) throws(ViewerError) {
        guard let real = Self.realPath(root) else { throw .rootMissing(root) }
        guard case .folder = Self.kind(ofRealPath: real) else { throw .rootNotAFolder(root) }
        self.realRoot = real
        self.wholeFileLimit = wholeFileLimit
        self.chunkSize = max(1, chunkSize)
        self.threadPool = threadPool
    }

    public func lookup(_ segments: [String]) async throws -> FileLookup {
        try await self.threadPool.runIfActive { self.resolve(segments) }
    }

    public func open(_ file: SiteFile) async throws -> OpenedFile {
        try await self.threadPool.runIfActive { try self.openNow(file) }
    }

    /// The blocking lookup: join, resolve, confine, classify.
    func resolve(_ segments: [String]) -> FileLookup {
        // Defence in depth: SitePath already refuses all of these.
        for segment in segments {
            if segment.isEmpty || segment == "." || segment == ".." || segment.hasPrefix(".")
                || segment.utf8.contains(where: { $0 == 0 || $0 == UInt8(ascii: "/") })
            {
                return .notFound
            }
        }
        let joined = segments.isEmpty ? self.realRoot : self.realRoot + "/" + segments.joined(separator: "/")
        guard let real = Self.realPath(joined), self.contains(real) else { return .notFound }
        return Self.kind(ofRealPath: real)
    }

    /// Whether a resolved path is the root or below it, through no hidden name.
    func contains(_ real: String) -> Bool {
        if real == self.realRoot { return true }
        let prefix = self.realRoot == "/" ? "/" : self.realRoot + "/"
        guard real.hasPrefix(prefix) else { return false }
        let relative = real.dropFirst(prefix.count)
        return !relative.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    static func kind(ofRealPath path: String) -> FileLookup {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .notFound }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(SiteFile(realPath: path, metadata: FileMetadata(info)))
        case S_IFDIR: return .folder
        default: return .notFound
        }
    }
}

extension FileMetadata {
    /// Reads the fields of a `stat` result.
    init(_ info: stat) {
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        self.init(
            size: Int(info.st_size),
            modificationSeconds: Int64(modified.tv_sec),
            modificationNanoseconds: Int64(modified.tv_nsec),
            inode: UInt64(info.st_ino),
            device: UInt64(info.st_dev)
        )
    }
}
