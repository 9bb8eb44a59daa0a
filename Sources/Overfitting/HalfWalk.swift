import Foundation

/// The trials' block sums four trials to a vector (the last vector padded with empty trials),
/// so that a half's metrics of four trials are computed together.
struct TrialLanes: Sendable {
    typealias Lanes = SIMD4<Double>
    let metric: CombinatoriallySymmetricCrossValidation.Metric
    let trials: Int
    /// Vectors per block: ⌈trials / 4⌉.
    let width: Int
    let blockCount: Int
    /// Block b's vector g at `b · width + g`.
    let sum: [Lanes], squares: [Lanes], logGrowth: [Lanes]
    /// Every block's sums added in block order.
    let totalSum: [Lanes], totalSquares: [Lanes], totalLogGrowth: [Lanes]
    /// Days in a half; both halves have as many.
    let halfCount: Int

    init(_ sums: [[BlockSums]], metric: CombinatoriallySymmetricCrossValidation.Metric) {
        self.metric = metric
        let (trials, blockCount, width) = (sums.count, sums[0].count, (sums.count + 3) / 4)
        (self.trials, self.blockCount, self.width) = (trials, blockCount, width)
        func gather(_ field: (BlockSums) -> Double) -> [Lanes] {
            var lanes = [Lanes](repeating: .zero, count: blockCount * width)
            for (trial, blocks) in sums.enumerated() {
                for (block, sums) in blocks.enumerated() { lanes[block * width + trial / 4][trial % 4] = field(sums) }
            }
            return lanes
        }
        let totals = sums.map { $0.reduce(into: BlockSums()) { $0.add($1) } }
        func total(_ field: (BlockSums) -> Double) -> [Lanes] {
            var lanes = [Lanes](repeating: .zero, count: width)
            for (trial, sums) in totals.enumerated() { lanes[trial / 4][trial % 4] = field(sums) }
            return lanes
        }
        sum = gather(\.sum)
        squares = gather(\.squares)
        logGrowth = gather(\.logGrowth)
        totalSum = total(\.sum)
        totalSquares = total(\.squares)
        totalLogGrowth = total(\.logGrowth)
        halfCount = sums[0][0].count * blockCount / 2
    }
}

/// A depth-first walk over the halves that start with given blocks, in ascending block order.
/// The sums of a half's first d blocks are kept at depth d, so a half costs one addition of its
/// last block instead of S/2; they are added in the same order, from zero, as block by block,
/// so every sum is the same bit for bit. Each half's logit goes to its colexicographic rank
/// `Σ C(cᵢ, i)` (blocks c₁ < … < c_k), the place of its bit mask in ascending order.
struct HalfWalk {
    typealias Lanes = TrialLanes.Lanes
    let lanes: TrialLanes
    let blocks: Int
    let half: Int
    /// The logit of each `2 · rank`.
    let logits: [Double]
    let slots: SharedBuffer<Double>
    /// binomials[n][k] = C(n, k) for n < blocks, k ≤ half.
    private let binomials: [[Int]]
    /// The sums of the first d blocks of the half at `d · width + g`.
    private var prefixSum: [Lanes], prefixSquares: [Lanes], prefixLogGrowth: [Lanes]
    /// The half's metric of each trial (four to a vector) on its training and testing days.
    private var training: [Lanes], testing: [Lanes]

    init(lanes: TrialLanes, blocks: Int, half: Int, logits: [Double], slots: SharedBuffer<Double>) {
        self.lanes = lanes
        self.blocks = blocks
        self.half = half
        self.logits = logits
        self.slots = slots
        binomials = (0..<blocks).map { n in (0...half).map { CombinatoriallySymmetricCrossValidation.binomial(n, $0) } }
        let levels = [Lanes](repeating: .zero, count: half * lanes.width)
        (prefixSum, prefixSquares, prefixLogGrowth) = (levels, levels, levels)
        training = [Lanes](repeating: .zero, count: lanes.width)
        testing = training
    }

