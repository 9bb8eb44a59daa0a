/// What can go wrong with the database, with a message a user can act on.
public enum StorageError: Error, Sendable, CustomStringConvertible {
    /// The file cannot be opened or created (permissions, missing folder, not a database).
    case cannotOpen(path: String, reason: String)
    /// The file was written by a newer wfo whose migrations this one does not know.
    case newerVersion(path: String, unknownMigrations: [String])
    /// A read or write failed (locked past the busy timeout, disk full, corrupted file).
    case failed(path: String, reason: String)
    /// No run with that id.
    case noSuchRun(Int64)
    /// No batch with that id.
    case noSuchBatch(Int64)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            "cannot open the database \(path): \(reason)"
        case let .newerVersion(path, migrations):
            "the database \(path) was written by a newer version of wfo (unknown migrations: \(migrations.joined(separator: ", "))); upgrade wfo or use another --db"
        case let .failed(path, reason):
            "database \(path): \(reason)"
        case let .noSuchRun(id):
            "there is no run \(id); `wfo runs` lists the runs"
        case let .noSuchBatch(id):
            "there is no batch b\(id); `wfo runs` lists the batches"
        }
    }
}
