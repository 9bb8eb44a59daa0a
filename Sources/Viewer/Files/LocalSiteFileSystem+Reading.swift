import Hummingbird
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension LocalSiteFileSystem {
    /// The blocking open: `O_NOFOLLOW`, same device and inode as the lookup, then a
    /// whole read or a streaming body.
    func openNow(_ file: SiteFile) throws -> OpenedFile {
        let handle = try ReadOnlyFile(openingForReading: file.realPath)
        var info = stat()
        guard fstat(handle.descriptor, &info) == 0 else {
            throw SiteFileProviderError.system(call: "fstat", errno: errno)
        }
        let metadata = FileMetadata(info)
        guard info.st_mode & S_IFMT == S_IFREG,
              metadata.inode == file.metadata.inode, metadata.device == file.metadata.device
        else { throw SiteFileProviderError.vanished }

        if metadata.size <= self.wholeFileLimit {
            let bytes = try handle.read(upTo: metadata.size, at: 0)
            return OpenedFile(metadata: metadata, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return OpenedFile(metadata: metadata, body: self.streamingBody(handle, size: metadata.size))
    }

    /// A body that reads `size` bytes in ``chunkSize`` pieces as the client takes them.
    ///
    /// The descriptor is closed when the body is released, written or not.
    func streamingBody(_ handle: ReadOnlyFile, size: Int) -> ResponseBody {
        let threadPool = self.threadPool
        let chunkSize = self.chunkSize
        return ResponseBody(contentLength: size) { writer in
            var offset = 0
            while offset < size {
                let wanted = min(chunkSize, size - offset)
                let start = offset
                let chunk = try await threadPool.runIfActive { try handle.read(upTo: wanted, at: start) }
                // A file cut short mid-send: abort rather than send a short body.
                guard !chunk.isEmpty else { throw SiteFileProviderError.truncated }
                try await writer.write(ByteBuffer(bytes: chunk))
                offset += chunk.count
            }
            try await writer.finish(nil)
        }
    }
}

/// An open, read-only file descriptor, closed when the last reference goes.
final class ReadOnlyFile: Sendable {
    let descriptor: CInt

    /// Opens `path` read-only, refusing a symlink as the last component.
    init(openingForReading path: String) throws {
        let descriptor = systemOpen(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ELOOP || code == ENOTDIR { throw SiteFileProviderError.vanished }
            throw SiteFileProviderError.system(call: "open", errno: code)
        }
        self.descriptor = descriptor
    }

    deinit { close(self.descriptor) }

    /// Reads up to `count` bytes starting at `offset`; fewer only at end of file.
    func read(upTo count: Int, at offset: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            while initialized < count {
                let result = pread(
                    self.descriptor, buffer.baseAddress! + initialized, count - initialized,
                    off_t(offset + initialized)
                )
                if result == 0 { break }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw SiteFileProviderError.system(call: "pread", errno: errno)
                }
                initialized += result
            }
        }
    }
}

/// The C `open`, out of reach of `LocalSiteFileSystem.open(_:)`.
private func systemOpen(_ path: String, _ flags: CInt) -> CInt {
    open(path, flags)
}
