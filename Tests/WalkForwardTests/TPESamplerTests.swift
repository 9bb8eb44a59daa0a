import Backtesting
import Testing
@testable import WalkForward

/// The TPE sampler on functions whose answer is known, with its seeds pinned.
@Suite struct TPESamplerTests {
    /// `count` numeric values per dimension, `0 ... count − 1`.
    static func space(dimensions: Int, values count: Int) -> ParameterSpace {
        ParameterSpace((0..<dimensions).map { index in
            .init(name: "p\(index)", values: (0..<count).map { .number(Double($0)) })
        })
    }

    /// Runs a search of `f` (higher is better) and returns the trials in proposal order.
    static func search(_ space: ParameterSpace, budget: Int, seed: UInt64, batch: Int = 16, window: Int = 0,
                       seeds: [Int] = [], _ f: @escaping ([Double]) -> Double) -> [TPESampler.Observation] {
        let sampler = TPESampler(space: space, settings: .init(budget: budget, batchSize: batch, seed: seed), windowIndex: window, seeds: seeds)
        return sampler.run { indices in
            indices.map { index in
                let values = space.combination(at: index).values.map { $0.number! }
                return .init(gridIndex: index, objectiveValue: f(values), belowMinimumTrades: false)
            }
        }
    }

    /// The best of `budget` distinct random trials (random search at the same budget).
    static func randomBest(_ space: ParameterSpace, budget: Int, seed: UInt64, _ f: ([Double]) -> Double) -> Double {
        space.randomGridIndices(count: budget, seed: seed).map { f(space.combination(at: $0).values.map { $0.number! }) }.max()!
    }

    /// A smooth bowl over 40 × 40 × 40 = 64,000 combinations, its top at (31, 8, 22).
    static func bowl(_ x: [Double]) -> Double {
        -((x[0] - 31) * (x[0] - 31) + (x[1] - 8) * (x[1] - 8) + (x[2] - 22) * (x[2] - 22))
    }

    @Test func onASmoothBowlOnePercentOfTheGridFindsTheTopAndBeatsRandomSearch() {
        let space = Self.space(dimensions: 3, values: 40)
        var tpeWins = 0
        for seed: UInt64 in 1...10 {
            let trials = Self.search(space, budget: 640, seed: seed, Self.bowl)
            let best = trials.compactMap(\.objectiveValue).max()!
            // The top is 0; the grid's range is -(31² + 31² + 22²) = -2,406.
            #expect(best >= -3, "seed \(seed): best \(best)")
            if best > Self.randomBest(space, budget: 640, seed: seed, Self.bowl) { tpeWins += 1 }
        }
        #expect(tpeWins >= 9, "TPE beat random search in \(tpeWins) of 10 seeds")
    }

    @Test func theSameStudyProposesTheSameTrialsAndTheResultsAloneRebuildThem() {
        let space = Self.space(dimensions: 3, values: 40)
        let first = Self.search(space, budget: 300, seed: 42, window: 3, Self.bowl)
        let second = Self.search(space, budget: 300, seed: 42, window: 3, Self.bowl)
        #expect(first == second)
        let sampler = TPESampler(space: space, settings: .init(budget: 300, seed: 42), windowIndex: 3)
        #expect(sampler.replay(first.map { $0.at(0) }) == first.map(\.gridIndex))
        // Another window or seed searches differently.
        #expect(Self.search(space, budget: 300, seed: 42, window: 4, Self.bowl).map(\.gridIndex) != first.map(\.gridIndex))
        #expect(Self.search(space, budget: 300, seed: 43, window: 3, Self.bowl).map(\.gridIndex) != first.map(\.gridIndex))
        #expect(Set(first.map(\.gridIndex)).count == 300, "no combination twice")
    }

