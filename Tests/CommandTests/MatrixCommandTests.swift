import Foundation
import TestSupport
import Testing

/// `wfo run MATRIX.yaml` end to end: a batch equals its cells written out by hand, for any
/// `--jobs` and across a kill and resume; bad matrices write nothing (issue 16).
@Suite(.serialized) struct MatrixCommandTests {
    /// The shared fields of the matrix and of the studies written out by hand.
    static let shared = """
        start_date: 2023-01-01
        end_date: 2023-09-01
        training_window_days: 60
        testing_window_days: 30
        step_days: 30
        parameter_ranges:
          rsi_period: [7, 14]
          rsi_oversold: [25, 30]
        min_trades: 1
        position_size: 1000
        overfitting: {cscv_blocks: 8, monte_carlo_paths: 200}
        data: {source: synthetic, seed: 3}
        """
    static let symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"]
    static let timeframes = ["1h", "4h"]

    static let matrix = """
        name: Universe
        matrix:
          symbols: [[BTCUSDT], [ETHUSDT], [SOLUSDT]]
          timeframe: [1h, 4h]
        """ + "\n" + shared

    /// Cell `symbol` × `timeframe` as its own study, named as the matrix names the cell.
    static func byHand(_ symbol: String, _ timeframe: String) -> String {
        "name: \"Universe · symbols=\(symbol), timeframe=\(timeframe)\"\nsymbols: [\(symbol)]\ntimeframe: \(timeframe)\n" + shared
    }

