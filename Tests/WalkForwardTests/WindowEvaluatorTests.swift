import Backtesting
import MarketData
import Testing
@testable import WalkForward

@Suite struct WindowEvaluatorTests {
    /// Trains 2024-01-15 .. 2024-03-15 (60 days, 1 440 hourly candles), tests 2024-03-15 .. 2024-04-14 (720 candles).
    static let window = Window(index: 0, trainingStart: utc(2024, 1, 15), trainingEnd: utc(2024, 3, 15),
                               testingStart: utc(2024, 3, 15), testingEnd: utc(2024, 4, 14))
    static let space = ParameterSpace([
        .init(name: "rsi_period", values: [.number(7), .number(14)]),
        .init(name: "rsi_oversold", values: [.number(25), .number(30)]),
    ])
    static let settings = SearchSettings(objective: .score, minimumTrades: 1, jobs: 2)

    static func evaluate(_ series: CandleSeries) throws(WindowFailure) -> WindowEvaluation {
        let market = Synthetic.market(series)
        return try WindowEvaluator.evaluate(window, market: market, combinations: Synthetic.combinations(space, market: market),
                                            settings: settings)
    }

    @Test func completeDataEvaluatesAndTestsExactlyTheTestingCandles() throws {
        let evaluation = try Self.evaluate(Synthetic.series)
        #expect(evaluation.window == Self.window)
        #expect(evaluation.trials.count == 4)
        #expect(evaluation.best.rank == 1)
        #expect(evaluation.trials.contains(evaluation.best))

        let outOfSample = evaluation.outOfSample
        #expect(outOfSample.summary.candles == 720)
        #expect(outOfSample.equityTimes.count == 720)
        #expect(outOfSample.equityTimes.first == Self.window.testingStart + hour)
        #expect(outOfSample.equityTimes.last == Self.window.testingEnd)
        #expect(outOfSample.trades.allSatisfy { $0.entryTime >= Self.window.testingStart && $0.exitTime < Self.window.testingEnd })

        let inSample = evaluation.inSample
        #expect(inSample.summary.candles == 1_440)
        #expect(inSample.equityTimes.first == Self.window.trainingStart + hour)
        #expect(inSample.equityTimes.last == Self.window.trainingEnd)
        // The replayed winner agrees with what the search measured.
        #expect(inSample.summary == evaluation.best.summary)
    }

    @Test func performanceDropUsesTheWindowsRatesPerDay() throws {
        let evaluation = try Self.evaluate(Synthetic.series)
        let expected = WindowEvaluator.performanceDrop(
            inSampleROI: evaluation.inSample.summary.roi, inSampleDays: 60,
            outOfSampleROI: evaluation.outOfSample.summary.roi, outOfSampleDays: 30)
        #expect(evaluation.performanceDropPct == expected)
    }

    @Test func bestParametersAreTestedOutOfSample() throws {
        let evaluation = try Self.evaluate(Synthetic.series)
        let market = Synthetic.market()
        let backtester = try Backtester(strategy: StrategyDefinition.rsi, parameters: evaluation.best.parameters,
                                        market: market, settings: Synthetic.settings)
        let testing = Synthetic.series.indexRange(fromTime: Self.window.testingStart, toTime: Self.window.testingEnd)
        #expect(backtester.summarize(range: testing) == evaluation.outOfSample.summary)
    }

    /// 432 of the testing period's 720 candles (60 %) are missing.
    @Test func holeInTheTestingPeriodFailsNamingThePeriodAndTheMissingCount() {
        let from = Self.window.testingStart + 100 * hour
        let series = Synthetic.series(withoutCandlesFrom: from, to: from + 432 * hour)
        #expect {
            try Self.evaluate(series)
        } throws: { error in
            guard let failure = error as? WindowFailure else { return false }
            return failure.message.contains("testing") && !failure.message.contains("training")
                && failure.message.contains("2024-03-15") && failure.message.contains("2024-04-14")
                && failure.message.contains("432")
        }
    }

    @Test func holeInTheTrainingPeriodFailsNamingTheTrainingPeriod() {
        let from = Self.window.trainingStart + 10 * hour
        let series = Synthetic.series(withoutCandlesFrom: from, to: from + 500 * hour)
        #expect {
            try Self.evaluate(series)
        } throws: { error in
            guard let failure = error as? WindowFailure else { return false }
            return failure.message.contains("training") && failure.message.contains("2024-01-15")
                && failure.message.contains("500")
        }
    }

    @Test func testingPeriodWithoutAnyCandleFails() {
        let series = Synthetic.series(withoutCandlesFrom: Self.window.testingStart, to: Self.window.testingEnd)
        #expect(throws: WindowFailure.self) { try Self.evaluate(series) }
    }

    /// A short exchange outage (24 of 720 candles) is tolerated.
    @Test func smallHoleIsTolerated() throws {
        let from = Self.window.testingStart + 100 * hour
        let evaluation = try Self.evaluate(Synthetic.series(withoutCandlesFrom: from, to: from + 24 * hour))
        #expect(evaluation.outOfSample.summary.candles == 696)
    }
}
