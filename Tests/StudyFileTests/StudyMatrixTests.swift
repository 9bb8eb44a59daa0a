import Backtesting
import MarketData
import StudyFile
import WalkForward
import Testing

/// `matrix:` in a study file: expansion, placeholders, the step rule and every bad matrix.
@Suite struct StudyMatrixTests {
    /// A study with `matrix:` inserted at the top and `extra` lines at the end.
    static func text(matrix: String, extra: String = "", dropping dropped: [String] = []) -> String {
        var lines = [
            "name: Matrix", "symbols: [BTCUSDT]", "timeframe: 1h", "start_date: 2023-01-01", "end_date: 2024-01-01",
            "training_window_days: 90", "testing_window_days: 30", "step_days: 30",
            "parameter_ranges:", "  rsi_period: [7, 14]", "data: {source: synthetic, seed: 3}",
        ]
        lines.removeAll { line in dropped.contains { line.hasPrefix($0 + ":") } }
        return (["matrix:"] + matrix.split(separator: "\n").map { "  " + $0 } + lines + (extra.isEmpty ? [] : [extra]))
            .joined(separator: "\n")
    }

    static func matrix(_ text: String) throws -> StudyMatrix {
        guard case let .matrix(matrix) = try StudyParser.parseDocument(text, path: "m.yaml") else {
            Issue.record("not a matrix")
            throw StudyError([])
        }
        return matrix
    }

