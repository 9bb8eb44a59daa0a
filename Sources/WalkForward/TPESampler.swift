import Backtesting
import Foundation
import MarketData

/// The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio, Kégl, 2011) over a
/// study's grid: which combinations a window's search evaluates, batch by batch.
///
/// **Batches.** A search of `budget` trials (at most the grid) is cut into batches of
/// ``Settings/batchSize``. The first batches — ``Settings/startupTrials`` trials, the
/// warm-start seeds first — are drawn at random without replacement; every later batch is
/// proposed from the trials before it. A batch is the unit of parallelism: its trials are
/// evaluated together, and the next batch depends only on the results of the ones before, in
/// proposal order. Each batch draws from its own generator, seeded by the study's seed, the
/// window and the batch number, so the proposals are a pure function of the study and the
/// results — never of `--jobs`, timing or the executor — and ``replay(_:)`` rebuilds them
/// from the results alone.
///
/// **Proposal.** The trials so far are ranked as the optimizer ranks them (enough trades
/// first, then the objective, undefined last, earlier trial first; below `min_trades`, more
/// trades first). The best
/// `n_good = min(⌈γ·n⌉, 25)` (γ = 0.1, as Optuna) are *good*, the rest *bad*, and two
/// densities over the grid are estimated:
///
/// - l, from the good trials, jointly over the parameters (Optuna's multivariate TPE, which
///   follows the interactions between parameters): a uniform prior and one product kernel per
///   good trial, `l(x) = (Π_d 1/k_d + Σ_i Π_d K_d(x_d; x_i,d)) / (n_good + 1)`, each factor
///   normalised over the parameter's k_d values — for numbers a Gaussian on the positions
///   `p = (v − min) / (max − min)` of width `σ = max(0.2 · n_good^(−1/(D + 4)), 0.5 / (k − 1))`,
///   for words and flags `1 − σ'` on the trial's own value and `σ' = min(0.5, σ)` spread evenly;
/// - g, from the bad trials, as a product of one estimator per parameter (cheap however many
///   trials there are): numbers a Gaussian kernel per trial as wide as the larger gap to the
///   nearest other observed values (the range's ends for the outermost), clipped to
///   `[max(1 / min(100, m + 1), 0.5 / (k − 1)), 1]` (Bergstra et al.'s rule), each normalised
///   over the k values, plus a uniform prior: `pmf(v_j) = (1/k + Σ_i K_i(p_j)) / (1 + m)`; words
///   and flags `pmf(v_j) = (1/k + count_j) / (1 + m)`.
///
/// Each trial of the batch then draws ``Settings/candidates`` combinations from l (a component
/// at random — the prior or a good trial — then each parameter from it) and takes the one
/// maximising `log l(x) − log g(x)` that was not evaluated yet nor taken by the batch (first
/// drawn on ties); when every candidate was, a combination not evaluated is drawn uniformly.
/// Proposals are therefore always distinct, and a budget of the whole grid evaluates the
/// whole grid.
public struct TPESampler: Sendable {
    public struct Settings: Sendable, Hashable {
        /// Trials per window: `max_combinations`, at most the grid.
        public var budget: Int
        /// Trials proposed together (`tpe.batch_size`, default 16).
        public var batchSize: Int
        /// Random trials before the first proposal (`tpe.startup_trials`; default
        /// ``defaultStartupTrials(budget:batchSize:)``).
        public var startupTrials: Int
        /// Candidates drawn from l for each proposal (`tpe.candidates`, default 24, as Optuna).
        public var candidates: Int
        /// `random_seed`.
        public var seed: UInt64

        public init(budget: Int, batchSize: Int = 16, startupTrials: Int? = nil, candidates: Int = 24, seed: UInt64) {
            self.budget = max(1, budget)
            self.batchSize = max(1, batchSize)
            self.startupTrials = startupTrials ?? Self.defaultStartupTrials(budget: budget, batchSize: batchSize)
            self.candidates = max(1, candidates)
            self.seed = seed
        }

        /// `max(2 · batch, ⌈budget / 20⌉)`, at most the budget: enough random trials for the
        /// first estimate, few enough to leave 95 % of a large budget to the model.
        public static func defaultStartupTrials(budget: Int, batchSize: Int) -> Int {
            min(max(1, budget), max(2 * max(1, batchSize), (budget + 19) / 20))
        }
    }

    /// One evaluated trial, as the sampler ranks it.
    public struct Observation: Sendable, Hashable {
        public var gridIndex: Int
        /// The objective's value; nil when its metric was undefined.
        public var objectiveValue: Double?
        public var belowMinimumTrades: Bool
        /// The trial's trade count: how the model ranks trials below `min_trades` (closest
        /// to enough trades first).
        public var tradeCount: Int

