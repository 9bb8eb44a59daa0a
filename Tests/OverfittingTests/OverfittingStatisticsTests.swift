import Foundation
import MarketData
@testable import Overfitting
import Testing

@Suite struct NormalDistributionTests {
    @Test func quantileAndCDFMatchPythonsNormalDist() {
        #expect(abs(NormalDistribution.quantile(0.975) - 1.9599639845400536) < 1e-14)
        #expect(abs(NormalDistribution.quantile(1e-10) - -6.361340902404056) < 1e-12)
        #expect(abs(NormalDistribution.cdf(1) - 0.8413447460685429) < 1e-15)
        #expect(NormalDistribution.quantile(0.5) == 0)
        #expect(NormalDistribution.quantile(0) == -.infinity && NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(1.5).isNaN)
        for p in stride(from: 0.001, to: 1, by: 0.037) {
            #expect(abs(NormalDistribution.cdf(NormalDistribution.quantile(p)) - p) < 1e-13)
        }
    }
}

@Suite struct DeflatedSharpeTests {
    /// Values from Python's `statistics.NormalDist` with the paper's formula.
    @Test func expectedMaximumSharpeIsPinned() {
        #expect(abs(DeflatedSharpe.expectedMaximumSharpe(trials: 10, variance: 1) - 1.57459830134575) < 1e-12)
        #expect(abs(DeflatedSharpe.expectedMaximumSharpe(trials: 100, variance: 0.04) - 0.506120578640337) < 1e-12)
        #expect(abs(DeflatedSharpe.expectedMaximumSharpe(trials: 2, variance: 1) - 0.5197553442805939) < 1e-12)
        #expect(DeflatedSharpe.expectedMaximumSharpe(trials: 1, variance: 1) == 0)
    }

    @Test func probabilisticSharpeIsPinned() {
        let psr = DeflatedSharpe.probabilistic(sharpe: 0.1, benchmark: 0, observations: 250, skewness: -0.5, kurtosis: 4)
        #expect(abs((psr ?? 0) - 0.9375434364545412) < 1e-12)
        #expect(DeflatedSharpe.probabilistic(sharpe: 0.1, benchmark: 0, observations: 1, skewness: 0, kurtosis: 3) == nil)
    }

    @Test func momentsOfAKnownSample() throws {
        // 1, 2, 3, 4, 10: mean 4, deviations −3 −2 −1 0 6: population variance 50/5 = 10,
        // third central moment 180/5 = 36, fourth 1394/5 = 278.8.
        let moments = try #require(DeflatedSharpe.moments([1, 2, 3, 4, 10]))
        #expect(abs(moments.sharpe - 4 / 12.5.squareRoot()) < 1e-12)
        #expect(abs(moments.skewness - 36 / pow(10, 1.5)) < 1e-12)
        #expect(abs(moments.kurtosis - 278.8 / 100) < 1e-12)
    }

    @Test func theDeflatedSharpeFallsAsTheNumberOfTrialsRisesForTheSameBestSharpe() throws {
        var generator = SeededGenerator(seed: 3)
        let selected = (0..<250).map { _ in 0.001 + 0.01 * Self.normal(&generator) }
        var previous = 1.0
        for trials in [2, 10, 100, 1_000, 10_000] {
            // Trial Sharpes spread with the same variance whatever their number.
            let sharpes: [Double] = (0..<trials).map { index in
                let position = Double(index) / Double(max(trials - 1, 1)) - 0.5
                return 0.05 * position * 2 * 3.0.squareRoot()
            }
            let result = try #require(DeflatedSharpe.evaluate(selected: selected, trialSharpes: sharpes))
            let deflated = try #require(result.deflated)
            #expect(deflated < previous, "\(trials) trials")
            previous = deflated
        }
        #expect(previous < 0.2)
    }

