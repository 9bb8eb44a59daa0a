import Digest
import Foundation
import MarketData
import WalkForward

/// What the client tells the tasks of one run (`manifest.json`): which units each array task
/// executes, and where the study came from.
public struct WorkManifest: Sendable, Equatable, Codable {
    /// The newest format this wfo writes and reads: 2 when a task has permutation units (five
    /// numbers), else 1, so that a wfo that knows only 1 refuses what it would misread.
    public static let currentFormat = 2

    public var format: Int
    public var runId: Int64
    public var runName: String
    /// The study's original path, for messages; the text is `study.yaml`.
    public var studyPath: String
    /// The 0-based matrix cell the run is, nil for a plain study (`study.yaml` is then the whole matrix).
    public var cell: Int?
    /// Per array task, its units as `[window, first combination, end combination]`, followed
    /// by `first permutation, end permutation` for a permutation unit.
    public var tasks: [[[Int]]]
    /// SHA-256 of `candles.bin` as the client wrote it, so that a damaged copy rebuilt from the
    /// study's data can be checked to be the very candles the tasks read; nil in a folder
    /// written by a wfo before it (its rebuild cannot be checked, and says so).
    public var candlesSha256: String?

    public init(runID: Int64, runName: String, studyPath: String, cell: Int?, tasks: [[WorkUnit]]) {
        format = tasks.contains { $0.contains { $0.permutations != nil } } ? 2 : 1
        self.runId = runID
        self.runName = runName
        self.studyPath = studyPath
        self.cell = cell
        self.tasks = tasks.map {
            $0.map { [$0.windowIndex, $0.combinations.lowerBound, $0.combinations.upperBound]
                + ($0.permutations.map { [$0.lowerBound, $0.upperBound] } ?? []) }
        }
    }

    /// The units of task `index`.
    public func units(ofTask index: Int) -> [WorkUnit] {
        tasks[index].map {
            WorkUnit(windowIndex: $0[0], combinations: $0[1]..<$0[2], permutations: $0.count >= 5 ? $0[3]..<$0[4] : nil)
        }
    }

    /// Cuts a run's units into `count` array tasks of consecutive units, as even as they go.
    public static func group(_ units: [WorkUnit], tasks count: Int) -> [[WorkUnit]] {
        let count = max(1, min(count, units.count))
        return (0..<count).map { task in Array(units[(units.count * task / count)..<(units.count * (task + 1) / count)]) }
    }
}

