import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// `portfolio:` (docs/portfolio.md): read in two steps, because its expressions and numbers
/// may name parameters — ``portfolioDraft(_:)`` reads the block and the names it uses (so
/// `parameter_ranges` accepts them), ``finishPortfolio(_:study:)`` checks it against the
/// parameters' values and builds the ``Portfolio``.
struct PortfolioDraft {
    struct Quantity {
        var value: Portfolio.Quantity
        var line: Int
        var path: String
    }

    var line: Int
    var maxPositions: Quantity?
    var mode: Portfolio.Mode = .signals
    var modeLine: Int?
    var rebalance: Portfolio.Rebalance?
    var rebalanceLine: Int?
    var rankBy: (text: String, line: Int)?
    var filter: (text: String, line: Int)?
    var sizingModel: String?
    var sizingLine: Int?
    var sizingFields: [String: Quantity] = [:]
    var riskStopText: (text: String, line: Int)?
    var maxWeightPct: Quantity?

    /// Every parameter name the block reads.
    var parameterNames: [String] {
        var names = Set<String>()
        for quantity in [maxPositions, maxWeightPct].compactMap({ $0 }) + Array(sizingFields.values) {
            if case let .parameter(name) = quantity.value { names.insert(name) }
        }
        if case let .candles(count)? = rebalance, case let .parameter(name) = count { names.insert(name) }
        for text in [rankBy?.text, filter?.text, riskStopText?.text].compactMap({ $0 }) {
            names.formUnion(RuleExpression.parameterNames(in: text))
        }
        return names.sorted()
    }

    /// The specs of those parameters: numbers, whose uses check their values.
    var parameterSpecs: [ParameterSpec] {
        parameterNames.map { ParameterSpec($0, .number(-1e12...1e12), default: nil, "read by the portfolio") }
    }
}

extension StudyParser {
    static let portfolioKeys = ["max_positions", "rank_by", "mode", "rebalance", "filter", "sizing", "max_weight_pct"]
    static let sizingModels = ["equal", "fixed", "percent", "volatility", "risk"]
    static let sizingKeys: [String: [String]] = ["equal": [], "fixed": [], "percent": [], "volatility": ["target_pct", "lookback"],
                                                 "risk": ["risk_pct", "stop"]]
}

