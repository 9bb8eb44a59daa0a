import ArgumentParser
import Foundation
import RunRecords
import StudyRunner

/// `--db PATH`, shared by every command that reads or writes the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite database (default: $WFO_DB, else wfo.sqlite in the current folder).", valueName: "path"),
            completion: Completions.database)
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for another process's lock on the database before failing.", valueName: "seconds"))
    var lockTimeout: Double = StudyRunner.defaultLockTimeout

    var path: String { db ?? Self.defaultPath }

    /// The database without `--db`: `$WFO_DB`, else `wfo.sqlite` in the current folder.
    static var defaultPath: String {
        ProcessInfo.processInfo.environment["WFO_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "wfo.sqlite"
    }

    /// The runner on the database, opened (and migrated); `readOnly` for commands that only look.
    func open(readOnly: Bool = false, jobs: Int = 1) throws -> StudyRunner {
        // A database that is not there (or not a wfo database) is bad input (2), one held by
        // another process is busy (75), a damaged or failing one is a failure (1).
        do { return try StudyRunner(databasePath: path, readOnly: readOnly, lockTimeout: max(0, lockTimeout), jobs: jobs, version: WFOVersion.current) } catch {
            throw CommandFailure(error)
        }
    }
}
