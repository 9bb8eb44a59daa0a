import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// Walks the parsed document and fills a ``Study``, collecting issues.
struct StudyBuilder {
    let file: String
    var issues: [StudyIssue]
    /// The keys of the file's `matrix:` (empty for a plain study): what `data.path` placeholders may name.
    var matrixAxes: [String] = []
    /// The files read besides the study (a calendar's holiday file), absolute.
    var readFiles: [String] = []
    /// The study has a `portfolio:` block: `data.path` may hold `{symbol}` without a matrix.
    var hasPortfolio = false
    /// `symbols: all`: the symbols are listed from `data.path` (``UniverseListing``).
    var listsAllSymbols = false

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
        hasPortfolio = fields["portfolio"] != nil
        // The symbols before the rules and the portfolio, which may read them (close@BTCUSDT).
        study.data = dataSettings(fields["data"])
        if listsAllSymbols { listSymbols(of: &study, line: fields["symbols"]?.line) }
        let portfolio = portfolioDraft(fields["portfolio"])
        // The portfolio's parameters are declared beside the strategy's.
        let declared = portfolio.map { study.strategy.inPortfolio(Portfolio(maxPositions: .number(1), parameters: $0.parameterSpecs)) }
        study.strategyParams = strategyParams(fields["strategy_params"], strategy: declared ?? study.strategy)
        study.parameterRanges = parameterRanges(fields["parameter_ranges"], strategy: declared ?? study.strategy, fixed: study.strategyParams)
        if let ruleTexts {
            if let strategy = checkRules(ruleTexts, ranges: study.parameterRanges, fixed: study.strategyParams,
                                         fields: fields, study: &study, readElsewhere: Set(portfolio?.parameterNames ?? [])) {
                study.strategy = strategy
            }
        }
        if let portfolio {
            if let built = finishPortfolio(portfolio, study: &study) { study.strategy = study.strategy.inPortfolio(built) }
        } else if study.strategy.name == RotationStrategy.name {
            report(fields["strategy"]?.line, "strategy", "rotation trades a portfolio's ranking; add a portfolio: block with mode: rotation (docs/portfolio.md)")
        }
        if let texts = StrategyCatalog.ruleTexts[study.strategy.name] {
            checkNamedRules(texts, strategy: study.strategy, ranges: study.parameterRanges, fixed: study.strategyParams,
                            line: fields["parameter_ranges"]?.line, timeframe: study.timeframe)
        }
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
}

extension StudyBuilder {
    /// `symbols: all`: the symbols found under the csv `data.path`, in name order.
    mutating func listSymbols(of study: inout Study, line: Int?) {
        guard study.data.source == .csv, let path = study.data.path else {
            report(line, "symbols", "all lists the symbols of a csv data.path (a folder, or a path with {symbol}); set data: {source: csv, path: ...} or list the symbols")
            return
        }
        let folder = path.hasPrefix("/") ? path : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
        switch UniverseListing.list(path: path, resolved: folder, timeframe: study.timeframe) {
        case let .success(listed):
            study.symbols = listed.symbols
            study.data.path = listed.path
        case let .failure(error):
            report(line, "symbols", error.message)
        }
    }
}
