import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// Reads and validates study files (SPEC section 2).
///
/// Every problem is collected, each with its file, line and key path, and thrown
/// together as a ``StudyError``; nothing is written before a study has parsed cleanly.
///
/// ```swift
/// let study = try StudyParser.load(path: "examples/quickstart.yaml")
/// ```
public enum StudyParser {
    /// The keys a study file may have at its top level.
    static let topLevelKeys = [
        "name", "description", "symbols", "timeframe", "start_date", "end_date", "training_window_days",
        "testing_window_days", "step_days", "parameter_ranges", "optimization_method", "initial_capital",
        "position_size", "strategy", "strategy_params", "window_mode", "gap_days", "max_combinations",
        "random_seed", "objective", "min_trades", "position_size_pct", "fee_pct", "slippage_pct",
        "warmup_candles", "data", "robustness", "rules", "overfitting", "matrix", "calendar", "flat_at_session_close", "portfolio",
        "tpe", "warm_start",
    ]
    static let requiredKeys = [
        "name", "symbols", "timeframe", "start_date", "end_date", "training_window_days",
        "testing_window_days", "step_days", "parameter_ranges",
    ]
    static let dataKeys = ["source", "path", "base_url", "seed", "on_gap", "timezone", "adjusted", "calendar"]
    static let robustnessKeys = ["max_degradation_pct", "min_consistency", "min_profitable_windows_pct", "max_pbo", "min_median_dsr",
                                 "max_spa_pvalue", "benchmark", "block_length", "spa_resamples", "permutations"]
    static let overfittingKeys = ["cscv_blocks", "monte_carlo_paths"]
    static let tpeKeys = ["batch_size", "startup_trials", "candidates"]

    /// Reads and validates the study file at `path` (one study; see ``loadDocument(path:)`` for matrices).
    /// - Throws: ``StudyError`` listing every problem.
    public static func load(path: String) throws(StudyError) -> Study {
        try parse(try readText(path: path), path: path)
    }

    /// The file's text; a missing, unreadable or non-UTF-8 file is a ``StudyError``.
    static func readText(path: String) throws(StudyError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw StudyError([StudyIssue(file: path, line: nil, keyPath: "",
                                         message: exists ? "cannot read the file; check its permissions" : "no such file; check the path")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StudyError([StudyIssue(file: path, line: nil, keyPath: "", message: "the file is not UTF-8 text")])
        }
        return text
    }

    /// Parses and validates study text; `path` names it in messages and anchors relative data paths.
    /// A file with a `matrix:` is refused here: it is many studies (``parseDocument(_:path:)``).
    /// - Throws: ``StudyError`` listing every problem.
    public static func parse(_ text: String, path: String) throws(StudyError) -> Study {
        switch try parseDocument(text, path: path) {
        case let .study(study): return study
        case let .matrix(matrix):
            throw StudyError([StudyIssue(file: path, line: nil, keyPath: "matrix", message: "this file is a matrix of "
                + "\(matrix.cells.count) studies and this takes one; run the matrix with `wfo run`, or write the cell you want out as its own study")])
        }
    }

    /// Builds the one study of a parsed document without `matrix:`.
    static func parse(root: Located, text: String, path: String, issues: [StudyIssue]) throws(StudyError) -> Study {
        var builder = StudyBuilder(file: path, issues: issues)
        let study = builder.build(root)
        guard let study, builder.issues.isEmpty else { throw StudyError(builder.issues) }
        var result = study
        result.sourceText = text
        result.sourcePath = path
        return result
    }
}
