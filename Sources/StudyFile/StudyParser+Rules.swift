import Backtesting
import MarketData
import Rules
import WalkForward

/// The `rules:` block of a `strategy: rules` study, as written, with each rule's line.
struct RuleTexts {
    var texts: [String: String] = [:]
    var lines: [String: Int] = [:]

    /// The strategy used to read `strategy_params` and `parameter_ranges` before the rules are
    /// checked: every name they declare is a number parameter, plus the stop parameters.
    static func provisionalStrategy(declaring names: [String]) -> StrategyDefinition {
        StrategyDefinition(name: "rules", summary: "", parameters: parameterSpecs(names)) { _, context, _ in
            let none = ConditionColumn(count: context.series.count)
            return SignalColumns(longEntry: none, longExit: none, shortEntry: none, shortExit: none)
        }
    }

    /// A rules parameter is a number; its use in a rule (a period, an offset) says more, and
    /// the rule checker checks every value against that.
    static func parameterSpecs(_ names: [String]) -> [ParameterSpec] {
        Set(names).sorted().filter { name in !StrategyDefinition.stopParameters.contains { $0.name == name } }.map {
            ParameterSpec($0, .number(-1e12...1e12), default: nil, "read by the rules")
        }
    }
}

extension StudyParser {
    /// The keys of a mapping entry, or none.
    static func keys(of entry: Located?) -> [String] {
        guard let entry, case let .map(pairs) = entry.value else { return [] }
        return pairs.map(\.key)
    }
}

extension StudyBuilder {
    /// Reads the `rules:` mapping (long_entry, long_exit, short_entry, short_exit: text).
    mutating func rules(_ entry: Located?, strategyLine: Int) -> RuleTexts {
        var result = RuleTexts()
        guard let entry, !entry.isNull else {
            report(strategyLine, "rules", "strategy: rules needs a rules block, e.g. rules: {long_entry: \"rsi(14) < 30\", long_exit: \"rsi(14) > 70\"}")
            return result
        }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "rules", "must be a mapping of \(RuleSet.keys.joined(separator: ", ")) to rules, not \(entry.value.kindName)")
            return result
        }
        for (key, keyLine, value) in pairs {
            let path = "rules.\(key)"
            guard RuleSet.keys.contains(key) else {
                report(keyLine, path, "unknown rule\(didYouMean(key, among: RuleSet.keys)); the rules are \(RuleSet.keys.joined(separator: ", "))")
                continue
            }
            guard case let .text(text) = value.value else {
                report(value.line, path, "must be a rule written as text, e.g. \"rsi(14) < 30\", not \(value.value.kindName)")
                continue
            }
            result.texts[key] = text
            result.lines[key] = value.line
        }
        if result.texts["long_entry"] == nil, result.texts["short_entry"] == nil, !pairs.isEmpty {
            report(entry.line, "rules", "has no entry rule; give long_entry, short_entry or both")
        }
        return result
    }

    /// Checks the rules against the parameters' values; the strategy, or nil with the issues reported.
    /// Every parameter declared in `strategy_params` or `parameter_ranges` (stops aside) must be
    /// read by a rule, and every name a rule reads must be declared.
    mutating func checkRules(_ rules: RuleTexts, ranges: [ParameterSpace.Dimension], fixed: ParameterSet,
                             fields: Fields, study: inout Study, readElsewhere: Set<String> = []) -> StrategyDefinition? {
        var values = Self.numberValues(ranges: ranges, fixed: fixed)
        for spec in StrategyDefinition.stopParameters { values[spec.name] = nil }
        let read = Set(RuleSet.parameterNames(in: rules.texts)).union(readElsewhere)
        for section in ["strategy_params", "parameter_ranges"] {
            guard let entry = fields[section], case let .map(pairs) = entry.value else { continue }
            for (name, keyLine, _) in pairs where values[name] != nil && !read.contains(name) {
                report(keyLine, "\(section).\(name)", "no rule reads \(name); use it in a rule or remove it")
            }
        }
        do {
            let set = try RuleSet(texts: rules.texts, parameterValues: values, timeframe: study.timeframe, symbols: study.symbols)
            raiseWarmup(of: &study, to: set.warmupCandles, line: fields["warmup_candles"]?.line)
            return set.strategy(parameters: RuleTexts.parameterSpecs(Array(values.keys)))
        } catch {
            for failure in error.failures {
                report(rules.lines[failure.key], "rules.\(failure.key)", failure.description)
            }
            return nil
        }
    }

    /// The rules of a strategy defined by rules (`macd`), checked against the study's values
    /// (its ranges, fixed values and the defaults of the rest).
    mutating func checkNamedRules(_ texts: [String: String], strategy: StrategyDefinition, ranges: [ParameterSpace.Dimension],
                                  fixed: ParameterSet, line: Int?, timeframe: Timeframe) {
        var values = Self.numberValues(ranges: ranges, fixed: fixed)
        for spec in strategy.parameters where values[spec.name] == nil {
            if let number = spec.defaultValue?.number { values[spec.name] = [number] }
        }
        do { _ = try RuleSet(texts: texts, parameterValues: values, timeframe: timeframe) } catch {
            for message in Set(error.failures.map(\.error.message)).sorted() {
                report(line, "parameter_ranges", "\(strategy.name): \(message)")
            }
        }
    }

    /// The warm-up raised to what the rules read (an `@1d` filter needs days of hourly candles),
    /// with a note; never lowered.
    mutating func raiseWarmup(of study: inout Study, to needed: Int, line: Int?) {
        guard needed > study.warmupCandles else { return }
        study.notes.append("warmup_candles raised from \(study.warmupCandles) to \(needed): the rules read that many \(study.timeframe.rawValue) "
            + "candles before their first value")
        study.warmupCandles = needed
    }

    /// Every number value each parameter takes in the study: its searched values, or its fixed one.
    static func numberValues(ranges: [ParameterSpace.Dimension], fixed: ParameterSet) -> [String: [Double]] {
        var values: [String: [Double]] = [:]
        for range in ranges { values[range.name] = range.values.compactMap(\.number) }
        for (name, value) in fixed.pairs { if let number = value.number { values[name] = [number] } }
        return values
    }
}
