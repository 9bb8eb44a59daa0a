extension Candle {
    /// Why this candle cannot be used, or nil when it is sound: prices finite and > 0,
    /// `low <= min(open, close)`, `max(open, close) <= high`, volume finite and >= 0.
    public var problem: String? {
        guard open.isFinite, high.isFinite, low.isFinite, close.isFinite else {
            return "a price is not a finite number (open \(open), high \(high), low \(low), close \(close))"
        }
        guard open > 0, high > 0, low > 0, close > 0 else {
            return "prices must be above zero (open \(open), high \(high), low \(low), close \(close))"
        }
        guard low <= high else { return "low \(low) is above high \(high)" }
        guard low <= open, low <= close else { return "low \(low) is above the open or close" }
        guard open <= high, close <= high else { return "high \(high) is below the open or close" }
        guard volume.isFinite, volume >= 0 else { return "volume \(volume) must be a finite number >= 0" }
        guard high <= Self.largestPrice else {
            return "high \(high) is above 1e12, more than any market's price; is the price in the right unit?"
        }
        return nil
    }

    /// No price of a real market reaches this (1e12).
    public static let largestPrice = 1e12

    /// How far one candle's open may be from the previous close before the pair is refused:
    /// ×100 or ÷100 between two neighbouring candles is a price in another unit or a bad tick,
    /// not a market move (exchange prices open where they last closed).
    public static let largestJump = 100.0

    /// Why `next` cannot follow `previous`, or nil: its open is more than ``largestJump``
    /// times above or below the previous close.
    public static func implausibleJump(from previous: Candle, to next: Candle) -> String? {
        let ratio = next.open / previous.close
        guard ratio > largestJump || ratio < 1 / largestJump else { return nil }
        return "the open \(next.open) is \(ratio > 1 ? "\(Int(ratio.rounded()))×" : "1/\(Int((1 / ratio).rounded()))") "
            + "the previous candle's close \(previous.close)"
    }
}

extension CandleSeries {
    /// Checks every rule of a series: each candle sound (see ``Candle/problem``), open
    /// times strictly increasing (no duplicates) and on the timeframe's grid.
    ///
    /// - Throws: ``MarketDataError`` for the first candle that breaks a rule.
    public func validate() throws(MarketDataError) {
        try validate(checkingGrid: true)
    }

    /// ``validate()``, with or without the UTC grid (a calendar checks its own).
    func validate(checkingGrid: Bool) throws(MarketDataError) {
        let step = timeframe.milliseconds
        for index in indices {
            let candle = self[index]
            if let problem = candle.problem {
                throw .invalidCandle(symbol: symbol, index: index, openTime: candle.openTime, reason: problem)
            }
            if checkingGrid, timeframe != .oneWeek, timeframe != .threeDays, candle.openTime % step != 0 {
                throw .offGrid(symbol: symbol, index: index, openTime: candle.openTime, timeframe: timeframe)
            }
            if index > 0, candle.openTime <= openTimes[index - 1] {
                throw .notIncreasing(symbol: symbol, index: index, openTime: candle.openTime,
                                     previousOpenTime: openTimes[index - 1])
            }
            if index > 0, let jump = Candle.implausibleJump(from: self[index - 1], to: candle) {
                throw .invalidCandle(symbol: symbol, index: index, openTime: candle.openTime, reason: jump)
            }
        }
    }

    /// The holes in the series: places where the next candle opens more than one
    /// interval after the previous one.
    public func gaps() -> GapReport {
        let step = timeframe.milliseconds
        var gaps: [GapReport.Gap] = []
        for index in indices.dropFirst() where openTimes[index] - openTimes[index - 1] > step {
            let missing = Int((openTimes[index] - openTimes[index - 1]) / step) - 1
            gaps.append(.init(afterOpenTime: openTimes[index - 1], nextOpenTime: openTimes[index],
                              missingCandles: missing))
        }
        return GapReport(timeframe: timeframe, gaps: gaps)
    }
}

/// The holes in a candle series.
public struct GapReport: Sendable, Equatable {
    /// One hole: the candles strictly between two present candles are missing.
    public struct Gap: Sendable, Equatable {
        public var afterOpenTime: Int64
        public var nextOpenTime: Int64
        public var missingCandles: Int
    }

    public var timeframe: Timeframe
    public var gaps: [Gap]

    public var count: Int { gaps.count }
    public var isEmpty: Bool { gaps.isEmpty }
    public var missingCandles: Int { gaps.reduce(0) { $0 + $1.missingCandles } }
    public var largest: Gap? { gaps.max { $0.missingCandles < $1.missingCandles } }

    /// "no gaps", or the count, the largest and the first few, for people.
    public func summary(firstFew: Int = 3) -> String {
        guard let largest else { return "no gaps" }
        let first = gaps.prefix(firstFew).map(describe).joined(separator: "; ")
        let more = gaps.count > firstFew ? "; ..." : ""
        return "\(gaps.count) gap\(gaps.count == 1 ? "" : "s"), \(missingCandles) missing candles, "
            + "largest \(describe(largest)); first: \(first)\(more)"
    }

    private func describe(_ gap: Gap) -> String {
        "\(gap.missingCandles) after \(UTCTime.format(milliseconds: gap.afterOpenTime))"
    }
}
