/// When a market trades: its sessions, as local times of a time zone, with its holidays and
/// early closes. Candles are UTC; sessions are local, so daylight saving moves their UTC hours.
///
/// A session belongs to a local date `D` (a trading day): it closes at `D close` and opens at
/// `D open`, or at `open` of the day before when `open >= close` (an FX day runs from 17:00 New
/// York the evening before to 17:00). `D` trades when its weekday is a trading weekday and it is
/// not a holiday; an early close replaces `close` on its day.
///
/// - ``alwaysOpen`` (`24/7`): every UTC day is one session, 00:00 to 24:00 — crypto markets, and
///   everything `wfo` did before calendars.
/// - `weekdays`: FX style, Sunday 17:00 to Friday 17:00 New York time by default.
/// - `XNYS`, `XNAS`: 09:30–16:00 America/New_York with the exchanges' holidays and 13:00
///   early closes from 2000 through 2035 (``ExchangeCalendarTables``).
/// - custom: any time zone, hours, weekdays and holidays.
///
/// Expected candles follow the sessions (``expectedOpenTimes(timeframe:from:to:)``): intraday
/// candles open at the session's open and every interval after it while before the close (the
/// last may be short: 15:30–16:00 for 1h on XNYS); a daily candle is one per session, stamped
/// at its open.
public struct TradingCalendar: Sendable, Hashable, CustomStringConvertible {
    /// `24/7`, `weekdays`, `XNYS`, `XNAS` or `custom`.
    public let name: String
    public let timeZone: UTCOffsets
    /// Minutes after local midnight.
    public let open: Int
    /// Minutes after local midnight (1440 is the next midnight); at or before ``open``, the
    /// session opens the local day before.
    public let close: Int
    /// The weekdays on which a session closes, 1 = Monday ... 7 = Sunday (ISO 8601).
    public let weekdays: Set<Int>
    /// Closed local days (days since 1970-01-01) with their names.
    public let holidays: [Int64: String]
    /// Local days that close early, with their close in minutes after midnight.
    public let earlyCloses: [Int64: Int]
    /// The years the holidays are known for (the exchange tables': 2000 through 2035); nil
    /// when the calendar has no holidays or they were listed by hand.
    public let holidayYears: ClosedRange<Int>?

    public init(name: String, timeZone: UTCOffsets, open: Int, close: Int, weekdays: Set<Int>,
                holidays: [Int64: String] = [:], earlyCloses: [Int64: Int] = [:], holidayYears: ClosedRange<Int>? = nil) {
        precondition((0..<1_440).contains(open) && (1...1_440).contains(close), "session times are minutes of a day")
        precondition(!weekdays.isEmpty && weekdays.isSubset(of: 1...7), "weekdays are 1 (Monday) to 7 (Sunday)")
        self.name = name
        self.timeZone = timeZone
        self.open = open
        self.close = close
        self.weekdays = weekdays
        self.holidays = holidays
        self.earlyCloses = earlyCloses
        self.holidayYears = holidayYears
    }

    /// `24/7`: every UTC day is one session from 00:00 to 24:00.
    public static let alwaysOpen = TradingCalendar(name: "24/7", timeZone: .utc, open: 0, close: 1_440, weekdays: Set(1...7))

    /// Whether every candle of every day is expected (no session ever closes).
    public var isAlwaysOpen: Bool {
        open == 0 && close == 1_440 && weekdays.count == 7 && holidays.isEmpty && earlyCloses.isEmpty && timeZone.identifier == "UTC"
    }

    public var description: String { name }

    /// The weekday of a day count since 1970-01-01 (a Thursday): 1 = Monday ... 7 = Sunday.
    public static func weekday(ofDay day: Int64) -> Int {
        Int(((day % 7) + 7 + 3) % 7) + 1
    }

    /// One trading day's session: `[open, close)` in UTC epoch milliseconds.
    public struct Session: Sendable, Hashable {
        /// The local date the session belongs to (days since 1970-01-01).
        public var day: Int64
        public var open: Int64
        public var close: Int64
    }

    /// The session of local date `day`, or nil when the market is closed that day.
    public func session(onDay day: Int64) -> Session? {
        guard weekdays.contains(Self.weekday(ofDay: day)), holidays[day] == nil else { return nil }
        let closeMinutes = earlyCloses[day] ?? close
        let openDay = open >= close ? day - 1 : day
        let openTime = timeZone.utc(fromLocal: openDay * UTCTime.millisecondsPerDay + Int64(open) * 60_000)
        let closeTime = timeZone.utc(fromLocal: day * UTCTime.millisecondsPerDay + Int64(closeMinutes) * 60_000)
        guard closeTime > openTime else { return nil }
        return Session(day: day, open: openTime, close: closeTime)
    }

    /// The session whose `[open, close)` holds the instant `time`, or nil between sessions.
    public func session(containing time: Int64) -> Session? {
        let day = timeZone.localDay(of: time)
        for candidate in [day, day + 1] {
            if let session = session(onDay: candidate), session.open <= time, time < session.close { return session }
        }
        return nil
    }

    /// The first session that opens at or after `time` (looking up to ten years ahead).
    public func firstSession(openingAtOrAfter time: Int64) -> Session? {
        var day = timeZone.localDay(of: time)
        for _ in 0..<3_700 {
            if let session = session(onDay: day), session.open >= time { return session }
            day += 1
        }
        return nil
    }

    /// The last session that closes at or before `time` (looking up to ten years back).
    public func lastSession(closingAtOrBefore time: Int64) -> Session? {
        var day = timeZone.localDay(of: time) + 1
        for _ in 0..<3_700 {
            if let session = session(onDay: day), session.close <= time { return session }
            day -= 1
        }
        return nil
    }

    /// The sessions that overlap `[from, to)`, in time order.
    public func sessions(overlapping from: Int64, _ to: Int64) -> [Session] {
        guard to > from else { return [] }
        var result: [Session] = []
        var day = timeZone.localDay(of: from)
        let lastDay = timeZone.localDay(of: to) + 1
        while day <= lastDay {
            if let session = session(onDay: day), session.close > from, session.open < to { result.append(session) }
            day += 1
        }
        return result
    }

    /// Trading days per year, for annualising daily ratios: 365 for `24/7`; otherwise the mean
    /// number of sessions a year over ``holidayYears`` (XNYS: 251.4 over 2000–2035), or over the
    /// 28 years 2000–2027 (a whole cycle of weekdays and leap years: 260.9 for Monday to Friday)
    /// when the holidays are not tied to years.
    public var tradingDaysPerYear: Double {
        if isAlwaysOpen { return 365 }
        let years = holidayYears ?? Self.yearsCoveredByHolidays(holidays) ?? 2000...2027
        let first = UTCTime.daysFromCivil(year: years.lowerBound, month: 1, day: 1)
        let end = UTCTime.daysFromCivil(year: years.upperBound + 1, month: 1, day: 1)
        var sessions = 0
        for day in first..<end where weekdays.contains(Self.weekday(ofDay: day)) && holidays[day] == nil { sessions += 1 }
        return Double(sessions) / Double(years.count)
    }

    /// The whole years from the first listed holiday's to the last's.
    static func yearsCoveredByHolidays(_ holidays: [Int64: String]) -> ClosedRange<Int>? {
        guard let first = holidays.keys.min(), let last = holidays.keys.max() else { return nil }
        return UTCTime.civil(fromDays: first).year...UTCTime.civil(fromDays: last).year
    }
}