    /// A run's dump without what differs by construction between a cell and its study written
    /// out by hand: the hash of the study text (the matrix file vs. one study) and the batch rows.
    static func resultsOnly(_ dump: String) -> String {
        dump.components(separatedBy: "\n----\n").dropLast()
            .map { $0.replacingOccurrences(of: #"study_hash=\S+ "#, with: "", options: .regularExpression) }
            .joined(separator: "\n----\n")
    }

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func aThreeByTwoMatrixEqualsItsSixStudiesWrittenOutByHandForOneAndTwoJobs() throws {
        let folder = try CommandRunner.temporaryFolder()
        let matrix = try write(Self.matrix, "universe.yaml", in: folder)
        var byHand: [String] = []
        let handDatabase = folder.appendingPathComponent("by-hand.sqlite").path
        for symbol in Self.symbols {
            for timeframe in Self.timeframes {
                let study = try write(Self.byHand(symbol, timeframe), "\(symbol)-\(timeframe).yaml", in: folder)
                let result = try CommandRunner.wfo(["run", study, "--db", handDatabase, "--jobs", "1", "--no-report"])
                #expect(result.status == 0, "\(result.standardError)")
            }
        }
        for run in 1...6 {
            let copy = folder.appendingPathComponent("hand-\(run).sqlite").path
            try DatabaseDump.copy(of: handDatabase, keepingOnly: run, to: copy)
            byHand.append(Self.resultsOnly(try DatabaseDump.text(of: copy)))
        }
        #expect(Set(byHand).count == 6, "the six cells must differ, or the comparison proves nothing")

        var whole: [String] = []
        for jobs in ["1", "2"] {
            let database = folder.appendingPathComponent("matrix-\(jobs).sqlite").path
            let result = try CommandRunner.wfo(["run", matrix, "--db", database, "--jobs", jobs, "--out", folder.appendingPathComponent("site").path])
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardError.contains("batch b1: Universe — 6 cells (3 symbols × 2 timeframe)"))
            #expect(result.standardError.contains("cell 4/6 (3 of 6 cells done): Universe · symbols=ETHUSDT, timeframe=4h"))
            #expect(result.standardOutput.contains("batch b1 COMPLETED: Universe"))
            #expect(result.standardOutput.contains("cells: 6 of 6 done (0 failed)"))
            #expect(try DatabaseDump.count("SELECT COUNT(*) FROM batch_cell", in: database) == 6)
            for run in 1...6 {
                let copy = folder.appendingPathComponent("matrix-\(jobs)-\(run).sqlite").path
                try DatabaseDump.copy(of: database, keepingOnly: run, to: copy)
                #expect(Self.resultsOnly(try DatabaseDump.text(of: copy)) == byHand[run - 1], "cell \(run), --jobs \(jobs)")
            }
            whole.append(try DatabaseDump.text(of: database))
        }
        #expect(whole[0] == whole[1])

        // The batch as commands show it.
        let database = folder.appendingPathComponent("matrix-1.sqlite").path
        let status = try CommandRunner.wfo(["status", "b1", "--json", "--db", database])
        #expect(status.status == 0, "\(status.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(json["reference"] as? String == "b1")
        #expect(json["status"] as? String == "COMPLETED")
        #expect(json["total_cells"] as? Int == 6 && json["completed_cells"] as? Int == 6)
        #expect(json["progress_percentage"] as? Int == 100)
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.map { $0["values"] as? [String: String] } == Self.symbols.flatMap { symbol in
            Self.timeframes.map { ["symbols": symbol, "timeframe": $0] }
        })
        #expect((cells[3]["run"] as? [String: Any])?["id"] as? Int == 4)
        let runs = try CommandRunner.wfo(["runs", "--db", database])
        #expect(runs.standardOutput.contains("b1:4"))
        #expect(runs.standardOutput.contains("b1     "))
        let runJSON = try CommandRunner.wfo(["status", "4", "--json", "--db", database])
        let run = try #require(try JSONSerialization.jsonObject(with: Data(runJSON.standardOutput.utf8)) as? [String: Any])
        #expect((run["batch"] as? [String: Any])?["cell"] as? Int == 4)
        // The batch page links each cell's own report page, which links back.
        let site = folder.appendingPathComponent("site")
        let page = try String(contentsOf: site.appendingPathComponent("batches/1-universe/index.html"), encoding: .utf8)
        #expect(page.contains("href=\"../../runs/4-universe-symbols-ethusdt-timeframe-4h/index.html\""))
        let runPage = try String(contentsOf: site.appendingPathComponent("runs/4-universe-symbols-ethusdt-timeframe-4h/index.html"), encoding: .utf8)
        #expect(runPage.contains("href=\"../../batches/1-universe/index.html\">batch b1, cell 4</a>"))
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"batches/1-universe/index.html\">Universe</a>"))
    }

    @Test func aBatchKilledMidwayAndResumedEqualsAnUninterruptedOne() throws {
        let folder = try CommandRunner.temporaryFolder()
        let matrix = try write(Self.matrix, "universe.yaml", in: folder)
        let reference = folder.appendingPathComponent("reference.sqlite").path
        #expect(try CommandRunner.wfo(["run", matrix, "--db", reference, "--no-report"]).status == 0)

        let database = folder.appendingPathComponent("killed.sqlite").path
        let process = Process()
        process.executableURL = SharedData.binary
        process.arguments = ["run", matrix, "--db", database, "--no-report", "--jobs", "2"]
        process.environment = ProcessInfo.processInfo.environment.merging(["WFO_FAULT_PAUSE_IN_COMMIT_MS": "150"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        // Its messages are kept, so a batch that ends before the kill says why.
        let messages = folder.appendingPathComponent("killed.stderr")
        FileManager.default.createFile(atPath: messages.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: messages)
        try process.run()
        // Kill it once two cells are done and the third has finished a window.
        let deadline = Date().addingTimeInterval(600)
        while process.isRunning, Date() < deadline {
            // The database is read only once the third cell has started, so no read of this
            // test races the batch creating the file.
            if let said = try? String(contentsOf: messages, encoding: .utf8), said.contains("cell 3/6"),
               let done = try? DatabaseDump.count("SELECT COUNT(*) FROM run WHERE status = 'COMPLETED'", in: database),
               let windows = try? DatabaseDump.count("SELECT COUNT(*) FROM window WHERE run_id = 3 AND status = 'COMPLETED'", in: database),
               done >= 2, windows >= 1 { break }
            usleep(2_000)
        }
        try #require(process.isRunning, "the batch ended before it could be killed (status \(process.isRunning ? 0 : process.terminationStatus)): \((try? String(contentsOf: messages, encoding: .utf8)) ?? "")")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try DatabaseDump.count("SELECT COUNT(*) FROM run WHERE status = 'COMPLETED'", in: database) < 6)

        let status = try CommandRunner.wfo(["status", "b1", "--db", database])
        #expect(status.standardOutput.contains("batch b1 RUNNING: Universe"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("`wfo run --resume b1` runs the cells that are left"))
        let resumed = try CommandRunner.wfo(["run", "--resume", "b1", "--db", database, "--no-report"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(!resumed.standardError.contains("cell 1/6"), "finished cells are not run again")
        #expect(resumed.standardOutput.contains("batch b1 COMPLETED"))
        #expect(try DatabaseDump.text(of: database) == DatabaseDump.text(of: reference))
    }

    @Test(arguments: [
        ("unknown axis", "timeframes: [1h, 4h]", "matrix.timeframes: is not a field a matrix can vary; did you mean timeframe?"),
        ("empty list", "symbols: []", "matrix.symbols: the list is empty, so the matrix would have no cell"),
        ("placeholder with no axis", "symbols: [[BTCUSDT], [ETHUSDT]]\n  data: {source: csv, path: \"{symbol}_{timeframe}.csv\"}",
         "data.path: {timeframe} stands for each value of the matrix axis timeframe, and the matrix has no axis timeframe"),
    ])
    func aBadMatrixFailsValidationAndWritesNothing(_ case_: (name: String, axis: String, message: String)) throws {
        let folder = try CommandRunner.temporaryFolder()
        var text = Self.matrix.replacingOccurrences(of: "  symbols: [[BTCUSDT], [ETHUSDT], [SOLUSDT]]\n  timeframe: [1h, 4h]", with: "  " + case_.axis)
        if !case_.axis.hasPrefix("timeframe") { text += "\ntimeframe: 1h" }
        if !case_.axis.hasPrefix("symbols") { text += "\nsymbols: [BTCUSDT]" }
        if case_.axis.contains("data:") {
            text = text.replacingOccurrences(of: "data: {source: synthetic, seed: 3}", with: "")
                .replacingOccurrences(of: "\n  data: {", with: "\ndata: {")
        }
        let matrix = try write(text, "bad.yaml", in: folder)
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let result = try CommandRunner.wfo(["run", matrix, "--db", database], in: folder)
        #expect(result.status == 2, "\(case_.name): \(result.standardError)")
        #expect(result.standardError.contains(matrix + ":"), "\(case_.name): \(result.standardError)")
        #expect(result.standardError.contains(case_.message), "\(case_.name): \(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: database), "\(case_.name): the database was created")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site/index.html").path))
        #expect(try CommandRunner.wfo(["validate", matrix]).status == 2)
    }

    /// One cell whose windows do not fit its data: found when the data is loaded, before
    /// anything is written, and named by its cell.
    @Test func aCellWhoseWindowsDoNotFitTheDataFailsBeforeAnythingIsWritten() throws {
        let folder = try CommandRunner.temporaryFolder()
        // A CSV of 2023-01-01 .. 2023-07-01 hourly candles: cell 2 starts a month before it.
        let candles = (0..<(181 * 24)).map { hour -> String in
            let time = 1_672_531_200_000 + Int64(hour) * 3_600_000
            let price = 100 + sin(Double(hour) / 30) * 5
            return "\(time),\(price),\(price + 1),\(price - 1),\(price + 0.5),10"
        }
        try ("open_time,open,high,low,close,volume\n" + candles.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("BTCUSDT-1h.csv"), atomically: true, encoding: .utf8)
        let matrix = try write("""
            name: Fit
            matrix:
              start_date: [2023-02-01, 2022-12-01]
            end_date: 2023-07-01
            symbols: [BTCUSDT]
            timeframe: 1h
            training_window_days: 60
            testing_window_days: 30
            step_days: 30
            warmup_candles: 0
            parameter_ranges:
              rsi_period: [7, 14]
            data: {source: csv, path: BTCUSDT-1h.csv}
            """, "fit.yaml", in: folder)
        let database = folder.appendingPathComponent("wfo.sqlite").path
        let result = try CommandRunner.wfo(["run", matrix, "--db", database], in: folder)
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardError.contains("1 of the 2 cells of \(matrix) cannot run; nothing was written"), "\(result.standardError)")
        #expect(result.standardError.contains("cell 2 (start_date=2022-12-01): \(matrix): the csv data for BTCUSDT covers 2023-01-01"),
                "\(result.standardError)")
        #expect(!result.standardError.contains("cell 1 ("))
        #expect(!FileManager.default.fileExists(atPath: database))
    }
}
