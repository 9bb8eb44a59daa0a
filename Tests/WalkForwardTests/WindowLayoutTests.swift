import MarketData
import Testing
@testable import WalkForward

@Suite struct WindowLayoutTests {
    /// The study file's example: 2024-01-01T00:00Z to 2024-12-31T23:59:59Z, 90/30/30.
    static let example = WindowLayout(
        start: utc(2024, 1, 1), end: UTCTime.milliseconds(year: 2024, month: 12, day: 31, hour: 23, minute: 59, second: 59),
        trainingDays: 90, testingDays: 30, stepDays: 30)

    @Test func originalExampleGivesNineWindows() throws {
        #expect(try Self.example.windows().count == 9)
    }

    /// Hand-computed (2024 is a leap year): each window shifts 30 days; testing ends at most 2024-12-26.
    @Test func originalExamplePinsEveryWindowsBounds() throws {
        let expected: [(Int64, Int64, Int64, Int64)] = [
            (utc(2024, 1, 1), utc(2024, 3, 31), utc(2024, 3, 31), utc(2024, 4, 30)),
            (utc(2024, 1, 31), utc(2024, 4, 30), utc(2024, 4, 30), utc(2024, 5, 30)),
            (utc(2024, 3, 1), utc(2024, 5, 30), utc(2024, 5, 30), utc(2024, 6, 29)),
            (utc(2024, 3, 31), utc(2024, 6, 29), utc(2024, 6, 29), utc(2024, 7, 29)),
            (utc(2024, 4, 30), utc(2024, 7, 29), utc(2024, 7, 29), utc(2024, 8, 28)),
            (utc(2024, 5, 30), utc(2024, 8, 28), utc(2024, 8, 28), utc(2024, 9, 27)),
            (utc(2024, 6, 29), utc(2024, 9, 27), utc(2024, 9, 27), utc(2024, 10, 27)),
            (utc(2024, 7, 29), utc(2024, 10, 27), utc(2024, 10, 27), utc(2024, 11, 26)),
            (utc(2024, 8, 28), utc(2024, 11, 26), utc(2024, 11, 26), utc(2024, 12, 26)),
        ]
        let windows = try Self.example.windows()
        try #require(windows.count == expected.count)
        for (window, bounds) in zip(windows, expected) {
            #expect(window == Window(index: window.index, trainingStart: bounds.0, trainingEnd: bounds.1,
                                     testingStart: bounds.2, testingEnd: bounds.3))
        }
        #expect(windows.map(\.index) == Array(0..<9))
        #expect(windows.allSatisfy { $0.trainingDays == 90 && $0.testingDays == 30 })
    }

    @Test func anchoredKeepsTheTrainingStartAndGrowsTheTrainingPeriod() throws {
        var layout = Self.example
        layout.mode = .anchored
        let windows = try layout.windows()
        let rolling = try Self.example.windows()
        #expect(windows.count == rolling.count)
        for (k, window) in windows.enumerated() {
            #expect(window.trainingStart == utc(2024, 1, 1))
            #expect(window.trainingDays == Double(90 + 30 * k))
            #expect(window.trainingEnd == rolling[k].trainingEnd)
            #expect(window.testingStart == rolling[k].testingStart)
            #expect(window.testingEnd == rolling[k].testingEnd)
        }
    }

    @Test func gapDaysPutTestingAfterTheEmbargo() throws {
        var layout = Self.example
        layout.gapDays = 2
        let windows = try layout.windows()
        #expect(windows.first == Window(index: 0, trainingStart: utc(2024, 1, 1), trainingEnd: utc(2024, 3, 31),
                                        testingStart: utc(2024, 4, 2), testingEnd: utc(2024, 5, 2)))
        for window in windows {
            #expect(window.testingStart == window.trainingEnd + 2 * day)
            #expect(window.testingDays == 30)
            #expect(window.testingEnd <= layout.end)
        }
        // Testing of window 8 would end 2024-12-28 and still fits.
        #expect(windows.count == 9)
        #expect(windows.last?.testingEnd == utc(2024, 12, 28))
    }

    @Test(arguments: [WindowLayout.Mode.rolling, .anchored], [0, 1, 3])
    func noCandleIsInBothTheTrainingAndTestingPeriodOfAWindow(mode: WindowLayout.Mode, gapDays: Int) throws {
        let series = SyntheticMarket(seed: 2).candles(symbol: "BTCUSDT", timeframe: .fourHours,
                                                      from: utc(2024, 1, 1), to: utc(2025, 1, 1))
        var layout = Self.example
        layout.mode = mode
        layout.gapDays = gapDays
        for window in try layout.windows() {
            #expect(window.trainingEnd <= window.testingStart)
            let training = series.indexRange(fromTime: window.trainingStart, toTime: window.trainingEnd)
            let testing = series.indexRange(fromTime: window.testingStart, toTime: window.testingEnd)
            #expect(!training.isEmpty && !testing.isEmpty)
            #expect(!training.overlaps(testing))
            // Back to back when there is no gap: the candle opening at the training end is the first tested.
            if gapDays == 0 { #expect(training.upperBound == testing.lowerBound) }
        }
    }

    @Test func stepShorterThanTestingGivesOverlappingTestingPeriods() throws {
        var layout = Self.example
        layout.stepDays = 10
        let windows = try layout.windows()
        #expect(windows.count > 9)
        for (previous, next) in zip(windows, windows.dropFirst()) {
            #expect(next.testingStart == previous.testingStart + 10 * day)
            #expect(next.testingStart < previous.testingEnd)
        }
    }

    @Test func windowEndingExactlyAtEndDateIsIncluded() throws {
        let layout = WindowLayout(start: utc(2024, 1, 1), end: utc(2024, 5, 30),
                                  trainingDays: 90, testingDays: 30, stepDays: 30)
        let windows = try layout.windows()
        #expect(windows.count == 2)
        #expect(windows.last?.testingEnd == utc(2024, 5, 30))
    }

    @Test func partialLastWindowIsNotGenerated() throws {
        let layout = WindowLayout(start: utc(2024, 1, 1), end: utc(2024, 5, 30) - 1,
                                  trainingDays: 90, testingDays: 30, stepDays: 30)
        let windows = try layout.windows()
        #expect(windows.count == 1)
        #expect(windows.allSatisfy { $0.testingEnd <= layout.end })
    }

    @Test func rangeTooShortForOneWindowThrowsNamingDaysNeededAndAvailable() {
        let layout = WindowLayout(start: utc(2024, 1, 1), end: utc(2024, 3, 1),
                                  trainingDays: 90, testingDays: 30, stepDays: 30, gapDays: 2)
        #expect {
            try layout.windows()
        } throws: { error in
            guard case let .noWindowFits(message) = error as? WindowLayoutError else { return false }
            // 90 + 2 + 30 = 122 days needed; 2024-01-01 to 2024-03-01 spans 60 days.
            return message.contains("122 days") && message.contains("60")
                && message == (error as? WindowLayoutError)?.description
        }
    }

    @Test func rangeOneMillisecondShortOfTheFirstWindowThrows() {
        let layout = WindowLayout(start: utc(2024, 1, 1), end: utc(2024, 4, 30) - 1,
                                  trainingDays: 90, testingDays: 30, stepDays: 30)
        #expect(throws: WindowLayoutError.self) { try layout.windows() }
    }
}
