@testable import Backtesting
import MarketData
import Testing

/// Trailing stops and time exits (issue 19), worked by hand on candles written out row by row
/// (open, high, low, close), 5 minutes apart. Entries are decided at candle 0 and fill at
/// candle 1's open (100), fixed quote 1,000, no fees.
@Suite struct PositionExitTests {
    func run(_ rows: [(Double, Double, Double, Double)], exits: PositionExits, stopLossPct: Double? = nil,
             takeProfitPct: Double? = nil, side: Side = .long) throws -> [Trade] {
        let rule = ScriptedRule(decisions: [0: .enter(side)], stopLossPct: stopLossPct, takeProfitPct: takeProfitPct, positionExits: exits)
        return try simulate([candles(rows)], [rule]).1.trades
    }

    @Test func theTrailingLevelUsedInACandleIsTheOneSetAtThePreviousClose() throws {
        // 10 % trail. Best after candle 1: high 104 → level 93.6 for candle 2. Candle 2's high of
        // 120 moves the level only at its close (108), so its low of 94 does not touch 93.6 even
        // though it is below 108: candle 3 (low 107) then exits at 108.
        let rows: [(Double, Double, Double, Double)] = [(100, 100, 100, 100), (100, 104, 99, 103), (103, 120, 94, 110),
                                                        (110, 111, 107, 108), (108, 109, 107, 108)]
        let trades = try run(rows, exits: PositionExits(trailingFraction: 0.1))
        #expect(trades.count == 1)
        #expect(trades[0].exitReason == .trailingStop)
        #expect(trades[0].exitTime == candles(rows).openTimes[3])
        #expect(abs(trades[0].exitPrice - 108) < 1e-9)
        #expect(trades[0].candlesHeld == 3)
    }

    @Test func aGapThroughTheTrailingLevelFillsAtTheOpen() throws {
        // Level 117 after candle 2 (best 130 × 0.9); candle 3 opens at 110, below it.
        let trades = try run([(100, 100, 100, 100), (100, 105, 99, 104), (104, 130, 103, 128), (110, 112, 100, 101)],
                             exits: PositionExits(trailingFraction: 0.1))
        #expect(trades.map(\.exitReason) == [.trailingStop])
        #expect(trades[0].exitPrice == 110)
    }

    @Test func theTrailingStopWaitsForItsActivationThreshold() throws {
        // 5 % trail once 10 % up. Best 106 after candle 1 (6 % up: not active), so candle 2's low
        // of 100.5 is no exit; best 112 after candle 2 (12 % up) sets 106.4 for candle 3.
        let rows: [(Double, Double, Double, Double)] = [(100, 100, 100, 100), (100, 106, 99, 105), (105, 112, 100.5, 110), (110, 111, 106, 107)]
        let active = try run(rows, exits: PositionExits(trailingFraction: 0.05, activationFraction: 0.10))
        #expect(active.map(\.exitReason) == [.trailingStop])
        #expect(abs(active[0].exitPrice - 106.4) < 1e-9 && active[0].candlesHeld == 3)
        // Without the threshold the level after candle 1 (100.7) is hit by candle 2's low.
        let immediate = try run(rows, exits: PositionExits(trailingFraction: 0.05))
        #expect(immediate.map(\.exitReason) == [.trailingStop] && abs(immediate[0].exitPrice - 100.7) < 1e-9 && immediate[0].candlesHeld == 2)
    }

    @Test func aShortTrailsTheLowestLowAndTheTighterOfItAndTheStopLossApplies() throws {
        // Short at 100 with a 20 % stop-loss (120) and a 5 % trail: lowest low 90 after candle 2
        // sets 94.5, tighter than 120: candle 3's high of 95 exits there.
        let trades = try run([(100, 100, 100, 100), (100, 101, 95, 96), (96, 97, 90, 91), (91, 95, 90, 94)],
                             exits: PositionExits(trailingFraction: 0.05), stopLossPct: 20, side: .short)
        #expect(trades.map(\.exitReason) == [.trailingStop])
        #expect(abs(trades[0].exitPrice - 94.5) < 1e-9)
        // A stop-loss tighter than the trail (4 % = 104 against 142.5) is the one reached: stop_loss.
        let tight = try run([(100, 100, 100, 100), (100, 101, 95, 96), (96, 105, 90, 91), (91, 95, 90, 94)],
                            exits: PositionExits(trailingFraction: 0.5), stopLossPct: 4, side: .short)
        #expect(tight.map(\.exitReason) == [.stopLoss] && tight[0].exitPrice == 104)
    }

    @Test func theTrailingStopWinsATieWithTheTakeProfitLikeAnyStop() throws {
        // Level 106.2 after candle 2 (best 118); candle 3 reaches both it (low 105) and the 20 %
        // take-profit (high 121 ≥ 120): the stop wins, at 106.2.
        let trades = try run([(100, 100, 100, 100), (100, 105, 99, 104), (104, 118, 103, 117), (118, 121, 105, 110)],
                             exits: PositionExits(trailingFraction: 0.1), takeProfitPct: 20)
        #expect(trades.map(\.exitReason) == [.trailingStop])
        #expect(abs(trades[0].exitPrice - 106.2) < 1e-9)
    }

    @Test func aTimeExitClosesAtTheCloseOfTheNthCandleButATakeProfitInItComesFirst() throws {
        let flat: [(Double, Double, Double, Double)] = [(100, 100, 100, 100), (100, 101, 99, 100), (100, 101, 99, 100.5), (100.5, 101, 99, 100.2), (100, 101, 99, 100)]
        let timed = try run(flat, exits: PositionExits(maxCandlesHeld: 3))
        #expect(timed.map(\.exitReason) == [.timeLimit])
        #expect(timed[0].candlesHeld == 3 && timed[0].exitPrice == 100.2)
        // The third candle reaches the 5 % take-profit: a take-profit, at 105, not a time exit.
        var spiked = flat
        spiked[3] = (100.5, 106, 99, 100.2)
        let profit = try run(spiked, exits: PositionExits(maxCandlesHeld: 3), takeProfitPct: 5)
        #expect(profit.map(\.exitReason) == [.takeProfit] && profit[0].exitPrice == 105 && profit[0].candlesHeld == 3)
    }
}
