import Backtesting
import MarketData

/// The Monte Carlo permutation test of a window's search (Masters, *Permutation and
/// Randomization Tests for Trading System Development*, 2020): is there structure in the
/// in-sample prices that the search exploits, or would it find as good a result on prices
/// with the same changes in a random order?
///
/// For each of M permutations the training period's candles are rebuilt from their log
/// changes in a shuffled order (``permuted(_:training:seed:)``), the window's whole search runs
/// again on them, and its best objective is kept. With `B` the real search's best,
/// `p = (1 + #{permuted best ≥ B}) / (M + 1)`: the chance, if the order of the changes carried
/// nothing, of a search doing at least as well — small when it does. A best below `min_trades`
/// (or undefined) counts as −∞.
public struct PermutationTest: Sendable, Hashable {
    /// M (`robustness.permutations`; 0: off).
    public var permutations: Int
    /// The study's `random_seed`.
    public var seed: UInt64

    public init(permutations: Int, seed: UInt64) {
        self.permutations = permutations
        self.seed = seed
    }

    /// The seed of permutation `number` of window `window`: SplitMix of the three.
    public func seed(window: Int, permutation number: Int) -> UInt64 {
        SeededGenerator.derivedSeed(seed, salt: 0x5045_524D_5554_4553, window, number)   // "PERMUTES"
    }

    /// `(1 + #{permuted ≥ real}) / (M + 1)`; nil without permutations.
    public static func pValue(real: Double, permuted: [Double]) -> Double? {
        guard !permuted.isEmpty else { return nil }
        return Double(1 + permuted.filter { $0 >= real }.count) / Double(permuted.count + 1)
    }

    /// What the test compares of a search: the rank-1 trial's objective, −∞ when it has too
    /// few trades or no value.
    public static func bestValue(of trials: [Trial]) -> Double {
        guard let best = trials.first(where: { $0.rank == 1 }), !best.belowMinimumTrades, let value = best.objectiveValue,
              value.isFinite else { return -.infinity }
        return value
    }

    /// The market up to the end of `training` (a universe's symbol that trades on keeps one
    /// candle more), its training candles after the first rebuilt
    /// from their changes in a random order: for candle t, `(ln(o_t / c_{t−1}), ln(h_t / c_{t−1}),
    /// ln(l_t / c_{t−1}), ln(c_t / c_{t−1}))` and its volume move together (so every candle
    /// stays valid), one permutation for all symbols (their co-movement is kept), each rebuilt
    /// from the previous rebuilt close; the first training candle and everything before it
    /// (the warm-up) are unchanged. Open times, sessions and the calendar are the market's.
    ///
    /// - Throws: ``CannotPermute`` when `training` is not at least two candles of the market, a
    ///   close a change is taken from is not a positive number, or a rebuilt price is not finite:
    ///   the test never falls back to the real prices, which would test them against themselves.
    public static func permuted(_ market: Market, training: Range<Int>, seed: UInt64) throws(CannotPermute) -> Market {
        guard training.count >= 2, training.lowerBound >= 0, training.upperBound <= market.count else {
            throw CannotPermute(reason: "the training period has \(training.count) candle(s) at \(training.lowerBound)..<\(training.upperBound) "
                + "of a market of \(market.count); at least 2 are needed to permute its changes")
        }
        var contexts: [SeriesContext] = []
        for (symbol, context) in market.contexts.enumerated() {
            let series = context.series
            // In a universe each symbol permutes its own training candles (a symbol listed during
            // training permutes fewer; one of the same length the same way as the others).
            let own = market.isAligned ? training
                : series.indexRange(fromTime: market.openTimes[training.lowerBound], toTime: market.openTimes[training.upperBound - 1] + 1)
            // A symbol of a universe that trades on after training keeps its next candle (real,
            // never simulated): cut at its last training candle, one with a hole at training's
            // end would look delisted there and be sold, which the real market never does.
            let end = market.isAligned ? training.upperBound
                : min(series.count, (market.lastCandleIndex(symbol: symbol, atOrBefore: training.upperBound - 1) ?? -1) + 2)
            var order = own.count >= 2 ? Array((own.lowerBound + 1)..<own.upperBound) : []
            var generator = SeededGenerator(seed: seed)
            if order.count > 1 {
                for i in stride(from: order.count - 1, to: 0, by: -1) {
                    order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
                }
            }
            if !order.isEmpty, let bad = series.closes[own.lowerBound..<(own.upperBound - 1)].firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
                throw CannotPermute(reason: "\(series.symbol)'s close at \(UTCTime.format(milliseconds: series.openTimes[bad])) is "
                    + "\(series.closes[bad]), so the change after it is not a ratio of prices")
            }
            var rebuilt = CandleSeries(symbol: series.symbol, timeframe: series.timeframe,
                                       openTimes: Array(series.openTimes[..<end]), opens: Array(series.opens[..<end]),
                                       highs: Array(series.highs[..<end]), lows: Array(series.lows[..<end]),
                                       closes: Array(series.closes[..<end]), volumes: Array(series.volumes[..<end]))
            var previous = order.isEmpty ? 0 : series.closes[own.lowerBound]
            for (offset, source) in order.enumerated() {
                let target = own.lowerBound + 1 + offset
                let base = series.closes[source - 1]
                rebuilt.opens[target] = previous * (series.opens[source] / base)
                rebuilt.highs[target] = previous * (series.highs[source] / base)
                rebuilt.lows[target] = previous * (series.lows[source] / base)
                rebuilt.closes[target] = previous * (series.closes[source] / base)
                rebuilt.volumes[target] = series.volumes[source]
                previous = rebuilt.closes[target]
                guard previous.isFinite, rebuilt.opens[target].isFinite, rebuilt.highs[target].isFinite, rebuilt.lows[target].isFinite else {
                    throw CannotPermute(reason: "\(series.symbol)'s rebuilt price at \(UTCTime.format(milliseconds: series.openTimes[target])) "
                        + "is not a finite number")
                }
            }
            contexts.append(SeriesContext(series: rebuilt, calendar: context.calendar))
        }
        // The contexts keep the market's open times and calendar, so an aligned market stays aligned.
        do { return market.isAligned ? try Market(contexts) : try Market(universe: contexts) } catch {
            throw CannotPermute(reason: "the permuted candles do not make a market: \(error)")
        }
    }

    /// Why a window's training prices cannot be permuted: the window fails with it, rather
    /// than a p-value computed from the real prices.
    public struct CannotPermute: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "the permutation test cannot permute the prices: \(reason)" }
    }
}

extension PermutationTest {
    /// `search(number)` of every permutation number, on `jobs` threads each taking the next
    /// number from a shared counter (each search on one thread), in the numbers' order; empty
    /// when cancelled. A search is a pure function of its number, so the result does not
    /// depend on the threads.
    /// - Throws: the failure of the first number (in the numbers' order) whose search failed.
    public static func bests(of numbers: [Int], jobs: Int, cancellation: CancellationFlag? = nil,
                             search: @Sendable (Int) throws(WindowFailure) -> Double) throws(WindowFailure) -> [Double] {
        let results = Optimizer.map(numbers, jobs: jobs, cancellation: cancellation) { number in
            Result { () throws(WindowFailure) -> Double in try search(number) }
        }
        return try results.map { result throws(WindowFailure) in try result.get() }
    }
}