    static func issues(_ text: String) -> [String] {
        do {
            _ = try StudyParser.parseDocument(text, path: "m.yaml")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func expandsTheCartesianProductFirstAxisOutermost() throws {
        let text = Self.text(matrix: "symbols: [[BTCUSDT], [ETHUSDT], [SOLUSDT]]\ntimeframe: [1h, 4h]", dropping: ["symbols", "timeframe"])
        let matrix = try Self.matrix(text)
        #expect(matrix.axes == [MatrixAxis(key: "symbols", labels: ["BTCUSDT", "ETHUSDT", "SOLUSDT"]),
                                MatrixAxis(key: "timeframe", labels: ["1h", "4h"])])
        #expect(matrix.cells.map(\.labels) == [["BTCUSDT", "1h"], ["BTCUSDT", "4h"], ["ETHUSDT", "1h"], ["ETHUSDT", "4h"],
                                               ["SOLUSDT", "1h"], ["SOLUSDT", "4h"]])
        #expect(matrix.cells.map(\.study.symbols) == [["BTCUSDT"], ["BTCUSDT"], ["ETHUSDT"], ["ETHUSDT"], ["SOLUSDT"], ["SOLUSDT"]])
        #expect(matrix.cells.map(\.study.timeframe) == [.oneHour, .fourHours, .oneHour, .fourHours, .oneHour, .fourHours])
        #expect(matrix.cells[3].study.name == "Matrix · symbols=ETHUSDT, timeframe=4h")
        #expect(matrix.describe(matrix.cells[3]) == "cell 4 (symbols=ETHUSDT, timeframe=4h)")
        #expect(matrix.name == "Matrix")
        // Every other field is shared, and each cell keeps the whole file for resuming.
        #expect(matrix.cells.allSatisfy { $0.study.trainingWindowDays == 90 && $0.study.data.seed == 3 && $0.study.sourceText == text })
        #expect(!MatrixAxis.isWalkForwardMatrix(matrix.axes))
    }

    @Test func aCellIsTheStudyWrittenOutByHand() throws {
        let matrix = try Self.matrix(Self.text(matrix: "timeframe: [1h, 4h]", dropping: ["timeframe"]))
        let byHand = try StudyParser.parse(Self.text(matrix: "", dropping: ["timeframe"]).replacingOccurrences(of: "matrix:\n", with: "")
            + "\ntimeframe: 4h", path: "m.yaml")
        let cell = matrix.cells[1].study
        #expect(cell.timeframe == byHand.timeframe)
        #expect(cell.windowLayout.start == byHand.windowLayout.start && cell.stepDays == byHand.stepDays)
        #expect(cell.combinations == byHand.combinations)
        #expect(cell.data == byHand.data)
    }

    @Test func symbolsMayBeWrittenAsPlainNamesOrAsLists() throws {
        let matrix = try Self.matrix(Self.text(matrix: "symbols: [BTCUSDT, [ETHUSDT, SOLUSDT]]", dropping: ["symbols"]))
        #expect(matrix.cells.map(\.study.symbols) == [["BTCUSDT"], ["ETHUSDT", "SOLUSDT"]])
        #expect(matrix.axes[0].labels == ["BTCUSDT", "ETHUSDT,SOLUSDT"])
    }

    @Test func aTestingAxisWithoutAStepAxisStepsEachCellByItsOwnTestingLength() throws {
        let matrix = try Self.matrix(Self.text(matrix: "training_window_days: [60, 90]\ntesting_window_days: [15, 30, 60]",
                                               dropping: ["training_window_days", "testing_window_days", "step_days"]))
        #expect(matrix.cells.count == 6)
        #expect(matrix.cells.map(\.study.stepDays) == [15, 30, 60, 15, 30, 60])
        #expect(matrix.cells.map(\.study.trainingWindowDays) == [60, 60, 60, 90, 90, 90])
        #expect(MatrixAxis.isWalkForwardMatrix(matrix.axes))
        // A shared step_days would contradict that: it is refused, not silently ignored.
        let issues = Self.issues(Self.text(matrix: "testing_window_days: [15, 30]", dropping: ["testing_window_days"]))
        #expect(issues == ["m.yaml:9: step_days: testing_window_days is a matrix axis, so each cell steps by its own testing length; remove step_days, or make it an axis too"])
    }

    @Test func placeholdersAreFilledPerSymbolAndTimeframe() throws {
        let text = Self.text(matrix: "symbols: [[BTCUSDT], [ETHUSDT, SOLUSDT]]\ntimeframe: [1h, 4h]", dropping: ["symbols", "timeframe", "data"])
            + "\ndata: {source: csv, path: \"data/{symbol}_{timeframe}.csv\"}"
        let matrix = try Self.matrix(text)
        let cell = matrix.cells[3].study
        #expect(cell.data.path(symbol: "SOLUSDT", timeframe: cell.timeframe) == "data/SOLUSDT_4h.csv")
        #expect(cell.data.path(symbol: "ETHUSDT", timeframe: cell.timeframe) == "data/ETHUSDT_4h.csv")
        #expect(Study.DataSettings.placeholders(in: "a/{symbol}/{timeframe}-{x}.csv{") == ["symbol", "timeframe", "x"])
    }

    @Test func aPlainStudyIsNotAMatrix() throws {
        let text = Self.text(matrix: "").replacingOccurrences(of: "matrix:\n", with: "")
        guard case .study = try StudyParser.parseDocument(text, path: "m.yaml") else {
            Issue.record("a plain study came back as a matrix")
            return
        }
        // Commands that take one study refuse a matrix with a message saying what to do.
        #expect(throws: StudyError.self) { try StudyParser.parse(Self.text(matrix: "timeframe: [1h, 4h]", dropping: ["timeframe"]), path: "m.yaml") }
    }

    @Test func parseCellGivesTheStudyOfOneCell() throws {
        let text = Self.text(matrix: "timeframe: [1h, 4h]", dropping: ["timeframe"])
        #expect(try StudyParser.parseCell(text, path: "m.yaml", cell: 1).timeframe == .fourHours)
        #expect(throws: StudyError.self) { try StudyParser.parseCell(text, path: "m.yaml", cell: 2) }
    }

    // MARK: Bad matrices: every problem, named by file, line, key and (where it is one cell's) the cell.

    @Test func anUnknownAxisIsNamedWithASuggestion() {
        #expect(Self.issues(Self.text(matrix: "timeframes: [1h, 4h]")) == [
            "m.yaml:2: matrix.timeframes: is not a field a matrix can vary; did you mean timeframe?",
        ])
        let issues = Self.issues(Self.text(matrix: "parameter_ranges: [{}]"))
        #expect(issues.count == 1 && issues[0].hasPrefix("m.yaml:2: matrix.parameter_ranges: is not a field a matrix can vary; axes may be symbols, timeframe, strategy"))
    }

    @Test func anEmptyListOrAValueThatIsNoListIsRefused() {
        #expect(Self.issues(Self.text(matrix: "timeframe: []", dropping: ["timeframe"])) == [
            "m.yaml:2: matrix.timeframe: the list is empty, so the matrix would have no cell; give at least one value",
        ])
        #expect(Self.issues(Self.text(matrix: "timeframe: 1h", dropping: ["timeframe"])) == [
            "m.yaml:2: matrix.timeframe: must be a list of values, e.g. timeframe: [1h, 4h], not the text \"1h\"",
        ])
        #expect(Self.issues(Self.text(matrix: "timeframe: [1h, 1h]", dropping: ["timeframe"])) == [
            "m.yaml:2: matrix.timeframe[1]: 1h is listed twice; remove one",
        ])
        #expect(Self.issues("matrix: {}\n" + Self.text(matrix: "").replacingOccurrences(of: "matrix:\n", with: "")) == [
            "m.yaml:1: matrix: names no axis; give at least one, e.g. timeframe: [1h, 4h], or remove matrix:",
        ])
    }

    @Test func anAxisAlsoWrittenAtTheTopIsRefused() {
        #expect(Self.issues(Self.text(matrix: "timeframe: [1h, 4h]")) == [
            "m.yaml:5: timeframe: is a matrix axis, so each cell takes its value from matrix.timeframe; remove it here",
        ])
    }

    @Test func aPlaceholderWithNoAxisIsRefused() {
        let data = "\ndata: {source: csv, path: \"data/{symbol}_{timeframe}.csv\"}"
        #expect(Self.issues(Self.text(matrix: "timeframe: [1h, 4h]", dropping: ["timeframe", "data"]) + data) == [
            "m.yaml:12: data.path: {symbol} stands for each value of the matrix axis symbols, and the matrix has no axis symbols; add symbols to matrix:, or write the symbol out in the path",
        ])
        let plain = Self.text(matrix: "", dropping: ["data"]).replacingOccurrences(of: "matrix:\n", with: "") + data
        #expect(Self.issues(plain).count == 2)
        #expect(Self.issues(plain).allSatisfy { $0.contains("this study has no matrix:") })
        #expect(Self.issues(Self.text(matrix: "timeframe: [1h, 4h]", dropping: ["timeframe", "data"])
            + "\ndata: {source: csv, path: \"data/{month}.csv\"}") == [
            "m.yaml:12: data.path: {month} is not a placeholder; data.path may hold {symbol} and {timeframe}",
        ])
    }

    @Test func aProblemOfSomeCellsNamesEachCellAndOneOfAllCellsIsReportedOnce() {
        // 400 days of training do not fit a year; 90 do.
        let issues = Self.issues(Self.text(matrix: "training_window_days: [90, 400]\ntimeframe: [1h, 4h]",
                                           dropping: ["training_window_days", "timeframe"]))
        #expect(issues.count == 2, "\(issues)")
        #expect(issues.first?.hasPrefix("m.yaml:2: cell 3 (training_window_days=400, timeframe=1h): training_window_days: ") == true)
        #expect(issues.last?.hasPrefix("m.yaml:2: cell 4 (training_window_days=400, timeframe=4h): training_window_days: ") == true)
        // A problem of the shared fields is the same in every cell: said once, without a cell.
        let shared = Self.issues(Self.text(matrix: "timeframe: [1h, 4h]", dropping: ["timeframe"]) + "\nfee_pct: 200")
        #expect(shared == ["m.yaml:13: fee_pct: must be between 0 and 100 (percent), got 200"])
    }

    @Test func tooManyCellsAreRefused() {
        let values = (1...40).map(String.init).joined(separator: ", ")
        let issues = Self.issues(Self.text(matrix: "training_window_days: [\(values)]\ngap_days: [\(values)]",
                                           dropping: ["training_window_days"]))
        #expect(issues == ["m.yaml:2: matrix: has 1600 cells (at most 1000); use fewer values or split it into several files"])
    }
}
