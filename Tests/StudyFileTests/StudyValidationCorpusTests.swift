import Foundation
import StudyFile
import TestSupport
import Testing

/// One broken study file of `Corpus/` and the issue it must produce.
struct CorpusCase: Sendable, CustomTestStringConvertible {
    var file: String
    /// nil when the problem has no single place (a missing top-level key, an empty file).
    var line: Int?
    var keyPath: String
    /// Part of the message, including what to do about it.
    var fragment: String

    init(_ file: String, _ line: Int?, _ keyPath: String, _ fragment: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.fragment = fragment
    }

    var testDescription: String { file }
}

/// Every file in `Tests/StudyFileTests/Corpus` is a minimal study (SPEC section 2's first
/// example on `data: {source: synthetic}`) broken in exactly one way, named after the problem.
@Suite struct StudyValidationCorpusTests {
    static let folder = SharedData.projectRoot.appendingPathComponent("Tests/StudyFileTests/Corpus")

    /// The study every corpus file starts from; it must stay valid.
    static let baseline = """
        name: BTC Strategy Test
        symbols: [BTCUSDT]
        timeframe: 5m
        start_date: 2024-01-01T00:00:00Z
        end_date: 2024-12-31T23:59:59Z
        training_window_days: 90
        testing_window_days: 30
        step_days: 30
        parameter_ranges:
          rsi_period: [7, 14, 21]
          rsi_oversold: [20, 25, 30]
          rsi_overbought: [70, 75, 80]
        optimization_method: grid
        initial_capital: 10000
        position_size: 100
        data: {source: synthetic}
        """

