import Foundation
import MarketData
@testable import Overfitting
import Testing

/// White's Reality Check and Hansen's SPA against `arch` 8.0.0 on the same returns and the same
/// bootstrap indices (`Scripts/spa_golden.py` wrote them, with arch's p-values), the
/// Politis–White block length against arch's, and the stationary bootstrap's own draws.
@Suite struct SuperiorPredictiveAbilityTests {
    struct Golden: Decodable {
        struct Case: Decodable {
            var name: String
            var block_length: Double
            var trials: [[Double]]
            var benchmark: [Double]
            var indices: [[Int]]
            var lower: Double
            var consistent: Double
            var upper: Double
        }
        struct Block: Decodable {
            var name: String
            var series: [Double]
            var stationary: Double
        }
        var spa: [Case]
        var block_lengths: [Block]
    }

    static let golden: Golden = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/spa-arch.json")
        // swiftlint:disable:next force_try
        return try! JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: golden.spa.map(\.name))
    func pValuesEqualArchsOnTheSameResamples(name: String) throws {
        let golden = try #require(Self.golden.spa.first { $0.name == name })
        let differentials = golden.trials.map { trial in zip(trial, golden.benchmark).map { $0 - $1 } }
        let result = try #require(SuperiorPredictiveAbility.test(differentials: differentials, blockLength: golden.block_length,
                                                                 resamples: golden.indices))
        #expect(result.lower == golden.lower, "lower")
        #expect(result.consistent == golden.consistent, "consistent")
        #expect(result.upper == golden.upper, "upper")
        #expect(result.realityCheck == golden.upper)
        #expect(result.simulated.count == golden.indices.count)
        let threaded = SuperiorPredictiveAbility.test(differentials: differentials, blockLength: golden.block_length,
                                                      resamples: golden.indices, jobs: 2)
        #expect(threaded == result, "the same on two threads")
    }

    /// The case with one good trial among 59 poor ones is the one where the search found something.
    @Test func oneGoodTrialAmongManyPoorOnesIsSignificant() throws {
        let golden = try #require(Self.golden.spa.first { $0.name == "one good among many poor" })
        #expect(golden.consistent < 0.05 && golden.upper < 0.05)
        let worse = try #require(Self.golden.spa.first { $0.name == "all worse than zero" })
        #expect(worse.consistent > 0.5)
        #expect(worse.lower <= worse.consistent && worse.consistent <= worse.upper, "lower ≤ consistent ≤ upper")
    }

    @Test(arguments: golden.block_lengths.map(\.name))
    func politisWhiteBlockLengthEqualsArchs(name: String) throws {
        let golden = try #require(Self.golden.block_lengths.first { $0.name == name })
        let length = try #require(BlockLength.politisWhite(golden.series))
        #expect(abs(length - golden.stationary) <= 1e-9 * max(1, golden.stationary), "\(length) vs arch's \(golden.stationary)")
    }

    @Test func blockLengthEdgeCases() {
        #expect(BlockLength.politisWhite([]) == nil)
        #expect(BlockLength.politisWhite([0.01]) == nil)
        #expect(BlockLength.politisWhite([Double](repeating: 0.01, count: 50)) == nil, "a constant series has no block length")
        #expect(BlockLength.meanBlockLength([Double](repeating: 0.01, count: 50)) == 1)
        let whiteNoise = try? #require(Self.golden.block_lengths.first { $0.name == "white noise, 90 days" })
        #expect(BlockLength.meanBlockLength(whiteNoise?.series ?? []) == 1, "below 1 is used as 1")
    }

    /// The stationary bootstrap: indices in range, blocks of mean length L (runs of consecutive
    /// indices), the same draws for the same seed.
    @Test func stationaryBootstrapDrawsBlocksOfTheMeanLength() {
        var bootstrap = StationaryBootstrap(count: 200, meanBlockLength: 8, seed: 3)
        var again = StationaryBootstrap(count: 200, meanBlockLength: 8, seed: 3)
        var breaks = 0, steps = 0
        for _ in 0..<500 {
            let indices = bootstrap.nextIndices()
            #expect(indices == again.nextIndices())
            #expect(indices.count == 200 && indices.allSatisfy { (0..<200).contains($0) })
            for t in 1..<indices.count {
                steps += 1
                if indices[t] != (indices[t - 1] + 1) % 200 { breaks += 1 }
            }
        }
        // A new block starts with probability 1/8 (a fresh start continuing the old block by
        // chance, 1/200 of them, is not counted): mean block length 8 within 3 %.
        let meanBlock = Double(steps) / Double(breaks)
        #expect(abs(meanBlock - 8 / (1 - 1.0 / 200)) < 0.25, "mean block length \(meanBlock)")
        var one = StationaryBootstrap(count: 5, meanBlockLength: 0.2, seed: 1)
        #expect(one.meanBlockLength == 1, "a mean block length below 1 is 1: every index drawn afresh")
        #expect(one.nextIndices().count == 5)
    }

    /// Under the null (no trial better than the benchmark) the consistent p-value is not small
    /// more often than its level says: 200 searches of 20 trials with no edge over 90
    /// independent days, the default block length (arch: 5 of 200). With autocorrelated days
    /// the short windows make it reject more (docs/overfitting.md).
    @Test func underTheNullTheConsistentPValueRejectsAtMostAtItsLevel() {
        var generator = SeededGenerator(seed: 11)
        func normal() -> Double {
            let u = max(generator.nextUnit(), 1e-300), v = generator.nextUnit()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        var rejections = 0
        for search in 0..<200 {
            var trials: [[Double]] = []
            for _ in 0..<20 {
                var value = 0.0
                trials.append((0..<90).map { _ in value = 0.01 * normal(); return value })
            }
            let result = SuperiorPredictiveAbility.test(differentials: trials, resampleCount: 200, seed: UInt64(search))!
            if result.consistent < 0.05 { rejections += 1 }
            #expect(result.lower <= result.consistent && result.consistent <= result.upper)
        }
        #expect(rejections <= 16, "\(rejections) of 200 rejected at 5 %")
        #expect(rejections >= 1, "a test that never rejects is no test")
    }

    @Test func pooledWindowsAverageTheirStatistics() throws {
        let good = try #require(Self.golden.spa.first { $0.name == "one good among many poor" })
        let differentials = good.trials.map { trial in zip(trial, good.benchmark).map { $0 - $1 } }
        let one = try #require(SuperiorPredictiveAbility.test(differentials: differentials, blockLength: 5, resamples: good.indices))
        let pooledAlone = try #require(SuperiorPredictiveAbility.pooled([one]))
        #expect(pooledAlone.consistent == one.consistent && pooledAlone.upper == one.upper && pooledAlone.lower == one.lower,
                "one window pooled is itself")
        let shorter = SuperiorPredictiveAbility.Result(lower: 0, consistent: 0, upper: 0, statistic: 0, blockLength: 1, simulated: [])
        #expect(SuperiorPredictiveAbility.pooled([one, shorter]) == nil, "different numbers of resamples do not pool")
        #expect(SuperiorPredictiveAbility.pooled([]) == nil)
        #expect(SuperiorPredictiveAbility.test(differentials: [], resampleCount: 10, seed: 1) == nil)
        #expect(SuperiorPredictiveAbility.test(differentials: [[0.01]], resampleCount: 10, seed: 1) == nil, "one day")
    }
}
