import RunRecords
/// What can go wrong with the database, with a message a user can act on.
///
/// Callers decide by case: ``busy(path:seconds:)`` is worth retrying (exit status 75, HTTP
/// 503), ``damaged(path:_:)`` and ``failed(path:reason:)`` are failures to look into (exit 1,
/// HTTP 500), the others are bad input (exit 2, HTTP 400 or 404).
public enum StorageError: Error, Sendable, CustomStringConvertible {
    /// The file cannot be opened or created (permissions, missing folder, not a database).
    case cannotOpen(path: String, reason: String)
    /// The file was written by a newer wfo whose migrations this one does not know.
    case newerVersion(path: String, unknownMigrations: [String])
    /// Another process held the database's lock for longer than the lock timeout: nothing was
    /// changed, and the same command later will go through.
    case busy(path: String, seconds: Int)
    /// A stored row holds a value its column must not (changed outside wfo): nothing was read
    /// as a default; the row is named so it can be repaired or the file restored.
    case damaged(path: String, StoredValueError)
    /// A read or write failed (disk full, read-only file, corrupted file).
    case failed(path: String, reason: String)
    /// No run with that id.
    case noSuchRun(Int64)
    /// No batch with that id.
    case noSuchBatch(Int64)

    public var description: String {
        switch self {
        case .busy(let path, _), .damaged(let path, _), .failed(let path, _):
            "database \(path): \(descriptionWithoutPath)"
        case let .cannotOpen(path, reason):
            "cannot open the database \(path): \(reason)"
        case let .newerVersion(path, _):
            "the database \(path) \(descriptionWithoutPath)"
        case .noSuchRun, .noSuchBatch:
            descriptionWithoutPath
        }
    }

    /// ``description`` without the file's path: what `wfo serve` tells its clients, which
    /// learn nothing of the machine's folders.
    public var descriptionWithoutPath: String {
        switch self {
        case let .cannotOpen(_, reason):
            "cannot open the database: \(reason)"
        case let .newerVersion(_, migrations):
            "was written by a newer version of wfo (unknown migrations: \(migrations.joined(separator: ", "))); upgrade wfo or use another --db"
        case let .busy(_, seconds):
            "another process (another wfo, or a tool with the file open) holds the database's lock and did not let go "
                + "within \(seconds) s; nothing was changed: try again when it is done (or wait longer with --lock-timeout)"
        case let .damaged(_, damage):
            "\(damage), which wfo never writes: the file was changed outside wfo. Nothing was read in its place; "
                + "repair that row or restore the database from a backup"
        case let .failed(_, reason):
            reason
        case let .noSuchRun(id):
            "there is no run \(id); `wfo runs` lists the runs"
        case let .noSuchBatch(id):
            "there is no batch b\(id); `wfo runs` lists the batches"
        }
    }
}