/// One run's folder under `--work-dir`, which every node sees:
///
///     manifest.json   the units of each array task (``WorkManifest``)
///     study.yaml      the study text, as stored with the run
///     candles.bin     the candles of every symbol (``CandleFile``)
///     task.sh         what each array task runs: `wfo task run FOLDER`
///     results/        task-<index>.bin, one per finished task (``UnitResultFile``)
///     logs/           task-<index>.log, Slurm's output of each task (appended on retries)
///     files/          copies of the files the study names (a holiday file), by ``StudyFileCopies``
///     merge.sh        with `--detach`: what the merge job runs (`wfo run --resume RUN --detach`)
///     logs/merge.log  the merge jobs' output
public struct WorkFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// `<work dir>/run-<id>-<8 hex of the database's absolute path>`: runs of different
    /// databases sharing a work dir never meet.
    public static func forRun(_ runID: Int64, databasePath: String, workDirectory: String) -> WorkFolder {
        let absolute = URL(fileURLWithPath: databasePath).standardizedFileURL.path
        let tag = SHA256.hexDigest(of: Array(absolute.utf8)).prefix(8)
        return WorkFolder(path: URL(fileURLWithPath: workDirectory).standardizedFileURL.appendingPathComponent("run-\(runID)-\(tag)").path)
    }

    var manifestPath: String { path + "/manifest.json" }
    var studyPath: String { path + "/study.yaml" }
    var candlesPath: String { path + "/candles.bin" }
    public var scriptPath: String { path + "/task.sh" }
    /// Written by `wfo cancel`: an attached client stops instead of submitting again.
    public var cancelMarkerPath: String { path + "/cancelled" }
    public var isCancelled: Bool { FileManager.default.fileExists(atPath: cancelMarkerPath) }
    public var logPattern: String { path + "/logs/task-%a.log" }
    public func resultPath(task: Int) -> String { path + "/results/task-\(task).bin" }
    public func logPath(task: Int) -> String { path + "/logs/task-\(task).log" }
    public var mergeScriptPath: String { path + "/merge.sh" }
    /// Where the copies of the study's other files are: what tasks and merge jobs read instead of the user's paths.
    public var filesPath: String { path + "/files" }
    public var mergeLogPath: String { path + "/logs/merge.log" }

    /// Writes `merge.sh` whole: the command a detached run's merge job runs on a node, the
    /// same pipeline as the client's (`wfo run --resume RUN --detach`), on the same database.
    /// - Parameter reportFolder: where the run's page is rendered when it ends; nil: no report.
    public func writeMergeScript(binary: String, runID: Int64, databasePath: String, reportFolder: String?) throws(ClusterError) {
        let report = reportFolder.map { "--out \(Self.shellQuoted($0))" } ?? "--no-report"
        let script = """
            #!/bin/sh
            # Written by wfo run --detach: merges run \(runID)'s results once its array has ended.
            exec \(Self.shellQuoted(binary)) run --resume \(runID) --detach --jobs 1 --db \(Self.shellQuoted(databasePath)) \(report)

            """
        try Self.writeScript(script, to: mergeScriptPath)
    }

    /// Writes an executable shell script whole.
    static func writeScript(_ script: String, to file: String) throws(ClusterError) {
        do {
            try writeWhole(Array(script.utf8), to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        } catch let error as ClusterError {
            throw error
        } catch {
            throw .badInput("cannot write \(file): \(error.localizedDescription)")
        }
    }

    /// Checks that `directory` exists, is a folder and takes a new file, before anything is written.
    /// - Throws: ``ClusterError/badInput(_:)`` saying what to fix.
    public static func checkUsable(_ directory: String) throws(ClusterError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) else {
            throw .badInput("--work-dir \(directory) does not exist; create it on a filesystem every node of the cluster sees (a shared folder)")
        }
        guard isFolder.boolValue else { throw .badInput("--work-dir \(directory) is a file, not a folder") }
        let probe = directory + "/.wfo-write-check-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: probe, contents: Data()) else {
            throw .badInput("--work-dir \(directory) is not writable; pick a folder you can write that every node sees, or fix its permissions")
        }
        try? FileManager.default.removeItem(atPath: probe)
    }

    /// Writes everything the tasks read, each file whole (a temporary name, then a rename).
    /// - Parameter files: the files the study names besides its data, each copied into
    ///   `files/` under the name `copyName` gives it.
    public func create(manifest: WorkManifest, studyText: String, candles: [CandleSeries], binary: String,
                       files: [(path: String, copyName: String)] = []) throws(ClusterError) {
        do {
            for folder in [path, path + "/results", path + "/logs", filesPath] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            for file in files {
                guard let contents = FileManager.default.contents(atPath: file.path) else {
                    throw ClusterError.badInput("cannot read \(file.path), which the study names; check that it is still there")
                }
                try Self.writeWhole(Array(contents), to: filesPath + "/" + file.copyName)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let candleBytes = CandleFile.encode(candles)
            var manifest = manifest
            manifest.candlesSha256 = SHA256.hexDigest(of: candleBytes)
            try Self.writeWhole(Array(try encoder.encode(manifest)), to: manifestPath)
            try Self.writeWhole(Array(studyText.utf8), to: studyPath)
            try Self.writeWhole(candleBytes, to: candlesPath)
            let script = "#!/bin/sh\n# Written by wfo run --executor slurm: one array task of run \(manifest.runId).\nexec \(Self.shellQuoted(binary)) task run \(Self.shellQuoted(path))\n"
            try Self.writeScript(script, to: scriptPath)
        } catch let error as ClusterError {
            throw error
        } catch {
            throw .badInput("cannot write the work folder \(path): \(error.localizedDescription)")
        }
    }

    public func manifest() throws(ClusterError) -> WorkManifest {
        let data = try read(manifestPath)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let manifest = try? decoder.decode(WorkManifest.self, from: Data(data)) else {
            throw .damaged(manifestPath, reason: "not a wfo manifest")
        }
        guard (1...WorkManifest.currentFormat).contains(manifest.format) else {
            throw .badInput("\(manifestPath) has format \(manifest.format); this wfo reads formats 1 to \(WorkManifest.currentFormat) (run the same wfo on every node)")
        }
        return manifest
    }

    public func studyText() throws(ClusterError) -> String { String(decoding: try read(studyPath), as: UTF8.self) }

    public func candles() throws(ClusterError) -> [CandleSeries] { try CandleFile.decode(try read(candlesPath), path: candlesPath) }

    /// Writes `candles.bin` again from `candles` (whole, by a rename), after checking that they
    /// are the candles the client first wrote (``WorkManifest/candlesSha256``).
    /// - Returns: false when the manifest has no digest to check them against (an older folder).
    /// - Throws: ``ClusterError/damaged(_:reason:)`` when they differ: the tasks that ran read
    ///   other candles, so the results would mix two markets.
    @discardableResult
    public func rewriteCandles(_ candles: [CandleSeries], manifest: WorkManifest) throws(ClusterError) -> Bool {
        let bytes = CandleFile.encode(candles)
        if let expected = manifest.candlesSha256, SHA256.hexDigest(of: bytes) != expected {
            throw .damaged(candlesPath, reason: "the study's data no longer gives the candles this run's tasks read "
                + "(SHA-256 \(expected.prefix(12))…); restore that data, or cancel the run and run the study again")
        }
        do { try Self.writeWhole(bytes, to: candlesPath) } catch {
            throw .failed("cannot write \(candlesPath): \(error)")
        }
        return manifest.candlesSha256 != nil
    }

    /// Task `task`'s results, written whole: a temporary name in `results/`, then a rename.
    public func writeResult(task: Int, results: [UnitResult]) throws(ClusterError) {
        do { try Self.writeWhole(UnitResultFile.encode(task: task, results: results), to: resultPath(task: task)) } catch {
            throw .failed("cannot write \(resultPath(task: task)): \(error.localizedDescription)")
        }
    }

    /// Task `task`'s results; nil while there is no file; `.damaged` for one that fails its checks.
    public func readResult(task: Int) throws(ClusterError) -> [UnitResult]? {
        let path = resultPath(task: task)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try UnitResultFile.decode(try read(path), task: task, path: path)
    }

    /// Removes a damaged result, so that the task runs again.
    public func discardResult(task: Int) {
        try? FileManager.default.removeItem(atPath: resultPath(task: task))
    }

    /// The last `lines` lines of task `task`'s log, for messages.
    public func logTail(task: Int, lines: Int = 5) -> String? {
        guard let data = FileManager.default.contents(atPath: logPath(task: task)) else { return nil }
        let text = String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(lines).joined(separator: "\n")
        return text.isEmpty ? nil : text
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    private func read(_ file: String) throws(ClusterError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .badInput("cannot read \(file): the work folder must be on a filesystem this node sees (a shared folder)")
        }
        return Array(data)
    }

    static func writeWhole(_ bytes: [UInt8], to file: String) throws {
        let temporary = file + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        if rename(temporary, file) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw ClusterError.failed("cannot rename \(temporary) to \(file): \(String(cString: strerror(code)))")
        }
    }

    static func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
