import Foundation
import GRDB
import RunRecords

/// The SQLite database of runs, windows, trials, trades, equity and the candle cache.
///
/// Opened in WAL mode with a busy timeout, so several `wfo` processes and a `wfo serve`
/// can read and write it at once; every write is a short transaction. Migrations run on
/// open (forward only); a file written by a newer version is refused rather than damaged.
///
/// ```swift
/// let database = try WFODatabase(path: "wfo.sqlite")
/// let runs = try database.runs()
/// ```
public final class WFODatabase: Sendable {
    public let path: String
    let pool: DatabasePool
    /// How long a writer waits for another process's transaction before failing.
    public let lockTimeout: TimeInterval

    /// The default of ``lockTimeout``: long enough for any wfo transaction (a window's results
    /// commit in milliseconds), short enough to say something when a foreign process holds a lock.
    public static let defaultLockTimeout: TimeInterval = 30

    /// - Parameters:
    ///   - readOnly: open without migrating or writing (the file must exist).
    ///   - lockTimeout: how long to wait for another process's write lock before failing.
    /// - Throws: ``StorageError`` when the file cannot be opened or was written by a newer wfo.
    public init(path: String, readOnly: Bool = false, lockTimeout: TimeInterval = WFODatabase.defaultLockTimeout) throws(StorageError) {
        self.path = path
        self.lockTimeout = lockTimeout
        var configuration = Configuration()
        configuration.busyMode = .timeout(lockTimeout)
        configuration.readonly = readOnly
        configuration.label = "wfo"
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw .cannotOpen(path: path, reason: "no such file; run a study first (`wfo run STUDY.yaml`) or pass --db")
        }
        pool = try Self.openPool(path: path, configuration: configuration, lockTimeout: lockTimeout)
        let migrator = Migrations.migrator
        do {
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(migrator.migrations)
            if !unknown.isEmpty { throw StorageError.newerVersion(path: path, unknownMigrations: unknown.sorted()) }
            if !readOnly {
                let rebuilds = !applied.contains(StrictTables.migration)
                // The tables written before their STRICT rebuild, folded into the file first,
                // so the write-ahead log never holds both at once (a small disk has room).
                if rebuilds, let strict = migrator.migrations.firstIndex(of: StrictTables.migration), strict > 0 {
                    try migrator.migrate(pool, upTo: migrator.migrations[strict - 1])
                    try Self.compact(pool, vacuum: false)
                }
                try migrator.migrate(pool)
                if rebuilds { try Self.compact(pool, vacuum: !applied.isEmpty) }
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw Self.openingError(error, path: path, lockTimeout: lockTimeout)
        }
    }

    /// Around the STRICT rebuild (``StrictTables``): the write-ahead log folded into the file
    /// and started over from its beginning (`RESTART`: the next writes reuse its space, so the
    /// log never holds the tables and their rebuild at once, and a small disk has room; it is
    /// not cut to nothing, which GRDB's readers need it not to be). With `vacuum` (an upgraded
    /// database, whose old tables' pages the rebuild freed) those pages are given back too, so
    /// the file does not keep twice the room it needs; a new database's few freed pages are
    /// reused by its first writes.
    static func compact(_ pool: DatabasePool, vacuum: Bool) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(RESTART)")
            if vacuum {
                try db.execute(sql: "VACUUM")
                try db.execute(sql: "PRAGMA wal_checkpoint(RESTART)")
            }
        }
    }

    /// The pool on `path`, retried past two races with another process's reader (`wfo status`
    /// or `wfo serve` polling a run that is starting), every 20 ms for up to 5 s (at most the
    /// lock timeout); other errors are not retried:
    /// - Switching a new file to WAL needs it to itself for an instant: a reader that opened the
    ///   empty file at that moment makes SQLite keep the old journal mode without waiting, and
    ///   GRDB fails with "could not activate WAL Mode".
    /// - GRDB checks that the write-ahead log `PATH-wal` exists and then reads its size; a
    ///   reader that was the file's last connection deletes the log as it closes, and a close
    ///   between the two makes the size read fail with "no such file" (``isVanishedLog(_:path:)``).
    static func openPool(path: String, configuration: Configuration, lockTimeout: TimeInterval) throws(StorageError) -> DatabasePool {
        let deadline = Date().addingTimeInterval(min(lockTimeout, 5))
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch {
                let race = "\(error)".contains("could not activate WAL Mode") || isVanishedLog(error, path: path)
                guard race, Date() < deadline else { throw Self.openingError(error, path: path, lockTimeout: lockTimeout) }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    /// Whether `error` is Foundation's "no such file" for the write-ahead log of `path`, which
    /// another connection deleted while the pool was opening.
    static func isVanishedLog(_ error: Error, path: String) -> Bool {
        let error = error as NSError
        guard error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileReadNoSuchFile.rawValue else { return false }
        return (error.userInfo[NSFilePathErrorKey] as? String) == path + "-wal"
    }

    /// A lock held too long is ``StorageError/busy(path:seconds:)``; a full disk or an I/O error
    /// while opening is a failure (``StorageError/failed(path:reason:)``); anything else means
    /// the file cannot be used as given (``StorageError/cannotOpen(path:reason:)``).
    static func openingError(_ error: Error, path: String, lockTimeout: TimeInterval) -> StorageError {
        if error is StoredValueError || error is StorageError { return storageError(error, path: path, lockTimeout: lockTimeout) }
        switch (error as? DatabaseError)?.resultCode {
        case .SQLITE_BUSY?, .SQLITE_LOCKED?, .SQLITE_FULL?, .SQLITE_IOERR?: return storageError(error, path: path, lockTimeout: lockTimeout)
        default: return .cannotOpen(path: path, reason: Self.reason(error))
        }
    }

    /// Runs a write transaction, turning database errors into ``StorageError``.
    func write<T>(_ updates: (Database) throws -> T) throws(StorageError) -> T {
        do { return try pool.write(updates) } catch { throw storageError(error) }
    }

    func read<T>(_ value: (Database) throws -> T) throws(StorageError) -> T {
        do { return try pool.read(value) } catch { throw storageError(error) }
    }

    func storageError(_ error: Error) -> StorageError {
        Self.storageError(error, path: path, lockTimeout: lockTimeout)
    }

    /// A damaged row, a lock held past the timeout, or another failure in words a user can act on.
    static func storageError(_ error: Error, path: String, lockTimeout: TimeInterval) -> StorageError {
        switch error {
        case let error as StorageError: return error
        case let damage as StoredValueError: return .damaged(path: path, damage)
        case let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED:
            return .busy(path: path, seconds: Int(lockTimeout.rounded()))
        default: return .failed(path: path, reason: reason(error))
        }
    }

    /// SQLite's message in words a user can act on.
    static func reason(_ error: Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        switch error.resultCode {
        case .SQLITE_FULL:
            return "the disk is full; free some space (nothing committed was lost)"
        case .SQLITE_READONLY:
            return "the database or its folder is read-only; check permissions or use another --db"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "the file is not a wfo database or is corrupted; restore it from a backup or use another --db"
        case .SQLITE_CANTOPEN:
            return "cannot open the file; check that its folder exists and is writable"
        default:
            return error.message ?? "\(error)"
        }
    }

    /// Milliseconds since the epoch, for the `*_at` columns.
    public static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded()) }
}
