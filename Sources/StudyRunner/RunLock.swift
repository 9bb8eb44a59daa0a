import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock that says "this process is working on run N", so a second process
/// cannot resume a run that is still running. It is a byte-range lock (`fcntl`) on
/// `<database>.locks`, byte N: the kernel drops it when the process dies, even by SIGKILL.
final class RunLock {
    private let descriptor: Int32
    private let runID: Int64

    /// nil when another process holds the lock.
    init?(databasePath: String, runID: Int64) throws {
        let path = databasePath + ".locks"
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
        if fcntl(descriptor, F_SETLK, &lock) != 0 {
            close(descriptor)
            return nil
        }
    }

    deinit {
        var lock = flock()
        lock.l_type = Int16(F_UNLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(runID)
        lock.l_len = 1
        _ = fcntl(descriptor, F_SETLK, &lock)
        close(descriptor)
    }
}
