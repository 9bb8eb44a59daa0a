import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock that says "someone is working on run N", so a second process (or a
/// second worker of the server) cannot resume a run that is still running. It is a
/// byte-range lock on `<database>.locks`, byte N: the kernel drops it when the process
/// dies, even by SIGKILL.
///
/// On Linux it is an open-file-description lock (`F_OFD_SETLK`): unlike classic `fcntl`
/// locks, it is not released when the same process closes another descriptor of the file,
/// and it conflicts between two locks taken in one process — both matter in `wfo serve`,
/// which runs several studies and checks locks in one process.
final class RunLock {
    private let descriptor: Int32
    private let runID: Int64

    /// nil when another process holds the lock.
    /// `<database>.locks`.
    static func path(databasePath: String) -> String { databasePath + ".locks" }

    init?(databasePath: String, runID: Int64) throws {
        let path = Self.path(databasePath: databasePath)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunnerError.failed("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        self.runID = runID
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(runID)
        lock.l_len = 1
        if fcntl(descriptor, Self.setLock, &lock) != 0 {
            close(descriptor)
            return nil
        }
    }

    #if os(Linux)
    /// `F_OFD_SETLK` from <fcntl.h> (not imported into Swift as it is behind _GNU_SOURCE).
    private static let setLock: Int32 = 37
    #else
    private static let setLock: Int32 = F_SETLK
    #endif

    deinit {
        var lock = flock()
        lock.l_type = Int16(F_UNLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(runID)
        lock.l_len = 1
        _ = fcntl(descriptor, Self.setLock, &lock)
        close(descriptor)
    }
}
