import Backtesting
import MarketData
import Testing
@testable import WalkForward

@Suite struct OptimizerTests {
    static let combinations = Synthetic.combinations()
    /// Three months of training after a warm-up of ~300 hours.
    static let range = 300..<Synthetic.series.indexRange(fromTime: utc(2024, 1, 1), toTime: utc(2024, 4, 13)).upperBound

    /// The median trade count over the grid, so that some combinations fall below it.
    static let medianTrades: Int = {
        let counts = Optimizer.evaluate(combinations, range: range, settings: SearchSettings()).map(\.summary.totalTrades).sorted()
        return counts[counts.count / 2]
    }()

    @Test(arguments: [2, 4, 8])
    func resultsDoNotDependOnTheNumberOfJobs(jobs: Int) {
        let settings = SearchSettings(objective: .score, minimumTrades: Self.medianTrades, jobs: 1)
        let serial = Optimizer.evaluate(Self.combinations, range: Self.range, settings: settings)
        var parallel = settings
        parallel.jobs = jobs
        #expect(Optimizer.evaluate(Self.combinations, range: Self.range, settings: parallel) == serial)
    }

    @Test func trialsAreInCombinationOrderWithTheirSearchedParameters() {
        let trials = Optimizer.evaluate(Self.combinations, range: Self.range, settings: SearchSettings())
        #expect(trials.map(\.combinationIndex) == Array(0..<27))
        #expect(trials.map(\.parameters) == rsiSpace.grid())
        #expect(trials.allSatisfy { $0.summary.candles == Self.range.count })
        #expect(trials.allSatisfy { $0.score == Objective.compositeScore($0.summary) })
    }

    @Test func tradeCountsDifferAcrossTheGrid() {
        // Otherwise the ranking tests below would not exercise min_trades.
        let trials = Optimizer.evaluate(Self.combinations, range: Self.range, settings: SearchSettings())
        #expect(Set(trials.map(\.summary.totalTrades)).count > 3)
        #expect(trials.contains { $0.summary.totalTrades < Self.medianTrades })
    }

    @Test(arguments: [Objective.score, .roi, .sharpe, .profitFactor, .sqn])
    func ranksFollowTheRankingRules(objective: Objective) {
        let settings = SearchSettings(objective: objective, minimumTrades: Self.medianTrades, jobs: 2)
        let trials = Optimizer.evaluate(Self.combinations, range: Self.range, settings: settings)
        #expect(trials.map(\.rank).sorted() == Array(1...trials.count))
        for trial in trials {
            #expect(trial.belowMinimumTrades == (trial.summary.totalTrades < Self.medianTrades))
            #expect(trial.objectiveValue == objective.value(of: trial.summary))
        }
        for a in trials {
            for b in trials where a.combinationIndex != b.combinationIndex {
                #expect((a.rank < b.rank) == Optimizer.ranksBefore(a, b))
                if !a.belowMinimumTrades, b.belowMinimumTrades { #expect(a.rank < b.rank) }
            }
        }
    }

    @Test(arguments: [Objective.score, .roi, .sharpe, .calmar])
    func rankOneHasTheBestObjectiveAmongTrialsWithEnoughTrades(objective: Objective) throws {
        let settings = SearchSettings(objective: objective, minimumTrades: Self.medianTrades)
        let trials = Optimizer.evaluate(Self.combinations, range: Self.range, settings: settings)
        let best = try #require(trials.first { $0.rank == 1 })
        let eligible = trials.filter { $0.summary.totalTrades >= Self.medianTrades }
        let maximum = try #require(eligible.compactMap(\.objectiveValue).max())
        #expect(!best.belowMinimumTrades)
        #expect(best.objectiveValue == maximum)
        #expect(best.combinationIndex == eligible.first { $0.objectiveValue == maximum }?.combinationIndex)
    }
}

/// `Optimizer.ranksBefore` on hand-made trials.
@Suite struct RankingRuleTests {
    static let summary = Synthetic.combinations()[0].backtester.summarize(range: 300..<400)

    static func trial(_ index: Int, _ objective: Double?, belowMinimum: Bool = false) -> Trial {
        Trial(combinationIndex: index, parameters: ParameterSet(), summary: summary, objectiveValue: objective,
              score: 0, rank: 0, belowMinimumTrades: belowMinimum)
    }

    @Test func tooFewTradesRankBelowAllOthersEvenWithABetterObjective() {
        let few = Self.trial(0, 99, belowMinimum: true)
        let enough = Self.trial(1, 1)
        let undefined = Self.trial(2, nil)
        #expect(Optimizer.ranksBefore(enough, few))
        #expect(!Optimizer.ranksBefore(few, enough))
        #expect(Optimizer.ranksBefore(undefined, few))
        #expect(!Optimizer.ranksBefore(few, undefined))
    }

    @Test func higherObjectiveRanksFirst() {
        #expect(Optimizer.ranksBefore(Self.trial(5, 2.5), Self.trial(1, 2.4)))
        #expect(!Optimizer.ranksBefore(Self.trial(1, 2.4), Self.trial(5, 2.5)))
        #expect(Optimizer.ranksBefore(Self.trial(5, -1), Self.trial(1, -2)))
    }

    @Test func undefinedObjectiveRanksBelowDefined() {
        #expect(Optimizer.ranksBefore(Self.trial(5, -1_000), Self.trial(1, nil)))
        #expect(!Optimizer.ranksBefore(Self.trial(1, nil), Self.trial(5, -1_000)))
        // Both below min_trades: the defined one still first.
        #expect(Optimizer.ranksBefore(Self.trial(5, 0, belowMinimum: true), Self.trial(1, nil, belowMinimum: true)))
    }

    @Test func tiesBreakByCombinationIndex() {
        #expect(Optimizer.ranksBefore(Self.trial(1, 3), Self.trial(2, 3)))
        #expect(!Optimizer.ranksBefore(Self.trial(2, 3), Self.trial(1, 3)))
        #expect(Optimizer.ranksBefore(Self.trial(1, nil), Self.trial(2, nil)))
        #expect(!Optimizer.ranksBefore(Self.trial(2, nil), Self.trial(1, nil)))
        #expect(!Optimizer.ranksBefore(Self.trial(1, 3), Self.trial(1, 3)))
    }

    @Test func sortingHandMadeTrialsGivesTheExpectedOrder() {
        let trials = [
            Self.trial(0, 50, belowMinimum: true), Self.trial(1, nil), Self.trial(2, 10), Self.trial(3, 20),
            Self.trial(4, 10), Self.trial(5, nil, belowMinimum: true), Self.trial(6, 5, belowMinimum: true),
        ]
        #expect(trials.sorted(by: Optimizer.ranksBefore).map(\.combinationIndex) == [3, 2, 4, 1, 0, 6, 5])
    }
}