    static let cases: [CorpusCase] = [
        CorpusCase("base-url-not-http.yaml", 17, "data.base_url", "must start with http:// or https://, got api.binance.com"),
        CorpusCase("csv-source-without-path.yaml", 17, "data.path", "is required with source: csv; give a file, folder or glob"),
        CorpusCase("data-on-gap-unknown.yaml", 17, "data.on_gap", "unknown value skip; choose one of fail | warn"),
        CorpusCase("overfitting-cscv-blocks-odd.yaml", 18, "overfitting.cscv_blocks", "must be even (half the blocks train, half test), got 15; 0 turns PBO off"),
        CorpusCase("overfitting-monte-carlo-paths-too-few.yaml", 18, "overfitting.monte_carlo_paths", "must be at least 100 for its 5 % and 95 % bands, got 50; 0 turns it off"),
        CorpusCase("robustness-max-pbo-above-one.yaml", 18, "robustness.max_pbo", "is a probability between 0 and 1 (null turns the check off), got 1.5"),
        CorpusCase("document-is-a-list.yaml", 2, "", "a study file is a mapping of keys (name:, symbols:, ...), not a list; remove the \"- \""),
        CorpusCase("duplicate-key.yaml", 5, "timeframe", "appears twice; keep one"),
        CorpusCase("empty-file.yaml", nil, "", "the file is empty; see examples/quickstart.yaml"),
        CorpusCase("end-date-before-start.yaml", 6, "end_date", "is not after start_date 2024-01-01T00:00:00Z; swap or fix the dates"),
        CorpusCase("end-date-equals-start.yaml", 6, "end_date", "2024-01-01T00:00:00Z is not after start_date 2024-01-01T00:00:00Z; swap or fix"),
        CorpusCase("fee-pct-above-100.yaml", 18, "fee_pct", "must be between 0 and 100 (percent), got 150"),
        CorpusCase("initial-capital-negative.yaml", 15, "initial_capital", "must be above 0, got -10000"),
        CorpusCase("invalid-yaml-bad-indentation.yaml", 12, "", "not valid YAML (column 4): while parsing a block mapping did not find expected key; check the indentation"),
        CorpusCase("invalid-yaml-unclosed-bracket.yaml", 13, "", "flow sequence started on line 12, did not find expected ',' or ']'; close the [ or {"),
        CorpusCase("json-duplicate-key.json", 10, "step_days", "appears twice; keep one"),
        CorpusCase("json-quoted-number.json", 7, "training_window_days", "must be a number, not the text \"90\"; remove the quotes"),
        CorpusCase("json-trailing-comma.json", 18, "", "a comma before } or ] is not valid JSON; remove it"),
        CorpusCase("json-unknown-key.json", 17, "positon_size", "unknown key; did you mean position_size?"),
        CorpusCase("missing-name.yaml", nil, "name", "is required; add it"),
        CorpusCase("missing-parameter-ranges.yaml", nil, "parameter_ranges", "is required; add it"),
        CorpusCase("missing-start-date.yaml", nil, "start_date", "is required; add it"),
        CorpusCase("missing-symbols.yaml", nil, "symbols", "is required; add it"),
        CorpusCase("name-is-a-list.yaml", 2, "name", "must be text, not a list"),
        CorpusCase("objective-unknown.yaml", 18, "objective", "unknown value profit; choose one of score | roi | sharpe"),
        CorpusCase("optimization-method-typo.yaml", 14, "optimization_method", "unknown value grdi; did you mean grid?"),
        CorpusCase("parameter-fixed-and-searched.yaml", 11, "parameter_ranges.rsi_period", "is also fixed in strategy_params; search it or fix it, not both"),
        CorpusCase("parameter-ranges-empty.yaml", 10, "parameter_ranges", "must name at least one parameter to search"),
        CorpusCase("parameter-value-duplicate.yaml", 11, "parameter_ranges.rsi_period[2]", "7 is listed twice; remove one"),
        CorpusCase("parameter-values-empty.yaml", 11, "parameter_ranges.rsi_period", "the list of values is empty; give at least one value"),
        CorpusCase("position-size-above-capital.yaml", 16, "position_size", "20000 is more than initial_capital 10000; no trade could be opened"),
        CorpusCase("position-size-pct-zero.yaml", 18, "position_size_pct", "must be above 0"),
        CorpusCase("random-seed-too-large.yaml", 18, "random_seed", "must be a whole number from 0 up"),
        CorpusCase("range-missing-to.yaml", 11, "parameter_ranges.rsi_period", "to is missing; a range needs from and to"),
        CorpusCase("range-step-zero.yaml", 11, "parameter_ranges.rsi_period.step", "must be above 0"),
        CorpusCase("range-to-below-from.yaml", 11, "parameter_ranges.rsi_period.to", "7 is below from 21; the range is empty, swap from and to"),
        CorpusCase("range-too-many-values.yaml", 11, "parameter_ranges.rsi_period", "values; use a larger step (at most 100000 values)"),
        CorpusCase("rsi-period-below-minimum.yaml", 11, "parameter_ranges.rsi_period[0]", "rsi_period must be between 2 and 1000, got 1"),
        CorpusCase("rsi-period-not-whole.yaml", 11, "parameter_ranges.rsi_period[0]", "rsi_period must be a whole number, got 7.5"),
        CorpusCase("start-date-not-a-day.yaml", 5, "start_date", "2024-02-30 is not a day of the calendar; check the month and the day"),
        CorpusCase("start-date-yesterday.yaml", 5, "start_date", "must be a date like 2024-01-01 or 2024-01-01T00:00:00Z, not the text \"yesterday\""),
        CorpusCase("symbol-duplicate.yaml", 3, "symbols[2]", "BTCUSDT is listed twice; remove one"),
        CorpusCase("symbol-lowercase.yaml", 3, "symbols[0]", "must be an upper-case symbol like BTCUSDT or BRK.B, not the text \"btcusdt\"; write BTCUSDT"),
        CorpusCase("symbol-with-slash.yaml", 3, "symbols[0]", "not the text \"BTC/USDT\"; write BTCUSDT"),
        CorpusCase("symbols-is-a-number.yaml", 3, "symbols", "must be a list of symbols like [BTCUSDT], not the number 5"),
        CorpusCase("timeframe-5min.yaml", 4, "timeframe", "must be one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w, not the text \"5min\"; did you mean 5m?"),
        CorpusCase("training-window-days-is-text.yaml", 7, "training_window_days", "must be a number, not the text \"ninety\""),
        CorpusCase("training-window-days-not-whole.yaml", 7, "training_window_days", "must be a whole number from 1 to 36500, got 90.5"),
        CorpusCase("training-window-days-quoted.yaml", 7, "training_window_days", "must be a number, not the text \"90\"; remove the quotes"),
        CorpusCase("tpe-settings-without-tpe.yaml", 18, "tpe", "applies to optimization_method: tpe; remove it or set optimization_method: tpe"),
        CorpusCase("warm-start-on-grid.yaml", 18, "warm_start", "applies to optimization_method: tpe (a grid or random search evaluates the same combinations in every window)"),
        CorpusCase("tpe-batch-size-zero.yaml", 18, "tpe.batch_size", "must be a whole number from 1 to 10000, got 0"),
        CorpusCase("tpe-unknown-key.yaml", 19, "tpe.candidate", "unknown key; did you mean candidates?"),
        CorpusCase("robustness-benchmark-unknown.yaml", 17, "robustness.benchmark", "unknown value buy_hold; choose one of zero | buy_and_hold"),
        CorpusCase("robustness-block-length-below-one.yaml", 17, "robustness.block_length", "is the bootstrap's mean block length in days, at least 1, got 0.5; remove it to choose it from the data"),
        CorpusCase("robustness-spa-resamples-fraction.yaml", 17, "robustness.spa_resamples", "must be a whole number from 0 to 100000, got 10.5"),
        CorpusCase("robustness-permutations-negative.yaml", 17, "robustness.permutations", "must be a whole number from 0 to 100000, got -5"),
        CorpusCase("robustness-max-spa-pvalue-above-one.yaml", 17, "robustness.max_spa_pvalue", "is a probability between 0 and 1 (null turns the check off), got 2"),
        CorpusCase("unknown-data-key.yaml", 17, "data.sed", "unknown key; did you mean seed?"),
        CorpusCase("unknown-parameter.yaml", 11, "parameter_ranges.rsi_perid", "strategy rsi has no parameter rsi_perid; did you mean rsi_period?"),
        CorpusCase("unknown-robustness-key.yaml", 19, "robustness.min_consistancy", "unknown key; did you mean min_consistency?"),
        CorpusCase("unknown-strategy.yaml", 18, "strategy", "unknown strategy RSI; did you mean rsi?"),
        CorpusCase("unknown-top-level-key.yaml", 7, "traning_window_days", "unknown key; did you mean training_window_days?"),
        CorpusCase("window-does-not-fit.yaml", 7, "training_window_days", "one window needs 370 days (training 340 + gap 0 + testing 30) but start_date to end_date spans 366.00 days; move the dates apart or shorten the windows"),
    ]