        public init(gridIndex: Int, objectiveValue: Double?, belowMinimumTrades: Bool, tradeCount: Int = 0) {
            self.gridIndex = gridIndex
            self.objectiveValue = objectiveValue
            self.belowMinimumTrades = belowMinimumTrades
            self.tradeCount = tradeCount
        }

        /// The observation of another grid index with the same outcome.
        func at(_ gridIndex: Int) -> Observation {
            var moved = self
            moved.gridIndex = gridIndex
            return moved
        }
    }

    public let space: ParameterSpace
    public let settings: Settings
    /// The window searched (0-based): part of every batch's seed.
    public let windowIndex: Int
    /// Grid indices evaluated first (warm start: the previous window's best), counted in the startup.
    public let seeds: [Int]
    /// Trials the search evaluates: the budget, at most the grid.
    public let trialCount: Int

    /// Largest γ-share of good trials (Optuna's cap).
    static let largestGoodCount = 25
    static let gamma = 0.1

    public init(space: ParameterSpace, settings: Settings, windowIndex: Int, seeds: [Int] = []) {
        self.space = space
        self.settings = settings
        self.windowIndex = windowIndex
        let size = space.gridSize ?? Int.max
        trialCount = min(settings.budget, size)
        var distinct = Set<Int>()
        self.seeds = Array(seeds.filter { $0 >= 0 && $0 < size && distinct.insert($0).inserted }.prefix(trialCount))
    }

    /// How many trials batch `number` (0-based) holds: batches of ``Settings/batchSize``, the
    /// last one shorter; 0 past the end.
    public func size(ofBatch number: Int) -> Int {
        max(0, min(settings.batchSize, trialCount - number * settings.batchSize))
    }

    /// The grid indices of the next batch, given every trial before it in proposal order.
    public func nextBatch(after history: [Observation]) -> [Int] {
        precondition(history.count % settings.batchSize == 0 || history.count == trialCount, "whole batches only")
        let number = history.count / settings.batchSize
        let count = size(ofBatch: number)
        guard count > 0 else { return [] }
        var generator = SeededGenerator(seed: Self.batchSeed(settings.seed, window: windowIndex, batch: number))
        var taken = Set(history.map(\.gridIndex))
        var batch: [Int] = []
        // Warm-start seeds, then random trials up to the startup count.
        while batch.count < count, history.count + batch.count < max(settings.startupTrials, seeds.count) {
            let position = history.count + batch.count
            let index = position < seeds.count && !taken.contains(seeds[position]) ? seeds[position] : randomUntaken(taken, &generator)
            taken.insert(index)
            batch.append(index)
        }
        guard batch.count < count else { return batch }
        let model = Model(space: space, history: history)
        while batch.count < count {
            let index = model.propose(candidates: settings.candidates, excluding: taken, generator: &generator)
                ?? randomUntaken(taken, &generator)
            taken.insert(index)
            batch.append(index)
        }
        return batch
    }

    /// Runs a whole search: `evaluate` gets each batch's grid indices and returns their
    /// observations in the same order. Returns every trial in proposal order.
    public func run(_ evaluate: ([Int]) throws -> [Observation]) rethrows -> [Observation] {
        var history: [Observation] = []
        while history.count < trialCount {
            let batch = nextBatch(after: history)
            let observed = try evaluate(batch)
            precondition(observed.map(\.gridIndex) == batch, "one observation per proposal, in order")
            history += observed
        }
        return history
    }

    /// The grid indices a search proposed, rebuilt from its results in proposal order (what
    /// a cluster task wrote): the sampler is run again with `results[i]` as the i-th trial's
    /// outcome (its grid index ignored). `results` must be as many as the search's trials.
    public func replay(_ results: [Observation]) -> [Int] {
        precondition(results.count == trialCount, "one result per trial")
        var history: [Observation] = []
        while history.count < trialCount {
            for index in nextBatch(after: history) { history.append(results[history.count].at(index)) }
        }
        return history.map(\.gridIndex)
    }

    /// SplitMix of the study's seed, the window and the batch: independent generators.
    static func batchSeed(_ seed: UInt64, window: Int, batch: Int) -> UInt64 {
        SeededGenerator.derivedSeed(seed, salt: 0x5450_4553_616D_706C, window, batch)   // "TPESampl"
    }

