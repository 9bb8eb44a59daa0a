import Backtesting
import MarketData
import Testing
@testable import WalkForward

@Suite struct WorkUnitTests {
    @Test func unitsCutEachWindowsCombinationsIntoBlocksWithStableIds() {
        #expect(WorkUnit.plan(windows: 2, combinations: 5, blockSize: 2).map(\.id)
            == ["w1-c0-2", "w1-c2-4", "w1-c4-5", "w2-c0-2", "w2-c2-4", "w2-c4-5"])
        // No block size, or one past the count: one unit per window.
        #expect(WorkUnit.plan(windows: 3, combinations: 4).map(\.id) == ["w1-c0-4", "w2-c0-4", "w3-c0-4"])
        #expect(WorkUnit.plan(windows: 1, combinations: 4, blockSize: 99).map(\.combinations) == [0..<4])
        #expect(WorkUnit.plan(windows: 1, combinations: 3, blockSize: 0).map(\.combinations) == [0..<1, 1..<2, 2..<3])
        #expect(WorkUnit.plan(windows: 0, combinations: 3).isEmpty)
    }

    /// A window's permutations in even blocks, each searching every combination.
    @Test func permutationUnitsCutAWindowsPermutationsIntoBlocks() {
        #expect(WorkUnit.permutationUnits(window: 0, combinations: 27, count: 100, blocks: 3).map(\.id)
            == ["w1-c0-27-p0-33", "w1-c0-27-p33-66", "w1-c0-27-p66-100"])
        #expect(WorkUnit.permutationUnits(window: 4, combinations: 5, count: 2, blocks: 8).map(\.permutations) == [0..<1, 1..<2])
        #expect(WorkUnit.permutationUnits(window: 0, combinations: 5, count: 0, blocks: 3).isEmpty)
        #expect(WorkUnit.permutationUnits(window: 0, combinations: 5, count: 7, blocks: 0).map(\.permutations) == [0..<7])
    }

    /// The window's trials, selection and out-of-sample test whatever the units were.
    static func concluded(blockSize: Int?, jobs: Int) throws -> WindowEvaluation {
        let window = WindowEvaluatorTests.window
        let space = ParameterSpace([
            .init(name: "rsi_period", values: [.number(7), .number(14), .number(21)]),
            .init(name: "rsi_oversold", values: [.number(20), .number(25), .number(30)]),
            .init(name: "rsi_overbought", values: [.number(70), .number(75)]),
        ])
        let market = Synthetic.market()
        let combinations = Synthetic.combinations(space, market: market)
        let settings = SearchSettings(objective: .score, minimumTrades: 1, jobs: jobs, cscvBlocks: 4)
        var summaries: [PerformanceSummary] = []
        for unit in WorkUnit.plan(windows: 1, combinations: combinations.count, blockSize: blockSize) {
            summaries += try WindowEvaluator.search(unit, window: window, market: market, combinations: combinations, settings: settings).summaries
        }
        // Without the search's daily returns: concluding simulates every trial again for them,
        // which must give what the one-pass search of `evaluate` kept.
        return try WindowEvaluator.conclude(window, market: market, combinations: combinations, summaries: summaries, settings: settings)
    }

    @Test(arguments: [(1, 1), (5, 2), (7, 1), (18, 2)])
    func aWindowConcludedFromBlocksEqualsTheWholeSearch(blockSize: Int, jobs: Int) throws {
        let whole = try WindowEvaluator.evaluate(WindowEvaluatorTests.window, market: Synthetic.market(),
                                                 combinations: Synthetic.combinations(ParameterSpace([
                                                     .init(name: "rsi_period", values: [.number(7), .number(14), .number(21)]),
                                                     .init(name: "rsi_oversold", values: [.number(20), .number(25), .number(30)]),
                                                     .init(name: "rsi_overbought", values: [.number(70), .number(75)]),
                                                 ]), market: Synthetic.market()),
                                                 settings: SearchSettings(objective: .score, minimumTrades: 1, jobs: 1, cscvBlocks: 4))
        let blocks = try Self.concluded(blockSize: blockSize, jobs: jobs)
        #expect(blocks.trials.count == 18)
        #expect(blocks.trials == whole.trials)
        #expect(blocks.best == whole.best)
        #expect(blocks.outOfSample.summary == whole.outOfSample.summary)
        #expect(blocks.outOfSample.trades == whole.outOfSample.trades)
        #expect(blocks.overfitting?.pbo != nil)
        #expect(blocks.overfitting?.pbo == whole.overfitting?.pbo)
        #expect(blocks.overfitting?.deflatedSharpe == whole.overfitting?.deflatedSharpe)
    }

    @Test func aUnitOfAWindowWithoutCandlesFailsLikeTheWindow() {
        let market = Synthetic.market(Synthetic.series(withoutCandlesFrom: WindowEvaluatorTests.window.trainingStart,
                                                       to: WindowEvaluatorTests.window.trainingEnd))
        let combinations = Synthetic.combinations(market: market)
        #expect(throws: WindowFailure.self) {
            try WindowEvaluator.search(WorkUnit(windowIndex: 0, combinations: 0..<1), window: WindowEvaluatorTests.window,
                                       market: market, combinations: combinations, settings: SearchSettings())
        }
    }
}

