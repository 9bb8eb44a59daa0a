import MarketData

/// One walk-forward window: a training period (in-sample) and the testing period
/// (out-of-sample) that follows it. Every period is half-open, `[start, end)`, in UTC
/// epoch milliseconds.
public struct Window: Sendable, Hashable {
    /// 0-based position in the plan.
    public var index: Int
    public var trainingStart: Int64
    public var trainingEnd: Int64
    public var testingStart: Int64
    public var testingEnd: Int64

    public init(index: Int, trainingStart: Int64, trainingEnd: Int64, testingStart: Int64, testingEnd: Int64) {
        self.index = index
        self.trainingStart = trainingStart
        self.trainingEnd = trainingEnd
        self.testingStart = testingStart
        self.testingEnd = testingEnd
    }

    /// Calendar days of the training period (grows window by window when anchored).
    public var trainingDays: Double { Double(trainingEnd - trainingStart) / Double(UTCTime.millisecondsPerDay) }
    public var testingDays: Double { Double(testingEnd - testingStart) / Double(UTCTime.millisecondsPerDay) }
}

/// How windows are laid out (SPEC section 3).
public struct WindowLayout: Sendable, Hashable {
    public enum Mode: String, Sendable, CaseIterable { case rolling, anchored }

    public var start: Int64
    public var end: Int64
    public var trainingDays: Int
    public var testingDays: Int
    public var stepDays: Int
    public var gapDays: Int
    public var mode: Mode
    /// Boundaries that fall inside a session move to its close (``TradingCalendar/boundary(_:)``),
    /// so no trading day is split between two periods; on `24/7` nothing moves.
    public var calendar: TradingCalendar

    public init(start: Int64, end: Int64, trainingDays: Int, testingDays: Int, stepDays: Int, gapDays: Int = 0, mode: Mode = .rolling,
                calendar: TradingCalendar = .alwaysOpen) {
        self.start = start
        self.end = end
        self.trainingDays = trainingDays
        self.testingDays = testingDays
        self.stepDays = stepDays
        self.gapDays = gapDays
        self.mode = mode
        self.calendar = calendar
    }

    /// The windows, in time order.
    ///
    /// Window `k`: rolling trains on `[s + k·step, s + k·step + train)`, anchored on
    /// `[s, s + k·step + train)`; testing starts `gap` days after the training end and lasts
    /// `test` days. Windows are generated while the testing end is `<= end`; a partial last
    /// window is not generated. With a calendar other than `24/7`, each boundary inside a
    /// session moves to that session's close.
    ///
    /// - Throws: ``WindowLayoutError/noWindowFits(_:)`` when not even the first window ends by `end`.
    public func windows() throws(WindowLayoutError) -> [Window] {
        precondition(stepDays >= 1 && trainingDays >= 1 && testingDays >= 1 && gapDays >= 0, "window lengths are validated by the study parser")
        let day = UTCTime.millisecondsPerDay
        var windows: [Window] = []
        var k: Int64 = 0
        while true {
            let shift = k * Int64(stepDays) * day
            let nominalTrainingEnd = start + shift + Int64(trainingDays) * day
            let nominalTestingStart = nominalTrainingEnd + Int64(gapDays) * day
            let trainingStart = calendar.boundary(mode == .rolling ? start + shift : start)
            let trainingEnd = calendar.boundary(nominalTrainingEnd)
            let testingStart = calendar.boundary(nominalTestingStart)
            let testingEnd = calendar.boundary(nominalTestingStart + Int64(testingDays) * day)
            guard testingEnd <= calendar.boundary(end) else { break }
            windows.append(Window(index: windows.count, trainingStart: trainingStart, trainingEnd: trainingEnd,
                                  testingStart: testingStart, testingEnd: testingEnd))
            k += 1
        }
        guard !windows.isEmpty else {
            let needed = trainingDays + gapDays + testingDays
            let available = Double(end - start) / Double(day)
            throw .noWindowFits("one window needs \(needed) days (training \(trainingDays) + gap \(gapDays) + testing \(testingDays)) "
                + "but start_date to end_date spans \(String(format: "%.2f", available)) days; move the dates apart or shorten the windows")
        }
        return windows
    }
}

public enum WindowLayoutError: Error, Sendable, Equatable, CustomStringConvertible {
    case noWindowFits(String)

    public var description: String {
        switch self {
        case let .noWindowFits(message): message
        }
    }
}