    /// A grid index not in `taken`, uniformly: rejection while the grid is mostly free, else
    /// the n-th free index in grid order.
    func randomUntaken(_ taken: Set<Int>, _ generator: inout SeededGenerator) -> Int {
        let size = space.gridSize ?? Int.max
        precondition(taken.count < size, "the grid is exhausted")
        if taken.count * 2 <= size {
            while true {
                let index = generator.nextIndex(below: size)
                if !taken.contains(index) { return index }
            }
        }
        var skip = generator.nextIndex(below: size - taken.count)
        for index in 0..<size where !taken.contains(index) {
            if skip == 0 { return index }
            skip -= 1
        }
        preconditionFailure("unreachable: fewer free indices than counted")
    }
}

extension TPESampler {
    /// l and g from one history: l a joint (multivariate) Parzen estimator of the good trials,
    /// g the product of each parameter's estimator of the bad ones.
    struct Model {
        let space: ParameterSpace
        /// The good trials' value positions, one row per trial: l's components.
        let components: [[Int]]
        /// Per dimension, the kernel of each value a good trial has, over the dimension's
        /// values, with its cumulative sum for drawing.
        let kernels: [[Int: (pmf: [Double], cumulative: [Double])]]
        /// Per dimension, l's marginal (for reports and tests) and g.
        let good: [[Double]]
        let bad: [[Double]]
        let logBad: [[Double]]

        init(space: ParameterSpace, history: [Observation]) {
            self.space = space
            let order = history.indices.sorted { Self.ranksBefore(history[$0], history[$1], $0, $1) }
            let goodCount = min(TPESampler.largestGoodCount, max(1, Int((TPESampler.gamma * Double(history.count)).rounded(.up))))
            let components = order.prefix(goodCount).map { Self.valueIndices(of: history[$0].gridIndex, in: space) }
            let badValues = order.dropFirst(goodCount).map { Self.valueIndices(of: history[$0].gridIndex, in: space) }
            self.components = components
            // Bandwidth of l's kernels: 0.2 · m^(−1/(D + 4)) of the range (Optuna's multivariate rule).
            let width = 0.2 * pow(Double(components.count), -1 / Double(space.dimensions.count + 4))
            var kernels: [[Int: (pmf: [Double], cumulative: [Double])]] = []
            var good: [[Double]] = [], bad: [[Double]] = []
            for (position, dimension) in space.dimensions.enumerated() {
                var byValue: [Int: (pmf: [Double], cumulative: [Double])] = [:]
                var marginal = [Double](repeating: 1 / Double(dimension.values.count), count: dimension.values.count)
                for value in Set(components.map { $0[position] }).sorted() {
                    let pmf = Self.kernel(dimension, at: value, width: width)
                    var total = 0.0
                    byValue[value] = (pmf, pmf.map { total += $0; return total })
                }
                for component in components { for (j, p) in byValue[component[position]]!.pmf.enumerated() { marginal[j] += p } }
                kernels.append(byValue)
                good.append(marginal.map { $0 / Double(components.count + 1) })
                bad.append(Self.pmf(dimension, observed: badValues.map { $0[position] }))
            }
            self.kernels = kernels
            self.good = good
            self.bad = bad
            logBad = bad.map { $0.map { log($0) } }
        }

        /// A kernel centred on value `center` of a dimension, normalised over its values:
        /// numbers a Gaussian of `width` of the range (at least half a step), words `1 − width`
        /// on their own value and the rest spread evenly.
        static func kernel(_ dimension: ParameterSpace.Dimension, at center: Int, width: Double) -> [Double] {
            let count = dimension.values.count
            guard count > 1 else { return [1] }
            let numbers = dimension.values.compactMap(\.number)
            if numbers.count == count, let low = numbers.min(), let high = numbers.max(), high > low {
                let positions = numbers.map { ($0 - low) / (high - low) }
                let sigma = Swift.max(width, 0.5 / Double(count - 1))
                let raw = positions.map { exp(-0.5 * (($0 - positions[center]) / sigma) * (($0 - positions[center]) / sigma)) }
                let total = raw.reduce(0, +)
                return raw.map { $0 / total }
            }
            let spread = Swift.min(0.5, width)
            return (0..<count).map { $0 == center ? 1 - spread + spread / Double(count) : spread / Double(count) }
        }

        /// l at a combination (its value positions): the prior and the good trials' kernels.
        func l(_ values: [Int]) -> Double {
            var prior = 1.0
            for dimension in space.dimensions { prior /= Double(dimension.values.count) }
            var total = prior
            for component in components {
                var product = 1.0
                for position in values.indices { product *= kernels[position][component[position]]!.pmf[values[position]] }
                total += product
            }
            return total / Double(components.count + 1)
        }

