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
        "warmup_candles", "data", "robustness", "rules", "overfitting", "matrix", "calendar", "flat_at_session_close",
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

/// Walks the parsed document and fills a ``Study``, collecting issues.
struct StudyBuilder {
    let file: String
    var issues: [StudyIssue]
    /// The keys of the file's `matrix:` (empty for a plain study): what `data.path` placeholders may name.
    var matrixAxes: [String] = []
    /// The files read besides the study (a calendar's holiday file), absolute.
    var readFiles: [String] = []

    mutating func report(_ line: Int?, _ keyPath: String, _ message: String) {
        issues.append(StudyIssue(file: file, line: line, keyPath: keyPath, message: message))
    }

    mutating func build(_ root: Located) -> Study? {
        guard case let .map(entries) = root.value else {
            var hint = ""
            if case let .list(items) = root.value, case .map = items.first?.value { hint = "; remove the \"- \" in front of the first key" }
            report(root.line, "", "a study file is a mapping of keys (name:, symbols:, ...), not \(root.value.kindName)" + hint)
            return nil
        }
        let fields = Fields(entries)
        checkKeys(fields, known: StudyParser.topLevelKeys, path: "", line: root.line)
        let unknownKeys = fields.entries.map(\.key).filter { !StudyParser.topLevelKeys.contains($0) }
        for key in StudyParser.requiredKeys where fields[key] == nil {
            // A misspelled key is already reported with "did you mean" this one.
            if unknownKeys.contains(where: { !didYouMean($0, among: [key]).isEmpty }) { continue }
            report(nil, key, "is required; add it (see examples/quickstart.yaml)")
        }

        let name = text(fields["name"], "name")
        if let entry = fields["name"], let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
            report(entry.line, "name", "must not be empty")
        }
        var study = Study(
            name: name ?? "", symbols: symbols(fields["symbols"]),
            timeframe: timeframe(fields["timeframe"]) ?? .fiveMinutes,
            startDate: date(fields["start_date"], "start_date") ?? 0,
            endDate: date(fields["end_date"], "end_date") ?? 0,
            trainingWindowDays: integer(fields["training_window_days"], "training_window_days", 1...36_500) ?? 1,
            testingWindowDays: integer(fields["testing_window_days"], "testing_window_days", 1...36_500) ?? 1,
            stepDays: integer(fields["step_days"], "step_days", 1...36_500) ?? 1,
            parameterRanges: [])
        if let start = fields["start_date"], let end = fields["end_date"],
           let startDate = date(start, "start_date", quiet: true), let endDate = date(end, "end_date", quiet: true),
           endDate <= startDate {
            report(end.line, "end_date", "\(UTCTime.format(milliseconds: endDate)) is not after start_date \(UTCTime.format(milliseconds: startDate)); swap or fix the dates")
        }
        study.description = text(fields["description"], "description") ?? ""
        if let value = choice(fields["optimization_method"], "optimization_method", Study.OptimizationMethod.self) {
            study.optimizationMethod = value
        }
        if let value = choice(fields["window_mode"], "window_mode", WindowLayout.Mode.self) { study.windowMode = value }
        if let value = choice(fields["objective"], "objective", Objective.self) { study.objective = value }
        study.initialCapital = number(fields["initial_capital"], "initial_capital", positive: true) ?? study.initialCapital
        study.positionSize = number(fields["position_size"], "position_size", positive: true) ?? study.positionSize
        study.gapDays = integer(fields["gap_days"], "gap_days", 0...36_500) ?? study.gapDays
        study.maxCombinations = integer(fields["max_combinations"], "max_combinations", 1...10_000_000) ?? study.maxCombinations
        study.tpe = tpe(fields["tpe"], method: study.optimizationMethod)
        if let entry = fields["warm_start"], let warmStart = flag(entry, "warm_start") {
            if warmStart, study.optimizationMethod != .tpe {
                report(entry.line, "warm_start", "applies to optimization_method: tpe (a grid or random search evaluates the same combinations in every window); remove it or use tpe")
            }
            study.warmStart = warmStart
        }
        study.randomSeed = integer(fields["random_seed"], "random_seed", 0...Int.max).map(UInt64.init) ?? study.randomSeed
        study.minTrades = integer(fields["min_trades"], "min_trades", 0...1_000_000) ?? study.minTrades
        study.warmupCandles = integer(fields["warmup_candles"], "warmup_candles", 0...1_000_000) ?? study.warmupCandles
        study.feePct = percent(fields["fee_pct"], "fee_pct", 0...100) ?? study.feePct
        study.slippagePct = percent(fields["slippage_pct"], "slippage_pct", 0...100) ?? study.slippagePct
        if let entry = fields["position_size_pct"], !entry.isNull {
            study.positionSizePct = percent(entry, "position_size_pct", 0...100)
            if study.positionSizePct == 0 { report(entry.line, "position_size_pct", "must be above 0") }
        }
        if let entry = fields["initial_capital"], let capital = number(entry, "initial_capital", positive: true, quiet: true),
           study.positionSizePct == nil, study.positionSize > capital {
            report(fields["position_size"]?.line ?? entry.line, "position_size",
                   "\(ParameterValue.format(study.positionSize)) is more than initial_capital \(ParameterValue.format(capital)); no trade could be opened")
        }
        var ruleTexts: RuleTexts?
        if let entry = fields["strategy"] {
            if let name = text(entry, "strategy") {
                if name == "rules" {
                    ruleTexts = rules(fields["rules"], strategyLine: entry.line)
                    study.strategy = RuleTexts.provisionalStrategy(declaring: StudyParser.keys(of: fields["strategy_params"])
                        + StudyParser.keys(of: fields["parameter_ranges"]))
                } else {
                    do { study.strategy = try StrategyCatalog.named(name) } catch {
                        report(entry.line, "strategy", error.description)
                    }
                }
            }
        }
        if ruleTexts == nil, let entry = fields["rules"] {
            report(entry.line, "rules", "rules are read only with strategy: rules; add it or remove the rules")
        }
        study.strategyParams = strategyParams(fields["strategy_params"], strategy: study.strategy)
        study.parameterRanges = parameterRanges(fields["parameter_ranges"], strategy: study.strategy, fixed: study.strategyParams)
        if let ruleTexts {
            if let strategy = checkRules(ruleTexts, ranges: study.parameterRanges, fixed: study.strategyParams,
                                         fields: fields, study: &study) { study.strategy = strategy }
        }
        if let texts = StrategyCatalog.ruleTexts[study.strategy.name] {
            checkNamedRules(texts, strategy: study.strategy, ranges: study.parameterRanges, fixed: study.strategyParams,
                            line: fields["parameter_ranges"]?.line, timeframe: study.timeframe)
        }
        study.data = dataSettings(fields["data"])
        checkSymbols(study.symbols, source: study.data.source, line: fields["symbols"]?.line)
        study.robustness = robustness(fields["robustness"])
        study.snooping = snooping(fields["robustness"])
        if case let .map(pairs)? = fields["robustness"]?.value {
            study.permutations = integer(Fields(pairs)["permutations"], "robustness.permutations", 0...100_000) ?? 0
        }
        study.overfitting = overfitting(fields["overfitting"])
        study.calendar = studyCalendar(fields, timeframe: study.timeframe)
        study.flatAtSessionClose = flag(fields["flat_at_session_close"], "flat_at_session_close") ?? false
        if issues.isEmpty, !study.calendar.isAlwaysOpen { snapDates(of: &study, fields: fields) }
        study.referencedFiles = readFiles
        if issues.isEmpty {
            do { _ = try study.windowLayout.windows() } catch {
                report(fields["training_window_days"]?.line, "training_window_days", error.description)
            }
            if study.optimizationMethod != .grid, study.parameterRanges.count > 0, study.parameterSpace.gridSize == nil {
                report(fields["parameter_ranges"]?.line, "parameter_ranges",
                       "the grid is too large to number its combinations (more than 9.2e18); use fewer values")
            }
            if study.optimizationMethod == .grid, study.parameterRanges.count > 0, study.combinationCount > Study.maximumGridSize {
                report(fields["parameter_ranges"]?.line, "parameter_ranges",
                       "the grid has \(study.combinationCount == Int.max ? "too many" : String(study.combinationCount)) combinations (at most \(Study.maximumGridSize)); use fewer values, or optimization_method: tpe (or random) with max_combinations")
            }
        }
        return study
    }

    // MARK: Sections

    mutating func symbols(_ entry: Located?) -> [String] {
        guard let entry else { return [] }
        let items: [Located]
        switch entry.value {
        case let .list(list): items = list
        case .text: items = [entry]
        default:
            report(entry.line, "symbols", "must be a list of symbols like [BTCUSDT], not \(entry.value.kindName)")
            return []
        }
        if items.isEmpty { report(entry.line, "symbols", "must name at least one symbol, e.g. [BTCUSDT]") }
        var symbols: [String] = []
        for (index, item) in items.enumerated() {
            guard case let .text(symbol) = item.value, let first = symbol.first, first.isASCII, first.isUppercase || first.isNumber,
                  symbol.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || Self.symbolPunctuation.contains($0)) }) else {
                report(item.line, "symbols[\(index)]", "must be an upper-case symbol like BTCUSDT or BRK.B, not \(item.value.kindName)"
                       + Self.symbolSuggestion(item.value))
                continue
            }
            if symbols.contains(symbol) {
                report(item.line, "symbols[\(index)]", "\(symbol) is listed twice; remove one")
                continue
            }
            symbols.append(symbol)
        }
        return symbols
    }

    mutating func timeframe(_ entry: Located?) -> Timeframe? {
        guard let entry else { return nil }
        guard case let .text(text) = entry.value, let timeframe = Timeframe(rawValue: text) else {
            report(entry.line, "timeframe", "must be one of \(Timeframe.allSpellings), not \(entry.value.kindName)"
                   + Self.timeframeSuggestion(entry.value))
            return nil
        }
        return timeframe
    }

    mutating func strategyParams(_ entry: Located?, strategy: StrategyDefinition) -> ParameterSet {
        guard let entry, !entry.isNull else { return ParameterSet() }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "strategy_params", "must be a mapping of parameter: value, not \(entry.value.kindName)")
            return ParameterSet()
        }
        var result = ParameterSet()
        for (name, keyLine, value) in pairs {
            let path = "strategy_params.\(name)"
            guard let spec = strategy.spec(named: name) else {
                report(keyLine, path, strategy.unknownParameterMessage(name))
                continue
            }
            if let parameter = parameterValue(value, spec: spec, path: path) { result[name] = parameter }
        }
        return result
    }

    mutating func parameterRanges(_ entry: Located?, strategy: StrategyDefinition, fixed: ParameterSet) -> [ParameterSpace.Dimension] {
        guard let entry else { return [] }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "parameter_ranges", "must be a mapping of parameter: [values] or {from, to, step}, not \(entry.value.kindName)")
            return []
        }
        if pairs.isEmpty { report(entry.line, "parameter_ranges", "must name at least one parameter to search") }
        var ranges: [ParameterSpace.Dimension] = []
        for (name, keyLine, value) in pairs {
            let path = "parameter_ranges.\(name)"
            guard let spec = strategy.spec(named: name) else {
                report(keyLine, path, strategy.unknownParameterMessage(name))
                continue
            }
            if fixed[name] != nil {
                report(keyLine, path, "is also fixed in strategy_params; search it or fix it, not both")
            }
            guard let values = rangeValues(value, spec: spec, path: path) else { continue }
            ranges.append(ParameterSpace.Dimension(name: name, values: values))
        }
        return ranges
    }

    mutating func rangeValues(_ entry: Located, spec: ParameterSpec, path: String) -> [ParameterValue]? {
        var values: [ParameterValue] = []
        switch entry.value {
        case let .list(items):
            guard !items.isEmpty else {
                report(entry.line, path, "the list of values is empty; give at least one value")
                return nil
            }
            for (index, item) in items.enumerated() {
                guard let value = parameterValue(item, spec: spec, path: "\(path)[\(index)]") else { continue }
                if values.contains(value) {
                    report(item.line, "\(path)[\(index)]", "\(value) is listed twice; remove one")
                    continue
                }
                values.append(value)
            }
            return values.count == items.count ? values : nil
        case let .map(pairs):
            let fields = Fields(pairs)
            checkKeys(fields, known: ["from", "to", "step"], path: path, line: entry.line)
            guard let fromEntry = fields["from"], let toEntry = fields["to"] else {
                let missing = ["from", "to"].filter { fields[$0] == nil }.joined(separator: " and ")
                report(entry.line, path, "\(missing) is missing; a range needs from and to (and step), e.g. {from: 7, to: 21, step: 7}")
                return nil
            }
            guard let from = number(fromEntry, "\(path).from"), let to = number(toEntry, "\(path).to") else { return nil }
            let step = fields["step"].flatMap { number($0, "\(path).step") } ?? 1
            guard step > 0 else {
                report(fields["step"]?.line ?? entry.line, "\(path).step", "must be above 0")
                return nil
            }
            guard to >= from else {
                report(toEntry.line, "\(path).to", "\(ParameterValue.format(to)) is below from \(ParameterValue.format(from)); the range is empty, swap from and to")
                return nil
            }
            let steps = ((to - from) / step + 1e-9).rounded(.down)
            guard steps < 100_000 else {
                report(entry.line, path, "the range has \(ParameterValue.format(steps + 1)) values; use a larger step (at most 100000 values)")
                return nil
            }
            let count = Int(steps) + 1
            for index in 0..<count {
                // Rounded to 12 significant digits so 0.1 steps give 0.3, not 0.30000000000000004.
                let raw = from + Double(index) * step
                let value = Double(String(format: "%.12g", raw)) ?? raw
                if let problem = spec.problem(with: .number(value)) {
                    report(entry.line, path, problem)
                    return nil
                }
                values.append(.number(value))
            }
            return values
        default:
            report(entry.line, path, "must be a list of values like [7, 14, 21] or a range {from: 7, to: 21, step: 7}, not \(entry.value.kindName)")
            return nil
        }
    }

    /// A value typed by the parameter's kind and checked against its bounds.
    mutating func parameterValue(_ entry: Located, spec: ParameterSpec, path: String) -> ParameterValue? {
        let value: ParameterValue
        switch entry.value {
        case let .number(number): value = .number(number)
        case let .text(text): value = .text(text)
        case let .flag(flag): value = .flag(flag)
        default:
            report(entry.line, path, "must be a single value, not \(entry.value.kindName)")
            return nil
        }
        if let problem = spec.problem(with: value) {
            report(entry.line, path, problem)
            return nil
        }
        return value
    }

    mutating func dataSettings(_ entry: Located?) -> Study.DataSettings {
        var settings = Study.DataSettings()
        guard let entry, !entry.isNull else { return settings }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "data", "must be a mapping (source:, path:, ...), not \(entry.value.kindName)")
            return settings
        }
        let fields = Fields(pairs)
        checkKeys(fields, known: StudyParser.dataKeys, path: "data", line: entry.line)
        if let source = choice(fields["source"], "data.source", Study.DataSettings.Source.self) { settings.source = source }
        if let pathEntry = fields["path"], !pathEntry.isNull {
            settings.path = text(pathEntry, "data.path")
            if let path = settings.path { checkPlaceholders(in: path, line: pathEntry.line) }
        }
        if let url = fields["base_url"], let text = text(url, "data.base_url") {
            if text.hasPrefix("http://") || text.hasPrefix("https://") {
                settings.baseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
            } else {
                report(url.line, "data.base_url", "must start with http:// or https://, got \(text)")
            }
        }
        if let seed = integer(fields["seed"], "data.seed", 0...Int.max) { settings.seed = UInt64(seed) }
        if let policy = choice(fields["on_gap"], "data.on_gap", Study.DataSettings.GapPolicy.self) { settings.onGap = policy }
        if let zoneEntry = fields["timezone"], let name = text(zoneEntry, "data.timezone") {
            settings.timeZone = timeZone(name, line: zoneEntry.line, path: "data.timezone")
        }
        settings.adjusted = flag(fields["adjusted"], "data.adjusted") ?? false
        for key in ["timezone", "adjusted"] where settings.source != .csv {
            if let entry = fields[key] { report(entry.line, "data.\(key)", "is read only with source: csv; remove it") }
        }
        if let entry = fields["calendar"], settings.source != .synthetic {
            report(entry.line, "data.calendar", "is how the synthetic market trades; for \(settings.source.rawValue) data say when the market trades with calendar: at the top level")
        }
        if settings.source == .csv, settings.path == nil {
            report(entry.line, "data.path", "is required with source: csv; give a file, folder or glob of candle files")
        }
        return settings
    }

    /// `{symbol}` and `{timeframe}` in `data.path` stand for the values of the matrix axes
    /// `symbols` and `timeframe` (``Study/DataSettings/path(symbol:timeframe:)``); any other
    /// `{word}`, or one whose axis the matrix lacks, is a mistake.
    mutating func checkPlaceholders(in path: String, line: Int) {
        for word in Study.DataSettings.placeholders(in: path) {
            guard let axis = Study.DataSettings.placeholderAxes[word] else {
                report(line, "data.path", "{\(word)} is not a placeholder; data.path may hold {symbol} and {timeframe}")
                continue
            }
            if !matrixAxes.contains(axis) {
                report(line, "data.path", "{\(word)} stands for each value of the matrix axis \(axis), and "
                       + (matrixAxes.isEmpty ? "this study has no matrix:" : "the matrix has no axis \(axis)")
                       + "; add \(axis) to matrix:, or write the \(word) out in the path")
            }
        }
    }

    mutating func robustness(_ entry: Located?) -> RobustnessThresholds {
        var thresholds = RobustnessThresholds()
        guard let entry, !entry.isNull else { return thresholds }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "robustness", "must be a mapping of thresholds, not \(entry.value.kindName)")
            return thresholds
        }
        let fields = Fields(pairs)
        checkKeys(fields, known: StudyParser.robustnessKeys, path: "robustness", line: entry.line)
        thresholds.maxDegradationPct = number(fields["max_degradation_pct"], "robustness.max_degradation_pct")
            ?? thresholds.maxDegradationPct
        thresholds.minConsistency = percent(fields["min_consistency"], "robustness.min_consistency", 0...100)
            ?? thresholds.minConsistency
        thresholds.minProfitableWindowsPct = percent(fields["min_profitable_windows_pct"], "robustness.min_profitable_windows_pct", 0...100)
            ?? thresholds.minProfitableWindowsPct
        // null turns an overfitting check off.
        if let entry = fields["max_pbo"] {
            thresholds.maxPBO = entry.isNull ? nil : probability(entry, "robustness.max_pbo")
        }
        if let entry = fields["min_median_dsr"] {
            thresholds.minMedianDSR = entry.isNull ? nil : probability(entry, "robustness.min_median_dsr")
        }
        if let entry = fields["max_spa_pvalue"] {
            thresholds.maxSPAPValue = entry.isNull ? nil : probability(entry, "robustness.max_spa_pvalue")
        }
        return thresholds
    }

    /// The data-snooping settings among `robustness:`'s keys (the mapping itself was checked
    /// by ``robustness(_:)``).
    mutating func snooping(_ entry: Located?) -> DataSnooping {
        var snooping = DataSnooping()
        guard let entry, case let .map(pairs) = entry.value else { return snooping }
        let fields = Fields(pairs)
        snooping.benchmark = choice(fields["benchmark"], "robustness.benchmark", DataSnooping.Benchmark.self) ?? snooping.benchmark
        if let length = fields["block_length"], !length.isNull {
            snooping.blockLength = number(length, "robustness.block_length", positive: true).flatMap { value in
                guard value >= 1 else {
                    report(length.line, "robustness.block_length",
                           "is the bootstrap's mean block length in days, at least 1, got \(ParameterValue.format(value)); remove it to choose it from the data")
                    return nil
                }
                return value
            }
        }
        snooping.resamples = integer(fields["spa_resamples"], "robustness.spa_resamples", 0...100_000) ?? snooping.resamples
        return snooping
    }

    mutating func overfitting(_ entry: Located?) -> Study.OverfittingSettings {
        var settings = Study.OverfittingSettings()
        guard let entry, !entry.isNull else { return settings }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "overfitting", "must be a mapping (cscv_blocks:, monte_carlo_paths:), not \(entry.value.kindName)")
            return settings
        }
        let fields = Fields(pairs)
        checkKeys(fields, known: StudyParser.overfittingKeys, path: "overfitting", line: entry.line)
        // 0 turns a statistic off.
        if let blocksEntry = fields["cscv_blocks"], let blocks = integer(blocksEntry, "overfitting.cscv_blocks", 0...20) {
            if blocks % 2 == 0 { settings.cscvBlocks = blocks } else {
                report(blocksEntry.line, "overfitting.cscv_blocks", "must be even (half the blocks train, half test), got \(blocks); 0 turns PBO off")
            }
        }
        if let pathsEntry = fields["monte_carlo_paths"], let paths = integer(pathsEntry, "overfitting.monte_carlo_paths", 0...1_000_000) {
            if paths == 0 || paths >= 100 { settings.monteCarloPaths = paths } else {
                report(pathsEntry.line, "overfitting.monte_carlo_paths", "must be at least 100 for its 5 % and 95 % bands, got \(paths); 0 turns it off")
            }
        }
        return settings
    }

    /// `tpe:` — how a TPE search proposes; only with `optimization_method: tpe`.
    mutating func tpe(_ entry: Located?, method: Study.OptimizationMethod) -> Study.TPESettings {
        var settings = Study.TPESettings()
        guard let entry, !entry.isNull else { return settings }
        guard method == .tpe else {
            report(entry.line, "tpe", "applies to optimization_method: tpe; remove it or set optimization_method: tpe")
            return settings
        }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "tpe", "must be a mapping (batch_size:, startup_trials:, candidates:), not \(entry.value.kindName)")
            return settings
        }
        let fields = Fields(pairs)
        checkKeys(fields, known: StudyParser.tpeKeys, path: "tpe", line: entry.line)
        settings.batchSize = integer(fields["batch_size"], "tpe.batch_size", 1...10_000) ?? settings.batchSize
        settings.startupTrials = integer(fields["startup_trials"], "tpe.startup_trials", 1...10_000_000)
        settings.candidates = integer(fields["candidates"], "tpe.candidates", 1...10_000) ?? settings.candidates
        return settings
    }

    // MARK: Scalars

    mutating func checkKeys(_ fields: Fields, known: [String], path: String, line: Int) {
        for (key, keyLine, _) in fields.entries where !known.contains(key) {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            report(keyLine, keyPath, "unknown key" + didYouMean(key, among: known)
                   + (didYouMean(key, among: known).isEmpty ? "; known keys: \(known.joined(separator: ", "))" : ""))
        }
    }

    mutating func flag(_ entry: Located?, _ path: String) -> Bool? {
        guard let entry else { return nil }
        guard case let .flag(flag) = entry.value else {
            report(entry.line, path, "must be true or false, not \(entry.value.kindName)")
            return nil
        }
        return flag
    }

    mutating func text(_ entry: Located?, _ path: String) -> String? {
        guard let entry else { return nil }
        switch entry.value {
        case let .text(text): return text
        case let .number(number): return ParameterValue.format(number)
        default:
            report(entry.line, path, "must be text, not \(entry.value.kindName)")
            return nil
        }
    }

    mutating func number(_ entry: Located?, _ path: String, positive: Bool = false, quiet: Bool = false) -> Double? {
        guard let entry else { return nil }
        guard case let .number(number) = entry.value else {
            if !quiet { report(entry.line, path, "must be a number, not \(entry.value.kindName)" + Self.quotedNumberHint(entry.value)) }
            return nil
        }
        if positive, number <= 0 {
            if !quiet { report(entry.line, path, "must be above 0, got \(ParameterValue.format(number))") }
            return nil
        }
        return number
    }

    /// A number from 0 to 1 (a probability; null is handled by the caller).
    mutating func probability(_ entry: Located, _ path: String) -> Double? {
        guard let value = number(entry, path) else { return nil }
        guard (0...1).contains(value) else {
            report(entry.line, path, "is a probability between 0 and 1 (null turns the check off), got \(ParameterValue.format(value))")
            return nil
        }
        return value
    }

    mutating func percent(_ entry: Located?, _ path: String, _ range: ClosedRange<Double>) -> Double? {
        guard let entry, let value = number(entry, path) else { return nil }
        guard range.contains(value) else {
            report(entry.line, path, "must be between \(ParameterValue.format(range.lowerBound)) and \(ParameterValue.format(range.upperBound)) (percent), got \(ParameterValue.format(value))")
            return nil
        }
        return value
    }

    mutating func integer(_ entry: Located?, _ path: String, _ range: ClosedRange<Int>) -> Int? {
        guard let entry, let value = number(entry, path) else { return nil }
        guard let whole = Int(exactly: value), range.contains(whole) else {
            report(entry.line, path, "must be a whole number from \(range.lowerBound)\(range.upperBound == Int.max ? " up" : " to \(range.upperBound)"), got \(ParameterValue.format(value))")
            return nil
        }
        return whole
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ entry: Located?, _ path: String, _ type: Choice.Type) -> Choice?
    where Choice.RawValue == String {
        guard let entry else { return nil }
        let words = Choice.allCases.map(\.rawValue)
        guard case let .text(text) = entry.value else {
            report(entry.line, path, "must be one of \(words.joined(separator: " | ")), not \(entry.value.kindName)")
            return nil
        }
        guard let value = Choice(rawValue: text) else {
            report(entry.line, path, "unknown value \(text)" + didYouMean(text, among: words) + "; choose one of \(words.joined(separator: " | "))")
            return nil
        }
        return value
    }

    /// Dates as `2024-01-01`, `2024-01-01T00:00:00Z` or with an offset; UTC when no zone is given.
    mutating func date(_ entry: Located?, _ path: String, quiet: Bool = false) -> Int64? {
        guard let entry else { return nil }
        guard case let .text(text) = entry.value, let time = UTCTime.parse(text) else {
            if !quiet {
                report(entry.line, path, Self.notADay(entry.value)
                       ?? "must be a date like 2024-01-01 or 2024-01-01T00:00:00Z, not \(entry.value.kindName)")
            }
            return nil
        }
        return time
    }
}