    /// A flat plateau with a 3 × 3 peak: nothing to learn until the peak is hit. TPE must keep
    /// exploring rather than collapse onto the arbitrary "good" trials of the plateau.
    @Test func onAPlateauWithANarrowPeakTheSearchKeepsExploring() {
        let space = Self.space(dimensions: 2, values: 64)
        func peak(_ x: [Double]) -> Double { abs(x[0] - 50) <= 1 && abs(x[1] - 12) <= 1 ? 1 : 0 }
        var found = 0, randomFound = 0
        for seed: UInt64 in 1...20 {
            let trials = Self.search(space, budget: 410, seed: seed, peak)
            if trials.contains(where: { $0.objectiveValue == 1 }) { found += 1 }
            if Self.randomBest(space, budget: 410, seed: seed, peak) == 1 { randomFound += 1 }
            let visited = trials.map { TPESampler.Model.valueIndices(of: $0.gridIndex, in: space) }
            #expect(Set(visited.map { $0[0] }).count >= 48 && Set(visited.map { $0[1] }).count >= 48, "seed \(seed) covers each axis")
        }
        // Random search finds a 9-cell needle among 4,096 at 10 % of the grid in 1 − (1 − 9/4096)^410 ≈ 59 % of seeds.
        #expect(found >= randomFound - 3, "TPE found the peak with \(found) seeds, random search with \(randomFound)")
        #expect(found >= 8)
    }

    @Test func aBudgetOfTheWholeGridEvaluatesEveryCombinationOnce() {
        let space = Self.space(dimensions: 2, values: 7)
        let trials = Self.search(space, budget: 1_000, seed: 5, batch: 4) { -abs($0[0] - 3) - abs($0[1] - 3) }
        #expect(trials.count == 49)
        #expect(trials.map(\.gridIndex).sorted() == Array(0..<49))
    }

    @Test func warmStartSeedsComeFirstAndCountInTheStartup() {
        let space = Self.space(dimensions: 3, values: 40)
        let seeds = [12, 12, 63_999, 5_000, -1, 64_000]   // a repeat and two out of the grid are dropped
        let trials = Self.search(space, budget: 200, seed: 9, seeds: seeds, Self.bowl)
        #expect(Array(trials.prefix(3).map(\.gridIndex)) == [12, 63_999, 5_000])
        let sampler = TPESampler(space: space, settings: .init(budget: 200, batchSize: 16, seed: 9), windowIndex: 0, seeds: seeds)
        #expect(sampler.settings.startupTrials == 32)
        #expect(sampler.seeds == [12, 63_999, 5_000])
    }

    @Test func wordsAndTradeCountsAreModelled() {
        // A word parameter and a number; trials below min_trades rank last, whatever their objective.
        let space = ParameterSpace([
            .init(name: "mode", values: ["a", "b", "c", "d"].map { .text($0) }),
            .init(name: "level", values: (0..<200).map { .number(Double($0)) }),
        ])
        let sampler = TPESampler(space: space, settings: .init(budget: 120, batchSize: 8, seed: 3), windowIndex: 0)
        let trials = sampler.run { indices in
            indices.map { index in
                let combination = space.combination(at: index).values
                let mode = combination[0].description, level = combination[1].number!
                // Mode "c" scores highest but "d" is below min_trades with an even higher objective.
                let value = (mode == "c" ? 10 : mode == "d" ? 100 : 0) - abs(level - 40)
                return .init(gridIndex: index, objectiveValue: value, belowMinimumTrades: mode == "d")
            }
        }
        let modes = trials.suffix(60).map { space.combination(at: $0.gridIndex).values[0].description }
        #expect(modes.filter { $0 == "c" }.count > modes.filter { $0 == "d" }.count * 2, "\(modes)")
        let model = TPESampler.Model(space: space, history: trials)
        #expect(model.good[0][2] > model.good[0][3], "l favours c over d")
        #expect(abs(model.good[1].reduce(0, +) - 1) < 1e-12 && abs(model.bad[0].reduce(0, +) - 1) < 1e-12)
    }
}