extension StudyBuilder {
    /// Reads the block as written; nil when there is none.
    mutating func portfolioDraft(_ entry: Located?) -> PortfolioDraft? {
        guard let entry else { return nil }
        var draft = PortfolioDraft(line: entry.line)
        if entry.isNull {
            report(entry.line, "portfolio", "is empty; give at least max_positions (docs/portfolio.md), or remove portfolio:")
            return draft
        }
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "portfolio", "must be a mapping (max_positions:, rank_by:, mode:, ...), not \(entry.value.kindName)")
            return draft
        }
        let fields = Fields(pairs)
        checkKeys(fields, known: StudyParser.portfolioKeys, path: "portfolio", line: entry.line)
        if let value = fields["max_positions"] {
            draft.maxPositions = quantity(value, "portfolio.max_positions")
        } else {
            report(entry.line, "portfolio.max_positions", "is required: how many positions the portfolio holds at once, e.g. max_positions: 5")
        }
        if let value = fields["mode"], let mode = choice(value, "portfolio.mode", Portfolio.Mode.self) {
            draft.mode = mode
            draft.modeLine = value.line
        }
        if let value = fields["rebalance"] {
            draft.rebalanceLine = value.line
            switch value.value {
            case let .text(word):
                switch word {
                case "every_candle": draft.rebalance = .everyCandle
                case "daily": draft.rebalance = .daily
                case "weekly": draft.rebalance = .weekly
                case "monthly": draft.rebalance = .monthly
                default:
                    if let number = quantity(value, "portfolio.rebalance", quiet: true), case .parameter = number.value {
                        draft.rebalance = .candles(number.value)
                    }
                    if draft.rebalance == nil {
                        report(value.line, "portfolio.rebalance", "\(word) is not a schedule; use every_candle, daily, weekly, monthly or a number of candles")
                    }
                }
            case .number:
                if let number = quantity(value, "portfolio.rebalance") { draft.rebalance = .candles(number.value) }
            default:
                report(value.line, "portfolio.rebalance", "must be every_candle, daily, weekly, monthly or a number of candles, not \(value.value.kindName)")
            }
        }
        for key in ["rank_by", "filter"] {
            guard let value = fields[key] else { continue }
            guard case let .text(text) = value.value else {
                report(value.line, "portfolio.\(key)", "must be an expression written as text, e.g. \(key == "rank_by" ? "\"roc(close, 90)\"" : "\"close > sma(close, 200)\""), not \(value.value.kindName)")
                continue
            }
            if key == "rank_by" { draft.rankBy = (text, value.line) } else { draft.filter = (text, value.line) }
        }
        if let value = fields["max_weight_pct"] { draft.maxWeightPct = quantity(value, "portfolio.max_weight_pct") }
        if let value = fields["sizing"] { sizing(value, into: &draft) }
        return draft
    }

    private mutating func sizing(_ entry: Located, into draft: inout PortfolioDraft) {
        draft.sizingLine = entry.line
        guard case let .map(pairs) = entry.value else {
            report(entry.line, "portfolio.sizing", "must be a mapping such as {model: equal} or {model: volatility, target_pct: 20, lookback: 60}, not \(entry.value.kindName)")
            return
        }
        let fields = Fields(pairs)
        guard let modelEntry = fields["model"], case let .text(model) = modelEntry.value else {
            report(entry.line, "portfolio.sizing.model", "is required: one of \(StudyParser.sizingModels.joined(separator: ", "))")
            return
        }
        guard let keys = StudyParser.sizingKeys[model] else {
            report(modelEntry.line, "portfolio.sizing.model", "unknown model \(model)\(didYouMean(model, among: StudyParser.sizingModels)); "
                   + "the models are \(StudyParser.sizingModels.joined(separator: ", "))")
            return
        }
        draft.sizingModel = model
        checkKeys(fields, known: ["model"] + keys, path: "portfolio.sizing", line: entry.line)
        for key in keys {
            let path = "portfolio.sizing.\(key)"
            guard let value = fields[key] else {
                report(entry.line, path, "is required with model: \(model) (docs/portfolio.md)")
                continue
            }
            if key == "stop", case let .text(text) = value.value, Double(text) == nil {
                draft.riskStopText = (text, value.line)
                continue
            }
            if let number = quantity(value, path) { draft.sizingFields[key] = number }
        }
    }

    /// A number, or the name of a parameter (checked once the parameters are known).
    private mutating func quantity(_ entry: Located, _ path: String, quiet: Bool = false) -> PortfolioDraft.Quantity? {
        switch entry.value {
        case let .number(number):
            return PortfolioDraft.Quantity(value: .number(number), line: entry.line, path: path)
        case let .text(name) where Self.isParameterName(name):
            return PortfolioDraft.Quantity(value: .parameter(name), line: entry.line, path: path)
        default:
            if !quiet { report(entry.line, path, "must be a number or the name of a parameter in parameter_ranges, not \(entry.value.kindName)") }
            return nil
        }
    }

    static func isParameterName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// Checks the draft against the study's parameter values and settings and builds the
    /// portfolio; nil with the issues reported.
    mutating func finishPortfolio(_ draft: PortfolioDraft, study: inout Study) -> Portfolio? {
        var draft = draft
        let issueCount = issues.count
        let values = Self.numberValues(ranges: study.parameterRanges, fixed: study.strategyParams)
        /// Every value a quantity takes: its number, or its parameter's values.
        func takes(_ quantity: PortfolioDraft.Quantity?) -> [Double]? {
            guard let quantity else { return nil }
            switch quantity.value {
            case let .number(number): return [number]
            case let .parameter(name):
                guard let taken = values[name] else {
                    report(quantity.line, quantity.path, "\(name) is not a number or a parameter; add it to parameter_ranges or strategy_params, or write a number")
                    return nil
                }
                guard !taken.isEmpty else {
                    report(quantity.line, quantity.path, "\(name) takes no number (its values are words or flags); name a number parameter or write a number")
                    return nil
                }
                return taken
            }
        }
        func check(_ quantity: PortfolioDraft.Quantity?, _ rule: String, _ isValid: (Double) -> Bool) {
            guard let quantity, let taken = takes(quantity) else { return }
            if let bad = taken.first(where: { !isValid($0) }) {
                report(quantity.line, quantity.path, "\(ParameterValue.format(bad)) is not \(rule)"
                       + (quantity.value.isParameter ? " (a value of \(quantity.value))" : ""))
            }
        }
        check(draft.maxPositions, "a whole number of at least 1") { $0 >= 1 && $0 <= 100_000 && $0 == $0.rounded() }
        check(draft.maxWeightPct, "a percent above 0 and at most 100") { $0 > 0 && $0 <= 100 }
        if let cap = takes(draft.maxWeightPct)?.min(), let positions = takes(draft.maxPositions)?.min(), cap * positions < 100 - 1e-9 {
            report(draft.maxWeightPct!.line, "portfolio.max_weight_pct",
                   "\(ParameterValue.format(cap)) is below 100 / max_positions (\(ParameterValue.format(100 / positions))): "
                   + "\(ParameterValue.format(positions)) equal positions could not be held; raise it or hold more positions")
        }
        // Mode, strategy and schedule agree.
        if draft.mode == .rotation, study.strategy.name != RotationStrategy.name {
            report(draft.modeLine, "portfolio.mode", "rotation holds the best-ranked symbols with no entry rules of its own: "
                   + "write strategy: rotation (or use mode: signals to trade \(study.strategy.name)'s entries)")
        }
        if draft.mode == .signals, study.strategy.name == RotationStrategy.name {
            report(draft.modeLine ?? draft.line, "portfolio.mode", "strategy: rotation needs mode: rotation")
        }
        if draft.mode == .signals, let line = draft.rebalanceLine {
            report(line, "portfolio.rebalance", "is read only with mode: rotation (signals trade when their strategy says); remove it")
        }
        if draft.mode == .rotation, draft.rebalance == nil, draft.rebalanceLine == nil {
            report(draft.modeLine ?? draft.line, "portfolio.rebalance", "is required with mode: rotation: every_candle, daily, weekly, monthly or a number of candles")
        }
        if case .candles = draft.rebalance {
            check(PortfolioDraft.Quantity(value: rebalanceCount(draft.rebalance), line: draft.rebalanceLine ?? draft.line, path: "portfolio.rebalance"),
                  "a whole number of candles of at least 1") { $0 >= 1 && $0 == $0.rounded() }
        }
        // Expressions.
        func expression(_ written: (text: String, line: Int)?, _ path: String, _ kind: RuleExpression.Kind) -> (text: String, column: Portfolio.Column)? {
            guard let written else { return nil }
            do {
                let checked = try RuleExpression(written.text, kind: kind, parameterValues: values, timeframe: study.timeframe,
                                                 symbols: study.symbols)
                raiseWarmup(of: &study, to: checked.warmupCandles, line: nil)
                return (written.text, checked.column)
            } catch {
                report(written.line, path, error.pointing(into: written.text))
                return nil
            }
        }
        let rank = expression(draft.rankBy, "portfolio.rank_by", .number)
        let filter = expression(draft.filter, "portfolio.filter", .condition)
        // Sizing.
        var sizing = Portfolio.Sizing.equal
        let model = draft.sizingModel ?? (draft.sizingLine == nil ? (study.positionSizePct == nil ? "fixed" : "percent") : nil)
        let line = draft.sizingLine ?? draft.line
        switch model {
        case "fixed"?:
            if draft.sizingLine != nil, study.positionSizePct != nil {
                report(line, "portfolio.sizing.model", "fixed buys position_size, but the study sets position_size_pct; use model: percent or remove position_size_pct")
            }
            sizing = .fixed(study.positionSize)
        case "percent"?:
            guard let percent = study.positionSizePct else {
                report(line, "portfolio.sizing.model", "percent buys position_size_pct of equity; set position_size_pct")
                break
            }
            if percent * (1 + study.feePct / 100) > 100 {
                report(line, "position_size_pct", "\(ParameterValue.format(percent)) % of equity and the \(ParameterValue.format(study.feePct)) % fee cost more than the equity, "
                       + "so every portfolio entry would be skipped; use at most \(ParameterValue.format((100 / (1 + study.feePct / 100) * 1000).rounded(.down) / 1000)), or sizing: {model: equal}")
            }
            sizing = .percent(percent)
        case "volatility"?:
            check(draft.sizingFields["target_pct"], "a percent above 0") { $0 > 0 && $0 <= 1_000 }
            check(draft.sizingFields["lookback"], "a whole number of days of at least 2") { $0 >= 2 && $0 <= 100_000 && $0 == $0.rounded() }
            if study.timeframe.milliseconds > UTCTime.millisecondsPerDay {
                report(line, "portfolio.sizing.model", "volatility sizing annualises daily returns and needs a timeframe of 1d or shorter, not \(study.timeframe.rawValue)")
            }
            if let target = draft.sizingFields["target_pct"], let lookback = draft.sizingFields["lookback"] {
                sizing = .volatility(targetPct: target.value, lookback: lookback.value)
                let days = (takes(lookback)?.max() ?? 0) + 1
                let candlesPerDay = max(1, Double(UTCTime.millisecondsPerDay) / Double(study.timeframe.milliseconds))
                raiseWarmup(of: &study, to: Int((days * candlesPerDay).rounded(.up)), line: nil)
            }
        case "risk"?:
            check(draft.sizingFields["risk_pct"], "a percent above 0 and at most 100") { $0 > 0 && $0 <= 100 }
            if let risk = draft.sizingFields["risk_pct"] {
                // A bare parameter name is the percent stop; any other text is an expression in price units.
                if let written = draft.riskStopText, values[written.text] != nil {
                    draft.sizingFields["stop"] = PortfolioDraft.Quantity(value: .parameter(written.text), line: written.line,
                                                                         path: "portfolio.sizing.stop")
                    draft.riskStopText = nil
                }
                if let stop = draft.sizingFields["stop"] {
                    check(stop, "a percent above 0 and below 100") { $0 > 0 && $0 < 100 }
                    sizing = .risk(riskPct: risk.value, stop: .percent(stop.value))
                } else if let written = draft.riskStopText,
                          let stop = expression(written, "portfolio.sizing.stop", .number) {
                    sizing = .risk(riskPct: risk.value, stop: .distance(text: stop.text, column: stop.column))
                }
            }
        case "equal"?: sizing = .equal
        default: break
        }
        guard issues.count == issueCount, let maxPositions = draft.maxPositions else { return nil }
        return Portfolio(maxPositions: maxPositions.value, mode: draft.mode, rebalance: draft.rebalance ?? .everyCandle,
                         rankBy: rank, filter: filter, sizing: sizing, maxWeightPct: draft.maxWeightPct?.value,
                         parameters: Self.parameterSpecs(of: draft))
    }

    /// The portfolio's parameters, each with the kind its use needs, so `wfo backtest --params`
    /// checks them as the study's values were: a count is a whole number, a percent is above 0.
    static func parameterSpecs(of draft: PortfolioDraft) -> [ParameterSpec] {
        var kinds: [String: (ParameterKind, String)] = [:]
        func note(_ quantity: PortfolioDraft.Quantity?, _ kind: ParameterKind, _ summary: String) {
            if case let .parameter(name)? = quantity?.value, kinds[name] == nil { kinds[name] = (kind, summary) }
        }
        note(draft.maxPositions, .integer(1...100_000), "positions held at once")
        if case let .candles(count)? = draft.rebalance {
            note(PortfolioDraft.Quantity(value: count, line: 0, path: ""), .integer(1...1_000_000), "candles between rebalances")
        }
        note(draft.sizingFields["lookback"], .integer(2...100_000), "days of realised volatility")
        note(draft.maxWeightPct, .number(1e-9...100), "the largest position, percent of equity")
        note(draft.sizingFields["target_pct"], .number(1e-9...1_000), "target annualised volatility, percent")
        note(draft.sizingFields["risk_pct"], .number(1e-9...100), "equity lost at the stop, percent")
        note(draft.sizingFields["stop"], .number(1e-9...99.999999), "the stop, percent of the fill")
        return draft.parameterNames.map { name in
            let (kind, summary) = kinds[name] ?? (.number(-1e12...1e12), "read by the portfolio")
            return ParameterSpec(name, kind, default: nil, summary)
        }
    }

    private func rebalanceCount(_ rebalance: Portfolio.Rebalance?) -> Portfolio.Quantity {
        if case let .candles(count)? = rebalance { return count }
        return .number(1)
    }
}

extension Portfolio.Quantity {
    var isParameter: Bool {
        if case .parameter = self { return true }
        return false
    }
}