// MARK: Hints

extension StudyBuilder {
    /// `; write BTCUSDT` for `btcusdt` or `BTC/USDT`.
    static func symbolSuggestion(_ value: YAMLValue) -> String {
        guard case let .text(text) = value else { return "" }
        let symbol = text.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return symbol.isEmpty || symbol == text ? "" : "; write \(symbol)"
    }

    /// `; did you mean 5m?` for `5min`: only spellings with the same count are suggested.
    static func timeframeSuggestion(_ value: YAMLValue) -> String {
        guard case let .text(text) = value else { return "" }
        let count = text.prefix { $0.isNumber }
        guard !count.isEmpty else { return "" }
        let candidates = Timeframe.allCases.map(\.rawValue).filter { $0.prefix { $0.isNumber } == count }
        return didYouMean(text, among: candidates)
    }

    /// `; remove the quotes` when text such as `"90"` would be a number unquoted.
    static func quotedNumberHint(_ value: YAMLValue) -> String {
        guard case let .text(text) = value, YAMLReader.parseNumber(text) != nil else { return "" }
        return "; remove the quotes"
    }

    /// A message for text shaped like a date whose day does not exist (`2024-02-30`).
    static func notADay(_ value: YAMLValue) -> String? {
        guard case let .text(text) = value else { return nil }
        let day = text.prefix(10)
        let shape = day.enumerated().allSatisfy { index, character in
            [4, 7].contains(index) ? character == "-" : character.isASCII && character.isNumber
        }
        guard day.count == 10, shape, UTCTime.parse(day) == nil else { return nil }
        return "\(day) is not a day of the calendar; check the month and the day"
    }
}

/// A mapping's entries by key, keeping their order and lines.
struct Fields {
    let entries: [(key: String, keyLine: Int, value: Located)]

    init(_ entries: [(key: String, keyLine: Int, value: Located)]) {
        self.entries = entries
    }

    subscript(key: String) -> Located? {
        entries.first { $0.key == key }?.value
    }

    func isPresent(_ key: String) -> Bool { self[key] != nil }
}

extension Located {
    var isNull: Bool {
        if case .null = value { return true }
        return false
    }
}