    /// Every half whose first blocks are `chosen` (ascending, at most `half`).
    mutating func start(with chosen: [Int]) {
        var rank = 0
        for (depth, block) in chosen.enumerated() {
            rank += binomials[block][depth + 1]
            if depth + 1 == half { return conclude(rank: rank, last: block) }
            extend(depth: depth, with: block)
        }
        descend(depth: chosen.count, from: chosen[chosen.count - 1] + 1, rank: rank)
    }

    /// With `depth` blocks chosen (their sums at that depth), every way to go on from `from`.
    private mutating func descend(depth: Int, from: Int, rank: Int) {
        guard from <= blocks - (half - depth) else { return }
        for block in from...(blocks - (half - depth)) {
            let next = rank + binomials[block][depth + 1]
            if depth + 1 == half {
                conclude(rank: next, last: block)
            } else {
                extend(depth: depth, with: block)
                descend(depth: depth + 1, from: block + 1, rank: next)
            }
        }
    }

    private mutating func extend(depth: Int, with block: Int) {
        let width = lanes.width
        for g in 0..<width {
            prefixSum[(depth + 1) * width + g] = prefixSum[depth * width + g] + lanes.sum[block * width + g]
            prefixSquares[(depth + 1) * width + g] = prefixSquares[depth * width + g] + lanes.squares[block * width + g]
            prefixLogGrowth[(depth + 1) * width + g] = prefixLogGrowth[depth * width + g] + lanes.logGrowth[block * width + g]
        }
    }

    /// The half ending with `last`: its training winner, that winner's rank on the other half
    /// and the logit, stored at `rank`.
    private mutating func conclude(rank: Int, last: Int) {
        let width = lanes.width, depth = half - 1
        let count = Double(lanes.halfCount)
        for g in 0..<width {
            let sum = prefixSum[depth * width + g] + lanes.sum[last * width + g]
            let squares = prefixSquares[depth * width + g] + lanes.squares[last * width + g]
            let logGrowth = prefixLogGrowth[depth * width + g] + lanes.logGrowth[last * width + g]
            switch lanes.metric {
            case .sharpe:
                training[g] = Self.sharpe(count: count, sum: sum, squares: squares)
                testing[g] = Self.sharpe(count: count, sum: lanes.totalSum[g] - sum, squares: lanes.totalSquares[g] - squares)
            case .totalReturn:
                let rest = lanes.totalLogGrowth[g] - logGrowth
                training[g] = Lanes(expm1(logGrowth[0]), expm1(logGrowth[1]), expm1(logGrowth[2]), expm1(logGrowth[3]))
                testing[g] = Lanes(expm1(rest[0]), expm1(rest[1]), expm1(rest[2]), expm1(rest[3]))
            }
        }
        let trials = lanes.trials
        let (below, equal) = training.withUnsafeBytes { training in
            testing.withUnsafeBytes { testing in
                let (training, testing) = (training.assumingMemoryBound(to: Double.self), testing.assumingMemoryBound(to: Double.self))
                var best = 0
                for trial in 1..<trials where training[trial] > training[best] { best = trial }
                let target = testing[best]
                // Without branches: which trials fall below the winner is anyone's guess.
                var below = 0, equal = 0
                for trial in 0..<trials {
                    below &+= testing[trial] < target ? 1 : 0
                    equal &+= testing[trial] == target ? 1 : 0
                }
                return (below, equal)
            }
        }
        slots[rank] = logits[2 * below + equal + 1]
    }

    /// ``CombinatoriallySymmetricCrossValidation/Metric/sharpe`` of four trials' days at once:
    /// the mean over the sample standard deviation `√max(0, (Σr² − (Σr)²/n) / (n − 1))`; ±∞ or
    /// 0 by the mean's sign when the variance is at most 1e-30.
    @inline(__always)
    static func sharpe(count: Double, sum: Lanes, squares: Lanes) -> Lanes {
        let n = Lanes(repeating: count)
        let mean = sum / n
        let spread = (squares - sum * sum / n) / (n - 1)
        let variance = spread.replacing(with: 0, where: .!(spread .>= 0))
        let ratio = mean / variance.squareRoot()
        let flat = Lanes.zero.replacing(with: .infinity, where: mean .> 0).replacing(with: -.infinity, where: mean .< 0)
        return flat.replacing(with: ratio, where: variance .> 1e-30)
    }
}
