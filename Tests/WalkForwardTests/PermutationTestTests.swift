import Backtesting
import Foundation
import MarketData
import Testing
@testable import WalkForward

/// The permutation test (issue 22): permuted candles stay valid and keep their changes, the
/// p-value's formula, an edge planted in the rule's favour is found, and on a random walk the
/// p-values are about uniform.
@Suite struct PermutationTestTests {
    /// Hourly candles whose log closes follow `next(previous log close, shock)` from 2024-01-01.
    static func series(count: Int, seed: UInt64, next: (Double, Double) -> Double) -> CandleSeries {
        var generator = SeededGenerator(seed: seed)
        func normal() -> Double {
            let u = max(generator.nextUnit(), 1e-300), v = generator.nextUnit()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        var series = CandleSeries(symbol: "BTCUSDT", timeframe: .oneHour)
        var logClose = log(30_000.0)
        for index in 0..<count {
            let open = exp(logClose)
            logClose = next(logClose, normal())
            let close = exp(logClose)
            let wick = 1 + 0.002 * generator.nextUnit()
            series.append(Candle(openTime: utc(2024, 1, 1) + Int64(index) * hour, open: open, high: max(open, close) * wick,
                                 low: min(open, close) / wick, close: close, volume: 1 + Double(index % 7)))
        }
        return series
    }

    /// Best objective of the rsi grid on `training` of `market`, and of each of `count` permutations.
    static func bests(market: Market, training: Range<Int>, count: Int, seed: UInt64) throws -> (real: Double, permuted: [Double]) {
        let settings = SearchSettings(objective: .sharpe, minimumTrades: 5, jobs: 1)
        @Sendable func best(_ market: Market) -> Double {
            PermutationTest.bestValue(of: Optimizer.evaluate(Synthetic.combinations(market: market), range: training, settings: settings))
        }
        let test = PermutationTest(permutations: count, seed: seed)
        let permuted = try PermutationTest.bests(of: Array(0..<count), jobs: 2) { number throws(WindowFailure) in
            do throws(PermutationTest.CannotPermute) { return best(try PermutationTest.permuted(market, training: training, seed: test.seed(window: 0, permutation: number))) } catch {
                throw WindowFailure(error.description)
            }
        }
        return (best(market), permuted)
    }

    @Test func permutedCandlesStayValidKeepTheirChangesAndTheWarmUp() throws {
        let market = Synthetic.market()
        let training = 500..<1_500
        let permuted = try PermutationTest.permuted(market, training: training, seed: 3)
        let (before, after) = (market.contexts[0].series, permuted.contexts[0].series)
        #expect(after.count == training.upperBound, "cut at the training period's end")
        #expect(Array(after.closes[...training.lowerBound]) == Array(before.closes[...training.lowerBound]), "warm-up and first price kept")
        #expect(after.openTimes == Array(before.openTimes[..<training.upperBound]))
        for index in training {
            #expect(after.lows[index] <= min(after.opens[index], after.closes[index]) * (1 + 1e-12))
            #expect(after.highs[index] >= max(after.opens[index], after.closes[index]) * (1 - 1e-12))
        }
        func ratios(_ series: CandleSeries) -> [Double] {
            ((training.lowerBound + 1)..<training.upperBound).map { series.closes[$0] / series.closes[$0 - 1] }.sorted()
        }
        let same = zip(ratios(before), ratios(after)).allSatisfy { abs($0 - $1) < 1e-12 }
        #expect(same, "the same close-to-close changes, in another order")
        #expect(after.closes != Array(before.closes[..<training.upperBound]), "a different order")
        let again = try PermutationTest.permuted(market, training: training, seed: 3).contexts[0].series
        #expect(again.closes == after.closes, "the same seed, the same permutation")
        #expect(try PermutationTest.permuted(market, training: training, seed: 4).contexts[0].series.closes != after.closes)
    }

    /// In a universe, a symbol missing the last training candle but trading on is not cut at
    /// its last training candle (where the portfolio simulator would sell it as delisted); one
    /// delisted during training still ends where it did.
    @Test func aUniverseSymbolWithAHoleAtTrainingsEndDoesNotLookDelisted() throws {
        let full = Self.series(count: 1_000, seed: 5) { $0 + 0.01 * $1 }
        func renamed(_ symbol: String, keeping keep: (Int) -> Bool) -> CandleSeries {
            var series = CandleSeries(symbol: symbol, timeframe: .oneHour)
            for index in 0..<full.count where keep(index) { series.append(full[index]) }
            return series
        }
        let training = 100..<600
        let holed = renamed("ETHUSDT") { $0 != 599 && $0 != 598 }
        let delisted = renamed("SOLUSDT") { $0 < 400 }
        let market = try Market(universe: [SeriesContext(series: full), SeriesContext(series: holed), SeriesContext(series: delisted)])
        let permuted = try PermutationTest.permuted(market, training: training, seed: 3)
        let after = permuted.contexts[1].series
        #expect(after.count == 598 + 1, "its 598 training candles, then the candle after training")
        #expect(after.openTimes.last == full.openTimes[600], "the candle after training, not its last training one")
        #expect(Array(after.closes[598...]) == [full.closes[600]], "kept as it was")
        #expect(permuted.contexts[2].series.count == 400, "delisted during training: ends where it did")
        #expect(permuted.contexts[0].series.count == 601)
        #expect(Array(permuted.openTimes[..<training.upperBound]) == Array(market.openTimes[..<training.upperBound]), "the same training axis")
    }

    /// A market it cannot permute is an error naming why, never the real prices in place of
    /// permuted ones (which would test them against themselves and report that as a p-value).
    @Test func aMarketItCannotPermuteFailsLoudlyInsteadOfTestingTheRealPrices() throws {
        let market = Synthetic.market()
        #expect(throws: PermutationTest.CannotPermute.self, "one candle has no change to permute") {
            try PermutationTest.permuted(market, training: 500..<501, seed: 3)
        }
        #expect(throws: PermutationTest.CannotPermute.self, "a training period past the market's end") {
            try PermutationTest.permuted(market, training: (market.count - 10)..<(market.count + 10), seed: 3)
        }
        var series = market.contexts[0].series
        series.closes[700] = 0
        let zeroClose = try Market(series)
        do {
            _ = try PermutationTest.permuted(zeroClose, training: 500..<1_500, seed: 3)
            Issue.record("a close of 0 inside the training period was permuted")
        } catch {
            #expect(error.description.contains("close at \(UTCTime.format(milliseconds: series.openTimes[700])) is 0.0"), "\(error)")
        }
        // The search over permutations stops at the first that fails, with its message.
        let test = PermutationTest(permutations: 4, seed: 1)
        #expect(throws: WindowFailure.self) {
            try PermutationTest.bests(of: [0, 1, 2, 3], jobs: 2) { number throws(WindowFailure) in
                do throws(PermutationTest.CannotPermute) { return Double(try PermutationTest.permuted(zeroClose, training: 500..<1_500, seed: test.seed(window: 0, permutation: number)).count) } catch {
                    throw WindowFailure(error.description)
                }
            }
        }
    }

    @Test func thePValueCountsThePermutationsAtLeastAsGood() {
        #expect(PermutationTest.pValue(real: 1, permuted: [0.5, 1, 2]) == 0.75)
        #expect(PermutationTest.pValue(real: 3, permuted: [0.5, 1, 2, -.infinity]) == 0.2)
        #expect(PermutationTest.pValue(real: 3, permuted: []) == nil)
        #expect(PermutationTest.pValue(real: -.infinity, permuted: [-.infinity]) == 1)
        #expect(PermutationTest(permutations: 5, seed: 1).seed(window: 0, permutation: 1)
                != PermutationTest(permutations: 5, seed: 1).seed(window: 1, permutation: 0))
    }

    /// Mean-reverting prices (an AR(1) log price around its level, φ = 0.9): the rsi rule buys
    /// dips that come back; with the changes in a random order they no longer do.
    @Test func anEdgePlantedInTheRulesFavourIsFound() throws {
        let level = log(30_000.0)
        let series = Self.series(count: 1_200, seed: 5) { previous, shock in level + 0.9 * (previous - level) + 0.006 * shock }
        let (real, permuted) = try Self.bests(market: try! Market(series), training: 200..<1_200, count: 39, seed: 1)
        let p = PermutationTest.pValue(real: real, permuted: permuted)!
        #expect(p < 0.05, "p \(p): real \(real), permuted best \(permuted.max()!)")
    }

    /// A random walk has no order to exploit: over 20 seeds the p-values average about ½.
    @Test func onARandomWalkThePValuesAreAboutUniform() throws {
        var pValues: [Double] = []
        for seed in 0..<20 {
            let series = Self.series(count: 900, seed: UInt64(100 + seed)) { previous, shock in previous + 0.006 * shock }
            let (real, permuted) = try Self.bests(market: try! Market(series), training: 200..<900, count: 19, seed: UInt64(seed))
            pValues.append(PermutationTest.pValue(real: real, permuted: permuted)!)
        }
        let mean = pValues.reduce(0, +) / 20
        #expect(abs(mean - 0.5) < 0.15, "mean p \(mean) of \(pValues)")
        #expect(pValues.filter { $0 <= 0.1 }.count <= 5, "small p-values no more often than chance: \(pValues)")
    }
}