    static func normal(_ generator: inout SeededGenerator) -> Double {
        let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

@Suite struct CombinatoriallySymmetricCrossValidationTests {
    /// Eight days in four blocks of two; each block's first day holds its return.
    static func trials(_ blocks: [[Double]]) -> [[Double]] {
        blocks.map { $0.flatMap { [$0, 0] } }
    }

    /// Worked by hand (total return): A [+4, +1, −1, −2] %, B [−1, +2, +3, 0] %, C [+1, −3, +1, +2] %.
    /// Training {0,1}: A wins, ranks last on {2,3} → ln(1/3); {0,2}: A wins, ranks 2nd of 3 → 0;
    /// {1,2}: B wins, last on {0,3}; {0,3}: C wins, last on {1,2}; {1,3}: B wins, last on {0,2};
    /// {2,3}: C wins, last on {0,1}. Every logit <= 0: PBO = 1.
    @Test func aHandWorkedCaseWhereTheWinnerNeverPersists() throws {
        let returns = Self.trials([[0.04, 0.01, -0.01, -0.02], [-0.01, 0.02, 0.03, 0], [0.01, -0.03, 0.01, 0.02]])
        let result = try CombinatoriallySymmetricCrossValidation.evaluate(returns: returns, blocks: 4, metric: .totalReturn)
        let third = log(1.0 / 3)
        #expect(result.logits.count == 6)
        #expect(zip(result.logits, [third, 0, third, third, third, third]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(result.logits)")
        #expect(result.probability == 1)
    }

    /// A wins every training half and ranks first on every testing half: ω = 3/4, λ = ln 3 > 0, PBO = 0.
    @Test func aHandWorkedCaseWhereTheWinnerAlwaysPersists() throws {
        let returns = Self.trials([[0.04, 0.03, 0.02, 0.05], [-0.01, 0.02, 0.01, 0], [0.01, -0.03, 0.01, 0.02]])
        let result = try CombinatoriallySymmetricCrossValidation.evaluate(returns: returns, blocks: 4, metric: .totalReturn)
        #expect(result.logits.allSatisfy { abs($0 - log(3)) < 1e-12 })
        #expect(result.probability == 0)
    }

    @Test func pureNoiseIsOverfitAboutHalfTheTimeOrMore() throws {
        var values: [Double] = []
        for seed in 1...20 as ClosedRange<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let returns = (0..<50).map { _ in (0..<320).map { _ in 0.01 * DeflatedSharpeTests.normal(&generator) } }
            let result = try CombinatoriallySymmetricCrossValidation.evaluate(returns: returns, blocks: 16)
            #expect(result.logits.count == 12_870)
            values.append(result.probability)
        }
        print("PBO of noise:", values.map { String(format: "%.2f", $0) }.joined(separator: " "))
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(mean > 0.4, "mean PBO \(mean)")
    }

    @Test func oneTrialWithARealEdgeIsAlmostNeverOverfit() throws {
        var generator = SeededGenerator(seed: 9)
        var returns = (0..<50).map { _ in (0..<320).map { _ in 0.01 * DeflatedSharpeTests.normal(&generator) } }
        returns[17] = (0..<320).map { _ in 0.004 + 0.01 * DeflatedSharpeTests.normal(&generator) }
        let result = try CombinatoriallySymmetricCrossValidation.evaluate(returns: returns, blocks: 16)
        #expect(result.probability < 0.05, "PBO \(result.probability)")
    }

    @Test func badShapesAreErrors() {
        #expect(throws: CombinatoriallySymmetricCrossValidation.Problem.blocks(3)) {
            try CombinatoriallySymmetricCrossValidation.evaluate(returns: [[0, 1], [1, 0]], blocks: 3)
        }
        #expect(throws: CombinatoriallySymmetricCrossValidation.Problem.tooFewDays(days: 10, blocks: 16)) {
            try CombinatoriallySymmetricCrossValidation.evaluate(returns: [[Double]](repeating: [Double](repeating: 0, count: 10), count: 3), blocks: 16)
        }
        #expect(throws: CombinatoriallySymmetricCrossValidation.Problem.tooFewTrials) {
            try CombinatoriallySymmetricCrossValidation.evaluate(returns: [[0, 1, 2, 3]], blocks: 2)
        }
        #expect(CombinatoriallySymmetricCrossValidation.binomial(16, 8) == 12_870)
    }
}