    @Test(arguments: cases)
    func brokenFileIsReportedAtItsLineWithWhatToDo(_ expected: CorpusCase) throws {
        let path = Self.folder.appendingPathComponent(expected.file).path
        let error = try #require(throws: StudyError.self) { try StudyParser.load(path: path) }
        let match = error.issues.first {
            $0.line == expected.line && $0.keyPath == expected.keyPath && $0.message.contains(expected.fragment)
        }
        #expect(match != nil, "no issue at line \(expected.line.map(String.init) ?? "nil"), \(expected.keyPath) containing \"\(expected.fragment)\"; got:\n\(error)")
        #expect(match?.file == path)
        // Broken in one way: the mistake is reported once, without follow-on issues.
        #expect(error.issues.count == 1, "\(error)")
    }

    @Test func everyCorpusFileIsInTheTable() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }
        let tabled = Self.cases.map(\.file)
        #expect(Set(files).subtracting(tabled).sorted() == [], "add these corpus files to StudyValidationCorpusTests.cases")
        #expect(Set(tabled).subtracting(files).sorted() == [], "these table entries have no file in Corpus/")
        #expect(Set(tabled).count == tabled.count, "a file is listed twice in the table")
        #expect(files.count >= 30)
        #expect(files.contains { $0.hasSuffix(".json") })
    }

    @Test func corpusBaselineIsValid() throws {
        let study = try StudyParser.parse(Self.baseline, path: "baseline.yaml")
        #expect(study.data.source == .synthetic)
        #expect(study.combinationCount == 27)
    }
}
