import Backtesting
import MarketData
import StudyFile
import WalkForward
import Testing

@Suite struct StudyParserTests {
    /// The original system's JSON request body is a valid study file as it is.
    static let originalJSON = """
        {
          "name": "BTC Strategy Test",
          "symbols": ["BTCUSDT"],
          "timeframe": "5m",
          "start_date": "2024-01-01T00:00:00Z",
          "end_date": "2024-12-31T23:59:59Z",
          "training_window_days": 90,
          "testing_window_days": 30,
          "step_days": 30,
          "parameter_ranges": {
            "rsi_period": [7, 14, 21],
            "rsi_oversold": [20, 25, 30],
            "rsi_overbought": [70, 75, 80]
          },
          "optimization_method": "grid",
          "initial_capital": 10000,
          "position_size": 100
        }
        """

    @Test func originalJSONBodyParsesWithEveryDefault() throws {
        let study = try StudyParser.parse(Self.originalJSON, path: "original.json")
        #expect(study.name == "BTC Strategy Test")
        #expect(study.symbols == ["BTCUSDT"])
        #expect(study.timeframe == .fiveMinutes)
        #expect(study.startDate == UTCTime.milliseconds(year: 2024, month: 1, day: 1))
        #expect(study.endDate == UTCTime.milliseconds(year: 2024, month: 12, day: 31, hour: 23, minute: 59, second: 59))
        #expect(study.trainingWindowDays == 90)
        #expect(study.testingWindowDays == 30)
        #expect(study.stepDays == 30)
        #expect(study.parameterRanges.map(\.name) == ["rsi_period", "rsi_oversold", "rsi_overbought"])
        #expect(study.parameterRanges[0].values == [.number(7), .number(14), .number(21)])
        #expect(study.combinationCount == 27)
        #expect(study.optimizationMethod == .grid)
        #expect(study.initialCapital == 10_000)
        #expect(study.positionSize == 100)
        // Defaults of SPEC section 2.
        #expect(study.description == "")
        #expect(study.strategy.name == "rsi")
        #expect(study.strategyParams.isEmpty)
        #expect(study.windowMode == .rolling)
        #expect(study.gapDays == 0)
        #expect(study.maxCombinations == 50)
        #expect(study.randomSeed == 1)
        #expect(study.objective == .score)
        #expect(study.minTrades == 10)
        #expect(study.positionSizePct == nil)
        #expect(study.feePct == 0.1)
        #expect(study.slippagePct == 0)
        #expect(study.warmupCandles == 500)
        #expect(study.data == Study.DataSettings(source: .binance, path: nil, baseURL: "https://api.binance.com", seed: 1))
        #expect(study.robustness == RobustnessThresholds(maxDegradationPct: 50, minConsistency: 40, minProfitableWindowsPct: 50))
        #expect(study.sourceText == Self.originalJSON)
    }

    @Test func extensionsAreRead() throws {
        let text = """
            name: Extended
            description: "**bold**"
            symbols: [BTCUSDT, ETHUSDT]
            timeframe: 1h
            start_date: 2024-01-01
            end_date: 2024-06-01
            training_window_days: 60
            testing_window_days: 20
            step_days: 20
            strategy: confluence
            strategy_params: {sides: long, stop_loss_atr: 2}
            parameter_ranges:
              min_confidence: {from: 0.6, to: 0.8, step: 0.1}
              adx_min: [20, 25]
            optimization_method: random
            window_mode: anchored
            gap_days: 1
            max_combinations: 4
            random_seed: 42
            objective: sharpe
            min_trades: 3
            position_size_pct: 25
            fee_pct: 0.075
            slippage_pct: 0.01
            warmup_candles: 200
            data: {source: csv, path: data/, seed: 9}
            robustness: {max_degradation_pct: 60, min_consistency: 50, min_profitable_windows_pct: 55}
            """
        let study = try StudyParser.parse(text, path: "studies/extended.yaml")
        #expect(study.symbols == ["BTCUSDT", "ETHUSDT"])
        #expect(study.strategy.name == "confluence")
        #expect(study.strategyParams == ParameterSet([("sides", .text("long")), ("stop_loss_atr", .number(2))]))
        #expect(study.parameterRanges[0].values == [.number(0.6), .number(0.7), .number(0.8)])
        #expect(study.combinationCount == 4) // random: min(6, max_combinations)
        // Sorted back into the grid, each remembering when it was drawn.
        let draws = study.parameterSpace.randomGridIndices(count: 4, seed: study.randomSeed)
        let order = try #require(study.proposalOrder)
        #expect(order.sorted() == [0, 1, 2, 3])
        for (position, combination) in study.combinations.enumerated() {
            #expect(study.parameterSpace.gridIndex(of: combination) == draws[order[position]])
        }
        #expect(study.windowMode == .anchored)
        #expect(study.gapDays == 1)
        #expect(study.objective == .sharpe)
        #expect(study.positionSizePct == 25)
        #expect(study.simulationSettings.sizing == .percentOfEquity(25))
        #expect(study.data.source == .csv)
        #expect(study.data.path == "data/")
        #expect(study.robustness.minConsistency == 50)
    }

    @Test func everyProblemIsReportedAtOnceWithItsLine() throws {
        let text = """
            name: Broken
            symbols: [BTCUSDT]
            timeframe: 7m
            start_date: 2024-01-01
            end_date: 2024-06-01
            training_window_days: 60
            testing_window_days: 20
            step_days: 20
            parameter_ranges:
              rsi_perod: [7, 14]
            fee_pct: lots
            """
        let error = try #require(throws: StudyError.self) { try StudyParser.parse(text, path: "broken.yaml") }
        let lines = error.issues.map(\.description)
        #expect(lines.contains { $0.hasPrefix("broken.yaml:3: timeframe: must be one of 1m") })
        #expect(lines.contains { $0.hasPrefix("broken.yaml:10: parameter_ranges.rsi_perod: strategy rsi has no parameter rsi_perod; did you mean rsi_period?") })
        #expect(lines.contains { $0 == "broken.yaml:11: fee_pct: must be a number, not the text \"lots\"" })
        #expect(error.issues.count == 3)
    }
}
