import MarketData

/// Ticks for a time axis in UTC, at round calendar boundaries.
///
/// The unit follows the span: minutes (under 3 hours), hours (under 2 days), then days,
/// weeks (Mondays; under 90 days), months (the 1st), quarters (Jan/Apr/Jul/Oct 1st),
/// years (Jan 1st).
/// Within the allowed units the finest step with at most `maxCount` ticks inside
/// `from … to` wins; steps are 1, 2, 5, 10, 15, 30 minutes; 1, 2, 3, 6, 12 hours; 1, 2 days;
/// 1, 2 weeks; 1, 2 months; 1, 2 quarters; 1, 2, 5 × 10^k years.
///
/// Labels are short and say the larger unit only where it changes, or on the first tick:
/// `Mar 5 14:00`, `16:00` · `Jan 29, 2024`, `Feb 5` · `Nov 2023`, `Dec`, `Jan 2024` · `2024`.
///
/// ```swift
/// let axis = DateAxis.ticks(from: UTCTime.milliseconds(year: 2024, month: 1, day: 1),
///                           to: UTCTime.milliseconds(year: 2024, month: 5, day: 1))
/// axis.unit                      // .months
/// axis.ticks.map(\.label)        // ["Jan 2024", "Feb", "Mar", "Apr", "May"]
/// ```
public enum DateAxis {
    /// The calendar unit the ticks are on.
    public enum Unit: String, Sendable, CaseIterable {
        case minutes, hours, days, weeks, months, quarters, years
    }

    /// One tick: where (epoch milliseconds, UTC) and what it says.
    public struct Tick: Sendable, Equatable {
        /// Epoch milliseconds (UTC) of the boundary.
        public let time: Int64
        /// The text under the tick, e.g. `Jan 2024`, `Feb`, `Mar 5`, `14:00`.
        public let label: String
    }

    /// The chosen ticks: `step` × `unit` apart, all inside the requested span.
    public struct Ticks: Sendable, Equatable {
        /// The calendar unit chosen for the span.
        public let unit: Unit
        /// How many units between ticks (a 2-week step is `.weeks` with step 2).
        public let step: Int
        /// The ticks in time order, all within the requested span (at most `maxCount`).
        public let ticks: [Tick]
    }

    private static let minute: Int64 = 60_000
    private static let hour: Int64 = 3_600_000
    private static let day = UTCTime.millisecondsPerDay

    /// ``ticks(from:to:maxCount:)`` with the span's start labelled too (`Mar 15, 2024`) when
    /// the first round tick falls more than half a step after it, so a chart says where its
    /// data begins; the start then takes one of the `maxCount` places (the round ticks are
    /// chosen again for one place fewer when they filled them all). A chart drops the start's
    /// label where it would touch the next one (``ChartFrame/drawXLabels(into:plot:ticks:canvasWidth:gridLines:)``).
    public static func ticksLabellingStart(from: Int64, to: Int64, maxCount: Int = 8) -> Ticks {
        let start = TimeText.clamped(Swift.min(from, to))
        func startsLate(_ axis: Ticks) -> Bool {
            guard axis.ticks.count >= 2 else { return false }
            return Double(axis.ticks[0].time - start) > 0.5 * Double(axis.ticks[1].time - axis.ticks[0].time)
        }
        var axis = ticks(from: from, to: to, maxCount: maxCount)
        guard startsLate(axis) else { return axis }
        if axis.ticks.count >= Swift.max(2, maxCount) {
            axis = ticks(from: from, to: to, maxCount: Swift.max(2, maxCount - 1))
            guard startsLate(axis) else { return axis }
        }
        let p = TimeText.parts(start)
        let day = TimeText.monthNames[p.month - 1] + " " + String(p.day) + ", " + String(p.year)
        let startLabel = [.minutes, .hours].contains(axis.unit) ? day + " " + TimeText.twoDigits(p.hour) + ":" + TimeText.twoDigits(p.minute) : day
        // The round ticks keep their labels (the first still says its year): a chart may leave
        // the start's label out where it is crowded, and the axis must still say the year.
        return Ticks(unit: axis.unit, step: axis.step, ticks: [Tick(time: start, label: startLabel)] + axis.ticks)
    }

