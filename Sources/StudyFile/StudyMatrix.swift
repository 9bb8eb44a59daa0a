import WalkForward

/// A study file with a `matrix:`: one study per combination of the axes' values (the
/// cartesian product), every other field shared. Its runs form a batch.
///
/// ```yaml
/// matrix:
///   symbols: [[BTCUSDT], [ETHUSDT], [SOLUSDT]]
///   timeframe: [1h, 4h]
/// data: {source: csv, path: "data/{symbol}_{timeframe}.csv"}
/// ```
///
/// expands to 6 cells, the first axis outermost: (BTCUSDT, 1h), (BTCUSDT, 4h), (ETHUSDT, 1h), …
/// A cell is an ordinary ``Study``; its name is the matrix's name followed by its values
/// (`Universe · symbols=ETHUSDT, timeframe=4h`).
public struct StudyMatrix: Sendable {
    /// One combination of axis values, and the study it gives.
    public struct Cell: Sendable {
        /// 0-based, in expansion order.
        public var index: Int
        /// The label of this cell's value on each axis, in axis order.
        public var labels: [String]
        public var study: Study
    }

    /// The matrix's own name (each cell's study is named after it and its values).
    public var name: String
    /// The keys of `matrix:` and their values as labels (`[BTCUSDT]` is `BTCUSDT`,
    /// `[BTCUSDT, ETHUSDT]` is `BTCUSDT,ETHUSDT`).
    public var axes: [MatrixAxis]
    public var cells: [Cell]
    /// The file as read (stored with the batch and each of its runs).
    public var sourceText: String
    public var sourcePath: String

    /// The keys that may be axes: the study's scalar fields.
    public static let axisKeys = [
        "symbols", "timeframe", "strategy", "training_window_days", "testing_window_days", "step_days", "gap_days",
        "window_mode", "objective", "start_date", "end_date", "optimization_method", "max_combinations", "random_seed",
        "min_trades", "initial_capital", "position_size", "position_size_pct", "fee_pct", "slippage_pct", "warmup_candles",
    ]
    /// The most cells one matrix may have.
    public static let maximumCells = 1_000

    /// The name of a cell's run: `Universe · symbols=ETHUSDT, timeframe=4h`.
    public static func cellName(_ name: String, axes: [MatrixAxis], labels: [String]) -> String {
        "\(name) · \(MatrixAxis.describe(axes, labels: labels))"
    }

    /// `cell 3 (symbols=ETHUSDT, timeframe=1h)`: how messages and progress name a cell.
    public func describe(_ cell: Cell) -> String {
        Self.describe(index: cell.index, axes: axes, labels: cell.labels)
    }

    static func describe(index: Int, axes: [MatrixAxis], labels: [String]) -> String {
        "cell \(index + 1) (\(MatrixAxis.describe(axes, labels: labels)))"
    }
}

/// What a study file holds: one study, or a matrix of them.
public enum StudyDocument: Sendable {
    case study(Study)
    case matrix(StudyMatrix)

    /// Every study the document runs, in order.
    public var studies: [Study] {
        switch self {
        case let .study(study): [study]
        case let .matrix(matrix): matrix.cells.map(\.study)
        }
    }
}
