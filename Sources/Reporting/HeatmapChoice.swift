import Backtesting
import RunRecords
import Storage
import WalkForward

/// What the in-sample heatmap shows: the mean in-sample objective of each combination over
/// the completed windows, sliced on the first two searched parameters with every other
/// parameter at the value of the best combination (the highest mean); a line for one
/// parameter.
struct HeatmapChoice {
    var xName: String
    var yName: String?
    var xValues: [ParameterValue]
    var yValues: [ParameterValue]
    /// `cells[y][x]`; nil where no combination was evaluated or the objective is undefined.
    var cells: [[Double?]]
    var objective: Objective
    var fixed: ParameterSet
    var windowCount: Int
    /// True when windows searched different combinations (TPE), so a cell's mean is over the
    /// windows that evaluated it and blank cells are combinations no window tried.
    var searchesDiffer: Bool

    var title: String {
        guard !xName.isEmpty else { return "In-sample search" }
        return yName.map { "Mean in-sample \(objective.rawValue) by \(xName) and \($0)" }
            ?? "Mean in-sample \(objective.rawValue) by \(xName)"
    }

    var caption: String {
        guard windowCount > 0 else { return "No window completed, so there is no in-sample search to show." }
        var text = searchesDiffer && windowCount > 1
            ? "The mean in-sample \(objective.rawValue) of each combination over those of the \(windowCount) completed windows whose search "
                + "evaluated it (each window's TPE search chose its own combinations; blank cells no window tried)"
            : "The mean in-sample \(objective.rawValue) of each combination over the \(windowCount) completed window\(windowCount == 1 ? "" : "s")"
        if !fixed.isEmpty { text += ", other parameters at the best combination's values (\(fixed))" }
        return text + "."
    }

    init(_ data: ReportData) {
        objective = data.objective
        let completed = data.completedWindows
        windowCount = completed.count
        searchesDiffer = data.run.optimizationMethod == "tpe"
        let names = data.searchedParameters
        xName = names.first ?? ""
        yName = names.count > 1 ? names[1] : nil
        // Mean objective per combination (by its parameters) over the completed windows.
        var sums: [ParameterSet: (total: Double, count: Int)] = [:]
        var order: [ParameterSet] = []
        for window in completed {
            for trial in window.trials {
                if sums[trial.parameters] == nil {
                    order.append(trial.parameters)
                    sums[trial.parameters] = (0, 0)
                }
                if let value = trial.objectiveValue, value.isFinite {
                    sums[trial.parameters]!.total += value
                    sums[trial.parameters]!.count += 1
                }
            }
        }
        func mean(_ parameters: ParameterSet) -> Double? {
            guard let entry = sums[parameters], entry.count > 0 else { return nil }
            return entry.total / Double(entry.count)
        }
        let best = order.max { (mean($0) ?? -.infinity) < (mean($1) ?? -.infinity) }
        var fixed = ParameterSet()
        for name in names.dropFirst(2) { fixed[name] = best?[name] }
        self.fixed = fixed
        func distinct(_ name: String?) -> [ParameterValue] {
            guard let name else { return [] }
            var values: [ParameterValue] = []
            for parameters in order { if let value = parameters[name], !values.contains(value) { values.append(value) } }
            return values.sorted { ($0.number ?? 0, $0.description) < ($1.number ?? 0, $1.description) }
        }
        let xValues = distinct(names.first), yValues = distinct(yName), yName = self.yName
        self.xValues = xValues
        self.yValues = yValues
        let lookup = Dictionary(order.map { ($0, mean($0)) }, uniquingKeysWith: { first, _ in first })
        let rows = yValues.isEmpty ? [nil] : yValues.map { Optional($0) }
        cells = rows.map { yValue in
            xValues.map { xValue in
                var parameters = ParameterSet()
                for name in names {
                    if name == names.first {
                        parameters[name] = xValue
                    } else if name == yName {
                        parameters[name] = yValue
                    } else {
                        parameters[name] = fixed[name]
                    }
                }
                return lookup[parameters] ?? nil
            }
        }
    }
}