/// A cluster task's ``UnitResult``s (search and daily returns per block) concluded by the
/// client give exactly the window a local run stores.
@Suite struct UnitResultTests {
    @Test(arguments: [1, 4, 7, 18])
    func aWindowConcludedFromUnitResultsEqualsTheWholeEvaluation(blockSize: Int) throws {
        let window = WindowEvaluatorTests.window
        let market = Synthetic.market()
        let combinations = Synthetic.combinations(ParameterSpace([
            .init(name: "rsi_period", values: [.number(7), .number(14), .number(21)]),
            .init(name: "rsi_oversold", values: [.number(20), .number(25), .number(30)]),
            .init(name: "rsi_overbought", values: [.number(70), .number(75)]),
        ]), market: market)
        let settings = SearchSettings(objective: .score, minimumTrades: 1, jobs: 2, cscvBlocks: 4)
        let whole = try WindowEvaluator.evaluate(window, market: market, combinations: combinations, settings: settings)
        let results = try WorkUnit.plan(windows: 1, combinations: combinations.count, blockSize: blockSize).reversed().map {
            try WindowEvaluator.execute($0, window: window, market: market, combinations: combinations, settings: settings)
        }
        for result in results {
            guard case let .searched(summaries, returns) = result.outcome else { Issue.record("a unit failed"); continue }
            #expect(summaries.count == result.unit.combinations.count)
            #expect(returns?.count == result.unit.combinations.count, "with CSCV on, each unit carries its daily returns")
        }
        let concluded = try WindowEvaluator.conclude(window, market: market, combinations: combinations, results: results, settings: settings)
        #expect(concluded.trials == whole.trials)
        #expect(concluded.best == whole.best)
        #expect(concluded.inSample.summary == whole.inSample.summary)
        #expect(concluded.outOfSample.trades == whole.outOfSample.trades)
        #expect(concluded.overfitting?.pbo != nil)
        #expect(concluded.overfitting?.pbo == whole.overfitting?.pbo)
        #expect(concluded.overfitting?.deflatedSharpe == whole.overfitting?.deflatedSharpe)
    }

    @Test func aUnitOfAWindowWithoutCandlesIsAFailedResultAndTheWindowFailsWithItsMessage() throws {
        let window = WindowEvaluatorTests.window
        let market = Synthetic.market(Synthetic.series(withoutCandlesFrom: window.trainingStart, to: window.trainingEnd))
        let combinations = Synthetic.combinations(market: market)
        let unit = WorkUnit(windowIndex: 0, combinations: 0..<combinations.count)
        let result = try WindowEvaluator.execute(unit, window: window, market: market, combinations: combinations, settings: SearchSettings())
        guard case let .failed(message) = result.outcome else { Issue.record("expected a failed unit"); return }
        #expect(message.contains("training period"))
        #expect(throws: WindowFailure(message)) {
            try WindowEvaluator.conclude(window, market: market, combinations: combinations, results: [result], settings: SearchSettings())
        }
    }
}
