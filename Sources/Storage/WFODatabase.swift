import Foundation
import GRDB

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
    public static let busyTimeout: TimeInterval = 30

    /// - Parameter readOnly: open without migrating or writing (the file must exist).
    /// - Throws: ``StorageError`` when the file cannot be opened or was written by a newer wfo.
    public init(path: String, readOnly: Bool = false) throws(StorageError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.readonly = readOnly
        configuration.label = "wfo"
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw .cannotOpen(path: path, reason: "no such file; run a study first (`wfo run STUDY.yaml`) or pass --db")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
        let migrator = Migrations.migrator
        do {
            let unknown = try pool.read { db in
                try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
            }
            if !unknown.isEmpty { throw StorageError.newerVersion(path: path, unknownMigrations: unknown.sorted()) }
            if !readOnly { try migrator.migrate(pool) }
        } catch let error as StorageError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
    }

    /// Runs a write transaction, turning database errors into ``StorageError``.
    func write<T>(_ updates: (Database) throws -> T) throws(StorageError) -> T {
        do { return try pool.write(updates) } catch { throw .failed(path: path, reason: Self.reason(error)) }
    }

    func read<T>(_ value: (Database) throws -> T) throws(StorageError) -> T {
        do { return try pool.read(value) } catch { throw .failed(path: path, reason: Self.reason(error)) }
    }

    /// SQLite's message in words a user can act on.
    static func reason(_ error: Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "the database is locked by another process for more than \(Int(busyTimeout)) s; try again when it is done"
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
