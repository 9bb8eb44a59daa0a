@testable import Backtesting
import MarketData
import Testing

/// Hand-checked fills, exits, costs and sizing (SPEC section 5).
@Suite struct SimulatorTests {
    let flat = (100.0, 101.0, 99.0, 100.0)

    @Test func entryFillsAtTheNextOpen() throws {
        let series = candles([flat, flat, (102, 103, 101, 102), (104, 105, 103, 104)])
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [1: .enter(.long)])])
        let trade = try #require(recording.trades.first)
        #expect(trade.entryTime == series.openTimes[2])
        #expect(trade.entryPrice == 102)
        #expect(trade.exitReason == .end)
        #expect(trade.exitPrice == 104) // closed at the last candle's close
        #expect(trade.exitTime == series.openTimes[3])
        #expect(trade.candlesHeld == 2)
        #expect(abs(trade.quantity - 1_000.0 / 102) < 1e-12)
        #expect(abs(trade.profitLoss - 1_000.0 / 102 * 2) < 1e-9)
    }

    @Test func stopLossWinsWhenBothLevelsHitInOneCandle() throws {
        // Entry at 100; SL 2 % = 98, TP 4 % = 104; candle 2 touches both.
        let series = candles([flat, flat, (100, 105, 97, 101), flat])
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long)], stopLossPct: 2, takeProfitPct: 4)])
        let trade = try #require(recording.trades.first)
        #expect(recording.trades.count == 1)
        #expect(trade.entryTime == series.openTimes[1])
        #expect(trade.exitReason == .stopLoss)
        #expect(trade.exitPrice == 98)
        #expect(trade.exitTime == series.openTimes[2])
    }

    @Test func stopLossIsLiveOnTheEntryCandle() throws {
        let series = candles([flat, (100, 100.5, 97, 99), flat])
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long)], stopLossPct: 2)])
        let trade = try #require(recording.trades.first)
        #expect(trade.exitReason == .stopLoss)
        #expect(trade.exitTime == series.openTimes[1])
        #expect(trade.candlesHeld == 1)
    }

    @Test func gapThroughTheStopFillsAtTheOpen() throws {
        // Long from 100 with SL 98; candle 3 opens at 95, below the stop.
        let series = candles([flat, flat, flat, (95, 96, 94, 95), flat])
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long)], stopLossPct: 2)])
        let trade = try #require(recording.trades.first)
        #expect(trade.exitReason == .stopLoss)
        #expect(trade.exitPrice == 95)
    }

    @Test func gapThroughTheTakeProfitFillsAtTheOpen() throws {
        let series = candles([flat, flat, (110, 111, 109, 110), flat])
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long)], takeProfitPct: 4)])
        let trade = try #require(recording.trades.first)
        #expect(trade.exitReason == .takeProfit)
        #expect(trade.exitPrice == 110)
    }

    @Test func shortStopAndTakeProfitMirrorTheLong() throws {
        // Short from 100: SL 102, TP 96. Candle 2 reaches 103 and 95: the stop wins at 102.
        let both = candles([flat, flat, (100, 103, 95, 100), flat])
        let (_, stopped) = try simulate([both], [ScriptedRule(decisions: [0: .enter(.short)], stopLossPct: 2, takeProfitPct: 4)])
        #expect(stopped.trades.first?.exitReason == .stopLoss)
        #expect(stopped.trades.first?.exitPrice == 102)
        #expect(abs(stopped.trades[0].profitLoss - (-10 * 2)) < 1e-9)

        let gapDown = candles([flat, flat, (94, 95, 93, 94), flat])
        let (_, took) = try simulate([gapDown], [ScriptedRule(decisions: [0: .enter(.short)], stopLossPct: 2, takeProfitPct: 4)])
        #expect(took.trades.first?.exitReason == .takeProfit)
        #expect(took.trades.first?.exitPrice == 94)
        #expect(abs(took.trades[0].profitLoss - 10 * 6) < 1e-9)
    }

    @Test func shortProfitsWhenThePriceFalls() throws {
        let series = candles([flat, flat, (90, 91, 89, 90), (80, 81, 79, 80)])
        let (summary, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.short)])])
        let trade = try #require(recording.trades.first)
        #expect(trade.side == .short)
        #expect(trade.entryPrice == 100)
        #expect(trade.exitPrice == 80)
        #expect(abs(trade.profitLoss - 10 * 20) < 1e-9) // quantity 10
        #expect(abs(summary.finalEquity - 10_200) < 1e-9)
        // Marked to market at each close: 10 000 before entry, then 10 000, 10 100, 10 200.
        #expect(recording.equityValues.map { ($0 * 1e6).rounded() / 1e6 } == [10_000, 10_000, 10_100, 10_200])
    }

    @Test func signalOnTheLastCandleOpensNothing() throws {
        let series = candles([flat, flat, flat])
        let (summary, recording) = try simulate([series], [ScriptedRule(decisions: [2: .enter(.long)])])
        #expect(recording.trades.isEmpty)
        #expect(summary.totalTrades == 0)
        #expect(summary.finalEquity == 10_000)
    }

    @Test func signalBeforeTheRangeDoesNotFillInsideIt() throws {
        let series = candles([flat, flat, flat, flat])
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long)])], range: 1..<4)
        #expect(recording.trades.isEmpty)
    }

    @Test func exitSignalFillsAtTheNextOpen() throws {
        let series = candles([flat, flat, (103, 104, 102, 103), (106, 107, 105, 106), (110, 111, 109, 110)])
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long), 2: .exit])])
        let trade = try #require(recording.trades.first)
        #expect(trade.exitReason == .signal)
        #expect(trade.exitPrice == 106)
        #expect(trade.exitTime == series.openTimes[3])
        #expect(recording.trades.count == 1)
    }

    @Test func entrySignalWhileHoldingIsIgnoredAndExitWhileFlatToo() throws {
        let series = candles([flat, flat, flat, flat, flat])
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .exit, 1: .enter(.long), 2: .enter(.short)])])
        #expect(recording.trades.count == 1)
        #expect(recording.trades[0].side == .long)
        #expect(recording.trades[0].exitReason == .end)
    }

    @Test func feesAndSlippageApplyOnBothSides() throws {
        // Fee 0.1 %, slippage 0.5 %: long entry at 100 fills at 100.5, exit at close 110 fills at 109.45.
        let series = candles([flat, flat, (110, 111, 109, 110)])
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_005), feePct: 0.1, slippagePct: 0.5)
        let (summary, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long)])], settings: settings)
        let trade = try #require(recording.trades.first)
        #expect(abs(trade.entryPrice - 100.5) < 1e-12)
        #expect(abs(trade.exitPrice - 109.45) < 1e-12)
        let quantity = 1_005 / 100.5 // 10
        let entryFee = 1_005 * 0.001
        let exitFee = quantity * 109.45 * 0.001
        #expect(abs(trade.fees - (entryFee + exitFee)) < 1e-9)
        #expect(abs(trade.profitLoss - (quantity * (109.45 - 100.5) - entryFee - exitFee)) < 1e-9)
        #expect(abs(summary.finalEquity - (10_000 + trade.profitLoss)) < 1e-9)
    }

    @Test func shortSlippageMovesBothFillsAgainstTheTrader() throws {
        let series = candles([flat, flat, (90, 91, 89, 90)])
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .fixedQuote(1_000), feePct: 0, slippagePct: 1)
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.short)])], settings: settings)
        let trade = try #require(recording.trades.first)
        #expect(abs(trade.entryPrice - 99) < 1e-12) // sold 1 % lower
        #expect(abs(trade.exitPrice - 90.9) < 1e-12) // bought back 1 % higher
    }

    @Test func percentSizingUsesEquityAndHundredPercentGoesAllIn() throws {
        let series = candles([flat, flat, (120, 121, 119, 120), flat, (120, 121, 119, 120), (132, 133, 131, 132)])
        let settings = SimulationSettings(initialCapital: 10_000, sizing: .percentOfEquity(100), feePct: 0.1, slippagePct: 0)
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long), 1: .exit, 3: .enter(.long)])],
                                          settings: settings)
        #expect(recording.trades.count == 2)
        // All in with the fee paid from cash: notional = cash / 1.001.
        let firstNotional = 10_000 / 1.001
        #expect(abs(recording.trades[0].quantity * 100 - firstNotional) < 1e-6)
        let cashAfterFirst = 10_000 + recording.trades[0].profitLoss
        #expect(abs(recording.trades[1].quantity * 120 - cashAfterFirst / 1.001) < 1e-6)
    }

    @Test func fixedSizingBuysTheQuoteAmount() throws {
        let series = candles([flat, (200, 201, 199, 200), flat])
        let (_, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long)])])
        #expect(recording.trades.first?.quantity == 5) // 1 000 / 200
    }

    @Test func insufficientCashSkipsTheTrade() throws {
        let series = candles([flat, flat, flat])
        let settings = SimulationSettings(initialCapital: 1_000, sizing: .fixedQuote(1_000), feePct: 0.1, slippagePct: 0)
        let (summary, recording) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long)])], settings: settings)
        #expect(recording.trades.isEmpty) // 1 000 + 1 fee > 1 000 cash
        #expect(summary.finalEquity == 1_000)
    }

    @Test func severalSymbolsShareOneCapital() throws {
        let a = candles([flat, flat, (110, 111, 109, 110)], symbol: "AAA")
        let b = candles([flat, flat, (90, 91, 89, 90)], symbol: "BBB")
        let settings = SimulationSettings(initialCapital: 1_500, sizing: .fixedQuote(1_000), feePct: 0, slippagePct: 0)
        let (summary, recording) = try simulate([a, b], [ScriptedRule(decisions: [0: .enter(.long)]), ScriptedRule(decisions: [0: .enter(.long)])],
                                                settings: settings)
        // The first symbol takes 1 000 of the 1 500; the second cannot afford its entry.
        #expect(recording.trades.map(\.symbol) == ["AAA"])
        #expect(abs(summary.finalEquity - 1_600) < 1e-9)

        let rich = SimulationSettings(initialCapital: 5_000, sizing: .fixedQuote(1_000), feePct: 0, slippagePct: 0)
        let (both, bothRecording) = try simulate([a, b], [ScriptedRule(decisions: [0: .enter(.long)]), ScriptedRule(decisions: [0: .enter(.long)])],
                                                 settings: rich)
        #expect(bothRecording.trades.map(\.symbol) == ["AAA", "BBB"])
        #expect(abs(both.finalEquity - 5_000) < 1e-9) // +100 and −100
    }

    @Test func misalignedSymbolsAreRejected() throws {
        let a = candles([flat, flat, flat], symbol: "AAA")
        let b = candles([flat, flat], symbol: "BBB")
        #expect(throws: BacktestError.self) { try Market([SeriesContext(series: a), SeriesContext(series: b)]) }
    }

    @Test func exposureCountsCandlesWithAPositionOpen() throws {
        let series = candles([flat, flat, flat, flat])
        let (summary, _) = try simulate([series], [ScriptedRule(decisions: [0: .enter(.long)])])
        #expect(summary.exposure == 75) // candles 1, 2, 3 of 4
    }
}
