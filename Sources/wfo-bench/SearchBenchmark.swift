import Backtesting
import Foundation
import MarketData
import StudyFile
import WalkForward

/// `wfo-bench search` (issue 21): how close a TPE search of 1 % and 0.1 % of a large grid gets
/// to the grid's best in-sample score, window by window on the 2024 candles, against random
/// search at the same budgets; and what proposing costs next to the backtests.
enum SearchBenchmark {
    struct Space {
        var label: String
        var studyText: String
        /// Whether the reference is the whole grid (else the best of a 10 % random sample).
        var wholeGrid: Bool
    }

    /// The best value of an objective over the trials with enough trades (min_trades 10).
    struct Best {
        var value = -Double.infinity
        mutating func add(_ summary: PerformanceSummary, objective: Objective, minimumTrades: Int) {
            guard summary.totalTrades >= minimumTrades, let candidate = objective.value(of: summary), candidate.isFinite else { return }
            value = max(value, candidate)
        }
    }

    /// Candidates per proposal: the default 24, or `TPE_CANDIDATES` for the sensitivity runs.
    static let candidates = ProcessInfo.processInfo.environment["TPE_CANDIDATES"].flatMap { Int($0) }.map { max(1, $0) } ?? 24

    /// The objectives measured: the default composite score, and the Sharpe ratio.
    static let objectives: [Objective] = [.score, .sharpe]

    static func run(series: CandleSeries, jobs: Int, originalStudy: String) throws {
        let common = originalStudy.split(separator: "\n").filter { !$0.hasPrefix("parameter_ranges") }.joined(separator: "\n")
        let spaces = [
            Space(label: "rsi, 3 parameters", studyText: common + """

                parameter_ranges: {rsi_period: {from: 2, to: 61, step: 1}, rsi_oversold: {from: 10, to: 49, step: 1}, rsi_overbought: {from: 51, to: 95, step: 1}}
                """, wholeGrid: true),
            Space(label: "rules, 4 parameters", studyText: common + """

                parameter_ranges: {rsi_period: {from: 2, to: 31, step: 1}, rsi_oversold: {from: 10, to: 40, step: 1}, rsi_overbought: {from: 60, to: 90, step: 1}, trend: {from: 20, to: 400, step: 20}}
                strategy: rules
                rules:
                  long_entry: "rsi(rsi_period) < rsi_oversold and close > ema(close, trend)"
                  long_exit: "rsi(rsi_period) > rsi_overbought"
                  short_entry: "rsi(rsi_period) > rsi_overbought and close < ema(close, trend)"
                  short_exit: "rsi(rsi_period) < rsi_oversold"
                """, wholeGrid: false),
        ]
        let only = ["rsi", "rules"].filter(requestedSections.contains)
        for space in spaces where only.isEmpty || only.contains(where: space.label.hasPrefix) { try measure(space, series: series, jobs: jobs) }
    }