@Suite struct MonteCarloTests {
    /// 100 trades of +1 % or −1 % (50 each): the bootstrap's final return follows
    /// 1.01^k · 0.99^(100−k) − 1 with k ~ Binomial(100, ½), whose 5 % and 95 % quantiles are
    /// at k = 42 (−15.21 %) and k = 58 (+16.77 %).
    @Test func bandsOfTheFinalReturnMatchTheDistributionsQuantiles() throws {
        let trades = (0..<100).map { $0 % 2 == 0 ? 0.01 : -0.01 }
        let result = try #require(MonteCarlo.bootstrap(tradeReturns: trades, paths: 10_000, seed: 1))
        // One win more or less moves the final return by about 2 points.
        #expect(abs(result.finalReturn.p5 - -15.21) < 2.1, "\(result.finalReturn)")
        #expect(abs(result.finalReturn.p95 - 16.77) < 2.1, "\(result.finalReturn)")
        #expect(abs(result.finalReturn.p50 - -0.5) < 1.1)
        #expect(abs(result.upper.last! - (1 + result.finalReturn.p95 / 100)) < 1e-9)
        // P(loss) = P(k < 50) + P(k = 50) (0.99^50 · 1.01^50 < 1) = 0.5 + 0.0796 / 2 ≈ 0.54.
        #expect(abs(result.probabilityOfLoss - 0.54) < 0.02, "\(result.probabilityOfLoss)")
        #expect(result.steps == Array(1...100) && zip(result.lower, result.upper).allSatisfy { $0 <= $1 })
        // With fewer band steps than trades, the steps are spread evenly and end at the last trade.
        let coarse = try #require(MonteCarlo.bootstrap(tradeReturns: trades, paths: 10_000, seed: 1, bandSteps: 8))
        #expect(coarse.steps == [13, 25, 38, 50, 63, 75, 88, 100])
        #expect(coarse.finalReturn.p95 == result.finalReturn.p95 && coarse.upper.last == result.upper.last)
    }

    @Test func theSameSeedGivesTheSamePathsAndNoTradeGivesNothing() {
        let trades = [0.02, -0.01, 0.005, -0.03, 0.01]
        #expect(MonteCarlo.bootstrap(tradeReturns: trades, paths: 500, seed: 7) == MonteCarlo.bootstrap(tradeReturns: trades, paths: 500, seed: 7))
        #expect(MonteCarlo.bootstrap(tradeReturns: trades, paths: 500, seed: 7) != MonteCarlo.bootstrap(tradeReturns: trades, paths: 500, seed: 8))
        #expect(MonteCarlo.bootstrap(tradeReturns: [], paths: 500, seed: 7) == nil)
    }

    @Test func selectionGivesTheSameQuantilesAsSorting() {
        var generator = SeededGenerator(seed: 5)
        // Floyd–Rivest samples ranges above 600 values: 10,000 exercises it, with and without ties.
        for count in [1, 2, 3, 10, 101, 1_000, 10_000] {
            for tied in [true, false] {
                let values = (0..<count).map { _ in
                    tied ? Double(Int.random(in: -50...50, using: &generator)) / 7 : Double.random(in: -1...1, using: &generator)
                }
                var scratch = values
                let selected = OrderStatistics.selectQuantiles(&scratch, 0.05, 0.5, 0.95)
                let sorted = values.sorted()
                #expect(selected.0 == MonteCarlo.quantile(sorted, 0.05) && selected.1 == MonteCarlo.quantile(sorted, 0.5)
                        && selected.2 == MonteCarlo.quantile(sorted, 0.95), "\(count) tied \(tied)")
                var ends = values
                let extremes = OrderStatistics.selectQuantiles(&ends, 0, 0.5, 1)
                #expect(extremes.0 == sorted.first && extremes.2 == sorted.last)
            }
        }
    }

    /// The paths are the seed's one stream whatever the threads: 1, 2 and 3 workers agree.
    @Test func theBootstrapDoesNotDependOnTheThreads() {
        var generator = SeededGenerator(seed: 9)
        let trades = (0..<333).map { _ in Double.random(in: -0.03...0.035, using: &generator) }
        let one = MonteCarlo.bootstrap(tradeReturns: trades, paths: 6_001, seed: 4, jobs: 1)
        #expect(one != nil)
        #expect(MonteCarlo.bootstrap(tradeReturns: trades, paths: 6_001, seed: 4, jobs: 2) == one)
        #expect(MonteCarlo.bootstrap(tradeReturns: trades, paths: 6_001, seed: 4, jobs: 3) == one)
    }

    /// The remainder without a division equals `%` for every divisor size and extreme numerators.
    @Test func fastModuloEqualsTheRemainder() {
        var generator = SeededGenerator(seed: 2)
        for divisor: UInt64 in [1, 2, 3, 7, 1_069, 10_000, 1 << 32, (1 << 32) + 1, UInt64.max / 3, UInt64.max] {
            let modulo = FastModulo(divisor)
            for value in [0, 1, divisor &- 1, divisor, UInt64.max, UInt64.max - 1] + (0..<2_000).map({ _ in generator.next() }) {
                #expect(modulo.remainder(value) == value % divisor, "\(value) % \(divisor)")
            }
        }
    }

    @Test func quantilesInterpolateLikeNumPy() {
        #expect(MonteCarlo.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(MonteCarlo.quantile([1, 2, 3, 4], 0.05) == 1.15)
        #expect(MonteCarlo.quantile([5], 0.95) == 5)
    }
}
