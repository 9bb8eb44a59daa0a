import Foundation
import GRDB
import TestSupport
import Testing

/// Storage faults (issue "Reliability"): each is a clear error and exit status, and nothing
/// that was committed is lost. Runs the quick-start study (synthetic, 9 windows).
@Suite(.serialized) struct StorageFaultTests {
    static let isRoot = getuid() == 0

    /// Runs `wfo` as the unprivileged user `nobody` when the tests run as root (root ignores
    /// file permissions), else as the current user.
    func wfoWithoutPrivileges(_ arguments: [String], in folder: URL) throws -> CommandResult {
        guard Self.isRoot else { return try CommandRunner.wfo(arguments, in: folder) }
        return try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                     ["--reuid=65534", "--regid=65534", "--clear-groups", SharedData.binary.path] + arguments,
                                     in: folder)
    }

    /// A folder anyone may write, with the quick-start study and a completed run in `done.sqlite`.
    func folderWithACompletedRun() throws -> URL {
        let folder = try CommandRunner.temporaryFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.path)
        let study = try String(contentsOf: SharedData.projectRoot.appendingPathComponent("examples/quickstart.yaml"), encoding: .utf8)
        try study.write(to: folder.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.wfo(["run", "study.yaml", "--db", "done.sqlite", "--no-report"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        return folder
    }

    func integrityCheck(_ path: String) throws -> String {
        try DatabaseDump.string("PRAGMA integrity_check", in: path) ?? ""
    }

    @Test func aReadOnlyDatabaseFileRefusesRunsAndStillAnswersStatus() throws {
        let folder = try folderWithACompletedRun()
        let database = folder.appendingPathComponent("done.sqlite").path
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: database)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let run = try wfoWithoutPrivileges(["run", "study.yaml", "--db", "done.sqlite", "--no-report"], in: folder)
        #expect(run.status == 2)
        #expect(run.standardError.contains("cannot open the database done.sqlite: the database or its folder is read-only; "
            + "check permissions or use another --db"), "\(run.standardError)")
        let status = try wfoWithoutPrivileges(["status", "--db", "done.sqlite"], in: folder)
        #expect(status.status == 0, "\(status.standardError)")
        #expect(status.standardOutput.contains("run 1 COMPLETED"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }

    @Test func aReadOnlyFolderRefusesANewDatabaseAndAWritableOneInIt() throws {
        let folder = try folderWithACompletedRun()
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: folder.appendingPathComponent("done.sqlite").path,
                                         toPath: locked.appendingPathComponent("w.sqlite").path)
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: locked.appendingPathComponent("w.sqlite").path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        let fresh = try wfoWithoutPrivileges(["run", "study.yaml", "--db", "locked/new.sqlite", "--no-report"], in: folder)
        #expect(fresh.status == 2)
        #expect(fresh.standardError.contains("cannot open the database locked/new.sqlite: cannot open the file; check that its folder "
            + "exists and is writable"), "\(fresh.standardError)")
        let existing = try wfoWithoutPrivileges(["run", "study.yaml", "--db", "locked/w.sqlite", "--no-report"], in: folder)
        #expect(existing.status == 2)
        #expect(existing.standardError.contains("the database or its folder is read-only"), "\(existing.standardError)")
        #expect(!FileManager.default.fileExists(atPath: locked.appendingPathComponent("new.sqlite").path))
    }

    @Test func aDatabaseOfANewerVersionIsRefusedUntouched() throws {
        let folder = try folderWithACompletedRun()
        let database = folder.appendingPathComponent("done.sqlite").path
        let queue = try DatabaseQueue(path: database)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('fromTheFuture')") }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        // Opening a WAL database for writing makes GRDB create and drop a table so the -wal file
        // exists (its "issue 102" workaround): the bytes move, the contents must not.
        let before = try DatabaseDump.text(of: database)
        for arguments in [["run", "study.yaml"], ["status"], ["report", "1"]] {
            let result = try CommandRunner.wfo(arguments + ["--db", "done.sqlite"], in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.contains("the database done.sqlite was written by a newer version of wfo "
                + "(unknown migrations: fromTheFuture); upgrade wfo or use another --db"), "\(result.standardError)")
        }
        #expect(try DatabaseDump.text(of: database) == before)
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM grdb_migrations WHERE identifier = 'fromTheFuture'", in: database) == 1)
    }

    @Test(arguments: ["random bytes", "cut in half", "a page overwritten"])
    func aCorruptedFileIsAClearErrorAndIsLeftAsItWas(_ damage: String) throws {
        let folder = try folderWithACompletedRun()
        let database = folder.appendingPathComponent("done.sqlite")
        var bytes = try Data(contentsOf: database)
        switch damage {
        case "random bytes":
            var generator = SystemRandomNumberGenerator()
            bytes = Data((0..<bytes.count).map { _ in UInt8.random(in: 0...255, using: &generator) })
        case "cut in half":
            bytes = bytes.prefix(bytes.count / 2)
        default:
            // Page 2 onwards (4 KiB pages) overwritten: the schema survives, the tables do not.
            bytes.replaceSubrange(4_096..<min(bytes.count, 4_096 * 40), with: Data(repeating: 0xA5, count: min(bytes.count, 4_096 * 40) - 4_096))
        }
        try bytes.write(to: database)
        for arguments in [["run", "study.yaml", "--no-report"], ["status"], ["runs"]] {
            let result = try CommandRunner.wfo(arguments + ["--db", "done.sqlite"], in: folder)
            #expect(result.status == 2 || result.status == 1, "\(arguments): \(result.status)")
            #expect(result.standardError.contains("the file is not a wfo database or is corrupted; restore it from a backup or use another --db"),
                    "\(damage), \(arguments): \(result.standardError)")
            #expect(!result.standardError.contains("Fatal error"))
        }
        #expect(try Data(contentsOf: database) == bytes)
    }

    @Test func aDatabaseLockedByAnotherProcessFailsAfterTheLockTimeoutAndWorksOnceReleased() throws {
        let folder = try folderWithACompletedRun()
        // Another program holds SQLite's exclusive lock for 4 s.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            time.sleep(4)
            """, folder.appendingPathComponent("done.sqlite").path]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        _ = output.fileHandleForReading.availableData   // "locked"
        let blocked = try CommandRunner.wfo(["run", "study.yaml", "--db", "done.sqlite", "--no-report", "--lock-timeout", "1"], in: folder)
        // 75 (EX_TEMPFAIL): scripts can tell "try again" from a failed run (1) and bad input (2).
        #expect(blocked.status == 75)
        #expect(blocked.standardError.contains("database done.sqlite: another process (another wfo, or a tool with the file open) holds "
            + "the database's lock and did not let go within 1 s; nothing was changed: try again when it is done "
            + "(or wait longer with --lock-timeout)"), "\(blocked.standardError)")
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM run", in: folder.appendingPathComponent("done.sqlite").path) == 1)
        // Readers are not blocked (WAL).
        #expect(try CommandRunner.wfo(["status", "--db", "done.sqlite"], in: folder).status == 0)
        holder.waitUntilExit()
        let after = try CommandRunner.wfo(["run", "study.yaml", "--db", "done.sqlite", "--no-report"], in: folder)
        #expect(after.status == 0, "\(after.standardError)")
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM run WHERE status = 'COMPLETED'", in: folder.appendingPathComponent("done.sqlite").path) == 2)
    }

    @Test(.enabled(if: StorageFaultTests.isRoot, "mounting a small tmpfs needs root"))
    func aFullDiskStopsTheRunKeepsEveryCommittedWindowAndAResumeFinishesIt() throws {
        let folder = try folderWithACompletedRun()
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mount = try CommandRunner.run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=640k", "tmpfs", disk.path])
        try #require(mount.status == 0, "cannot mount a tmpfs: \(mount.standardError)")
        defer { _ = try? CommandRunner.run(URL(fileURLWithPath: "/bin/umount"), [disk.path]) }

        let full = try CommandRunner.wfo(["run", "study.yaml", "--db", "disk/w.sqlite", "--no-report"], in: folder)
        #expect(full.status == 1)
        #expect(full.standardError.contains("the disk is full; free some space (nothing committed was lost)"), "\(full.standardError)")
        let database = disk.appendingPathComponent("w.sqlite").path
        #expect(try integrityCheck(database) == "ok")
        let completed = try DatabaseDump.count("SELECT COUNT(*) FROM window WHERE status = 'COMPLETED'", in: database)
        #expect(completed >= 1)
        // Every completed window is whole: its 27 trials and its two performance rows.
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM trial", in: database) == completed * 27)
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM window_performance", in: database) == completed * 2)
        let status = try CommandRunner.wfo(["status", "--db", "disk/w.sqlite"], in: folder)
        #expect(status.standardOutput.contains("no process is running it"), "\(status.standardOutput)")

        let grow = try CommandRunner.run(URL(fileURLWithPath: "/bin/mount"), ["-o", "remount,size=32m", disk.path])
        try #require(grow.status == 0, "\(grow.standardError)")
        let resumed = try CommandRunner.wfo(["run", "--resume", "1", "--db", "disk/w.sqlite", "--no-report"], in: folder)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let uninterrupted = try DatabaseDump.text(of: folder.appendingPathComponent("done.sqlite").path)
        #expect(try DatabaseDump.text(of: database) == uninterrupted)
    }
}