    static func measure(_ benchmark: Space, series: CandleSeries, jobs: Int) throws {
        let study = try StudyParser.parse(benchmark.studyText, path: "search-bench.yaml")
        let space = study.parameterSpace
        let grid = space.gridSize ?? 0
        let market = try Market(series)
        let windows = try study.windowLayout.windows()
        let ranges = windows.map { market.indexRange(fromTime: $0.trainingStart, toTime: $0.trainingEnd) }
        let minimumTrades = study.minTrades
        func bind(_ index: Int) throws -> Backtester {
            try Backtester(strategy: study.strategy, parameters: space.combination(at: index), market: market, settings: study.simulationSettings)
        }
        print("\nsearch: \(benchmark.label), \(grid) combinations, \(windows.count) windows, min_trades \(minimumTrades), --jobs \(jobs), TPE batches of 16, \(candidates) candidates")

        // The reference: every combination (or a 10 % sample) on every window, bound in chunks;
        // with the whole grid, every valid value is kept to place the searches' bests in it.
        let clock = ContinuousClock()
        let referenceStart = clock.now
        let referenceIndices = benchmark.wholeGrid ? Array(0..<grid) : space.randomGridIndices(count: grid / 10, seed: 99).sorted()
        var reference = [[Best]](repeating: [Best](repeating: Best(), count: windows.count), count: objectives.count)
        var values = [[[Double]]](repeating: [[Double]](repeating: [], count: windows.count), count: objectives.count)
        for chunk in stride(from: 0, to: referenceIndices.count, by: 4_096) {
            let backtesters = try referenceIndices[chunk..<min(chunk + 4_096, referenceIndices.count)].map(bind)
            for (window, range) in ranges.enumerated() {
                for summary in Optimizer.summarize(backtesters, range: range, jobs: jobs) {
                    for (o, objective) in objectives.enumerated() {
                        reference[o][window].add(summary, objective: objective, minimumTrades: minimumTrades)
                        if benchmark.wholeGrid, summary.totalTrades >= minimumTrades, let value = objective.value(of: summary), value.isFinite {
                            values[o][window].append(value)
                        }
                    }
                }
            }
        }
        let referenceSeconds = (clock.now - referenceStart) / .seconds(1)
        let referenceName = benchmark.wholeGrid ? "grid" : "10 % sample"
        print(String(format: "reference (%@): %d combinations × %d windows in %.1f s (%.3f ms per combination × window)",
                     referenceName, referenceIndices.count, windows.count, referenceSeconds,
                     referenceSeconds * 1_000 / Double(referenceIndices.count * windows.count)))
        for o in objectives.indices { for w in windows.indices { values[o][w].sort() } }

        for (o, objective) in objectives.enumerated() {
            let settings = SearchSettings(objective: objective, minimumTrades: minimumTrades, jobs: jobs)
            var lines: [String] = []
            var near = 0, beats = [0, 0], ties = [0, 0]
            var proposalSeconds = 0.0, proposedTrials = 0, tpeSeconds = 0.0
            let budgets = [grid / 100, grid / 1_000]
            for (window, range) in ranges.enumerated() {
                var cells: [String] = []
                for (position, budget) in budgets.enumerated() {
                    let sampler = TPESampler(space: space, settings: .init(budget: budget, batchSize: 16, candidates: candidates, seed: 1), windowIndex: window)
                    var history: [TPESampler.Observation] = []
                    var best = Best()
                    let start = clock.now
                    while history.count < sampler.trialCount {
                        let proposing = clock.now
                        let batch = sampler.nextBatch(after: history)
                        proposalSeconds += (clock.now - proposing) / .seconds(1)
                        let summaries = Optimizer.summarize(try batch.map(bind), range: range, jobs: jobs)
                        for (index, summary) in zip(batch, summaries) {
                            best.add(summary, objective: objective, minimumTrades: minimumTrades)
                            history.append(WindowEvaluator.observation(index, summary, settings: settings))
                        }
                    }
                    tpeSeconds += (clock.now - start) / .seconds(1)
                    proposedTrials += history.count
                    var random = Best()
                    let draws = space.randomGridIndices(count: budget, seed: UInt64(1_000 + window))
                    for summary in Optimizer.summarize(try draws.map(bind), range: range, jobs: jobs) {
                        random.add(summary, objective: objective, minimumTrades: minimumTrades)
                    }
                    if best.value > random.value { beats[position] += 1 } else if best.value == random.value { ties[position] += 1 }
                    let r = reference[o][window].value
                    if position == 0, best.value >= r - 0.01 * abs(r) { near += 1 }
                    for found in [best.value, random.value] {
                        // Share of the reference's best, and (whole grid) the share of the grid below it.
                        var cell = String(format: "%8.2f %6.1f %%", found, found / r * 100)
                        if benchmark.wholeGrid {
                            let sorted = values[o][window]
                            var low = 0, high = sorted.count
                            while low < high { let mid = (low + high) / 2; if sorted[mid] < found { low = mid + 1 } else { high = mid } }
                            cell += String(format: " top %5.2f %%", Double(sorted.count - low) / Double(max(1, sorted.count)) * 100)
                        }
                        cells.append(cell)
                    }
                }
                lines.append(String(format: "  W%-2d %8.2f ", window + 1, reference[o][window].value) + cells.joined(separator: " |"))
            }
            print("\n  objective \(objective.rawValue): best per window — \(referenceName); TPE 1 % | random 1 % | TPE 0.1 % | random 0.1 %"
                  + (benchmark.wholeGrid ? " (value, share of the grid's best, share of the grid at or above it)" : " (value, share of the sample's best)"))
            lines.forEach { print($0) }
            print("  TPE at 1 % within 1 % of the reference's best: \(near) of \(windows.count) windows")
            print("  TPE beats random search: \(beats[0]) of \(windows.count) windows at 1 % (ties \(ties[0])), "
                  + "\(beats[1]) of \(windows.count) at 0.1 % (ties \(ties[1]))")
            print(String(format: "  proposing: %.3f ms per trial (%.1f %% of the TPE searches' %.1f s)",
                         proposalSeconds * 1_000 / Double(max(1, proposedTrials)), proposalSeconds / max(tpeSeconds, 1e-9) * 100, tpeSeconds))
        }
    }
}