    /// Ticks for the span `from … to` (epoch milliseconds; swapped if reversed).
    ///
    /// - Parameter maxCount: the most ticks to place (default 8, so labels do not collide
    ///   on a 700-pixel axis).
    public static func ticks(from: Int64, to: Int64, maxCount: Int = 8) -> Ticks {
        let start = TimeText.clamped(Swift.min(from, to)), end = TimeText.clamped(Swift.max(from, to))
        let span = end - start
        let maxCount = Swift.max(2, maxCount)
        var candidates: [(Unit, Int)] = []
        if span < 3 * hour { candidates += [1, 2, 5, 10, 15, 30].map { (.minutes, $0) } }
        if span < 2 * day { candidates += [1, 2, 3, 6, 12].map { (.hours, $0) } }
        candidates += [(.days, 1), (.days, 2)]
        if span < 90 * day { candidates += [(.weeks, 1), (.weeks, 2)] }
        candidates += [(.months, 1), (.months, 2), (.quarters, 1), (.quarters, 2)]
        var years = 1
        while years <= 1_000_000 {
            candidates += [(.years, years), (.years, years * 2), (.years, years * 5)]
            years *= 10
        }
        for (unit, step) in candidates {
            // Cheap estimate first, so a long span never enumerates minute ticks.
            guard span / approximateLength(unit, step) <= Int64(maxCount) + 1 else { continue }
            let times = tickTimes(unit: unit, step: step, from: start, to: end, limit: maxCount + 1)
            if times.count <= maxCount {
                return Ticks(unit: unit, step: step, ticks: label(times, unit: unit))
            }
        }
        return Ticks(unit: .years, step: 1_000_000, ticks: [])
    }

    private static func approximateLength(_ unit: Unit, _ step: Int) -> Int64 {
        let base: Int64 = switch unit {
        case .minutes: minute
        case .hours: hour
        case .days: day
        case .weeks: 7 * day
        case .months: 28 * day
        case .quarters: 89 * day
        case .years: 365 * day
        }
        return base * Int64(step)
    }

    /// Tick times in `from … to`, stopping after `limit` of them.
    private static func tickTimes(unit: Unit, step: Int, from: Int64, to: Int64, limit: Int) -> [Int64] {
        var times: [Int64] = []
        switch unit {
        case .minutes, .hours, .days, .weeks:
            let length: Int64 = switch unit {
            case .minutes: minute * Int64(step)
            case .hours: hour * Int64(step)
            case .days: day * Int64(step)
            default: 7 * day * Int64(step)
            }
            // Weeks start on Mondays: 1970-01-05 (day 4) was one.
            let origin: Int64 = unit == .weeks ? 4 * day : 0
            var time = origin + ceilingDivide(from - origin, by: length) * length
            while time <= to, times.count < limit {
                times.append(time)
                time += length
            }
        case .months, .quarters, .years:
            let monthsPerStep = unit == .months ? step : unit == .quarters ? 3 * step : 12 * step
            let first = TimeText.parts(from)
            // Months counted from year 0, so alignment works across years.
            var index = first.year * 12 + (first.month - 1)
            if UTCTime.milliseconds(year: first.year, month: first.month, day: 1) < from { index += 1 }
            let remainder = ((index % monthsPerStep) + monthsPerStep) % monthsPerStep
            if remainder != 0 { index += monthsPerStep - remainder }
            while times.count < limit {
                let year = index >= 0 ? index / 12 : (index - 11) / 12
                let time = UTCTime.milliseconds(year: year, month: index - year * 12 + 1, day: 1)
                if time > to { break }
                times.append(time)
                index += monthsPerStep
            }
        }
        return times
    }

    private static func ceilingDivide(_ value: Int64, by divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor > 0 ? quotient + 1 : quotient
    }

    private static func label(_ times: [Int64], unit: Unit) -> [Tick] {
        var ticks: [Tick] = []
        ticks.reserveCapacity(times.count)
        var previous: TimeText.Parts?
        for time in times {
            let p = TimeText.parts(time)
            let month = TimeText.monthNames[p.month - 1]
            let text: String
            switch unit {
            case .minutes, .hours:
                let clock = TimeText.twoDigits(p.hour) + ":" + TimeText.twoDigits(p.minute)
                let newDay = previous.map { $0.day != p.day || $0.month != p.month || $0.year != p.year } ?? true
                text = newDay ? month + " " + String(p.day) + " " + clock : clock
            case .days, .weeks:
                let newYear = previous.map { $0.year != p.year } ?? true
                text = month + " " + String(p.day) + (newYear ? ", " + String(p.year) : "")
            case .months, .quarters:
                let newYear = previous.map { $0.year != p.year } ?? true
                text = newYear ? month + " " + String(p.year) : month
            case .years:
                text = String(p.year)
            }
            ticks.append(Tick(time: time, label: text))
            previous = p
        }
        return ticks
    }
}