        /// The best of `candidates` draws from l not in `excluding`; nil when all were. A draw
        /// picks one of l's components (the uniform prior or a good trial) at random, then each
        /// parameter from it; its score is `log l(x) − log g(x)`.
        func propose(candidates: Int, excluding taken: Set<Int>, generator: inout SeededGenerator) -> Int? {
            var best: (index: Int, score: Double)?
            var values = [Int](repeating: 0, count: space.dimensions.count)
            for _ in 0..<candidates {
                let component = generator.nextIndex(below: components.count + 1)
                var index = 0
                for (position, dimension) in space.dimensions.enumerated() {
                    values[position] = component == components.count
                        ? generator.nextIndex(below: dimension.values.count)
                        : Self.draw(kernels[position][components[component][position]]!.cumulative, &generator)
                    index = index * dimension.values.count + values[position]
                }
                if taken.contains(index) { continue }
                var score = log(l(values))
                for position in values.indices { score -= logBad[position][values[position]] }
                if best == nil || score > best!.score { best = (index, score) }
            }
            return best?.index
        }

        /// The value drawn by inverse transform from a cumulative distribution.
        static func draw(_ cumulative: [Double], _ generator: inout SeededGenerator) -> Int {
            let target = generator.nextUnit() * (cumulative.last ?? 1)
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > target { high = middle } else { low = middle + 1 }
            }
            return low
        }

        /// The position of each dimension's value in a grid index (first dimension slowest).
        static func valueIndices(of gridIndex: Int, in space: ParameterSpace) -> [Int] {
            var remainder = gridIndex
            var values = [Int](repeating: 0, count: space.dimensions.count)
            for position in space.dimensions.indices.reversed() {
                let count = space.dimensions[position].values.count
                values[position] = remainder % count
                remainder /= count
            }
            return values
        }

        /// The optimizer's order (``Optimizer/ranksBefore(_:_:)``) on observations, ties by
        /// proposal — except that among trials below `min_trades` more trades rank first (then
        /// the objective): when few trials have enough trades, the good ones lead towards
        /// combinations that trade enough rather than to the few-trade flukes an objective
        /// such as the Sharpe ratio rewards.
        static func ranksBefore(_ a: Observation, _ b: Observation, _ aOrder: Int, _ bOrder: Int) -> Bool {
            if a.belowMinimumTrades != b.belowMinimumTrades { return !a.belowMinimumTrades }
            if a.belowMinimumTrades, a.tradeCount != b.tradeCount { return a.tradeCount > b.tradeCount }
            switch (a.objectiveValue, b.objectiveValue) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return aOrder < bOrder
            }
        }

        /// The estimated probability of each of a dimension's values, from the observed value
        /// positions (see the type's documentation for the formulas).
        static func pmf(_ dimension: ParameterSpace.Dimension, observed: [Int]) -> [Double] {
            let count = dimension.values.count
            var weights = [Double](repeating: 1 / Double(count), count: count)   // the prior
            guard !observed.isEmpty else { return weights }
            let numbers = dimension.values.compactMap(\.number)
            if numbers.count == count, count > 1, let low = numbers.min(), let high = numbers.max(), high > low {
                let positions = numbers.map { ($0 - low) / (high - low) }
                var tally = [Int: Int]()
                for value in observed { tally[value, default: 0] += 1 }
                // Each distinct observed value's kernel is as wide as the larger gap to its
                // neighbours (the range's ends bounding the outermost), clipped to
                // [1 / min(100, m + 1), 1] and at least half a step of the values.
                let distinct = tally.keys.sorted { positions[$0] < positions[$1] }
                let floor = Swift.max(1 / Double(Swift.min(100, observed.count + 1)), 0.5 / Double(count - 1))
                for (rank, value) in distinct.enumerated() {
                    let left = positions[value] - (rank > 0 ? positions[distinct[rank - 1]] : 0)
                    let right = (rank + 1 < distinct.count ? positions[distinct[rank + 1]] : 1) - positions[value]
                    let sigma = Swift.min(1, Swift.max(floor, Swift.max(left, right)))
                    // Past 6 σ a kernel is below 1.6e-8 of its peak: left at 0, so a narrow
                    // kernel costs a few exponentials, not one per value.
                    let kernel = positions.map { position -> Double in
                        let z = (position - positions[value]) / sigma
                        return abs(z) > 6 ? 0 : exp(-0.5 * z * z)
                    }
                    let total = kernel.reduce(0, +)
                    let times = Double(tally[value]!)
                    for j in 0..<count { weights[j] += times * kernel[j] / total }
                }
            } else {
                for value in observed { weights[value] += 1 }
            }
            let sum = 1 + Double(observed.count)
            return weights.map { $0 / sum }
        }
    }
}
