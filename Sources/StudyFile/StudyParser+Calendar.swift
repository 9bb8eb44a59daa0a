import Foundation
import Backtesting
import MarketData

extension StudyParser {
    static let calendarKeys = ["name", "timezone", "open", "close", "weekdays", "holidays", "early_closes"]
    static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
}

extension StudyBuilder {
    /// `calendar:` — `24/7`, `weekdays`, `XNYS`, `XNAS`, or a mapping: `{name: weekdays, open: "18:00"}`
    /// changes a named calendar, and without `name:` it is a custom calendar
    /// `{timezone, open, close, weekdays, holidays: [dates] or a file, early_closes: {date: time}}`.
    mutating func calendar(_ entry: Located?, path: String = "calendar") -> TradingCalendar? {
        guard let entry, !entry.isNull else { return nil }
        switch entry.value {
        case let .text(name):
            return namedCalendar(name, line: entry.line, path: path)
        case let .map(pairs):
            let fields = Fields(pairs)
            checkKeys(fields, known: StudyParser.calendarKeys, path: path, line: entry.line)
            var base: TradingCalendar?
            if let nameEntry = fields["name"] {
                guard let name = text(nameEntry, "\(path).name"),
                      let named = namedCalendar(name, line: nameEntry.line, path: "\(path).name") else { return nil }
                base = named
            }
            var timeZone = base?.timeZone
            if let zoneEntry = fields["timezone"], let name = text(zoneEntry, "\(path).timezone") {
                timeZone = self.timeZone(name, line: zoneEntry.line, path: "\(path).timezone")
                if timeZone == nil { return nil }
            }
            let open = fields["open"].flatMap { timeOfDay($0, "\(path).open") } ?? base?.open
            let close = fields["close"].flatMap { timeOfDay($0, "\(path).close") } ?? base?.close
            let weekdays = fields["weekdays"].flatMap { self.weekdays($0, path: "\(path).weekdays") } ?? base?.weekdays
            if base == nil {
                for (key, value) in [("timezone", timeZone as Any?), ("open", open), ("close", close)] where value == nil && fields[key] == nil {
                    report(entry.line, "\(path).\(key)", "is required for a custom calendar (or name one: calendar: {name: weekdays, ...}); "
                        + "e.g. {timezone: Europe/London, open: \"08:00\", close: \"16:30\"}")
                }
            }
            guard let timeZone, let open, let close else { return nil }
            var holidays = base?.holidays ?? [:]
            var added = false
            if let holidaysEntry = fields["holidays"] {
                for (day, name) in self.holidays(holidaysEntry, path: "\(path).holidays") { holidays[day] = name; added = true }
            }
            var earlyCloses = base?.earlyCloses ?? [:]
            if let closesEntry = fields["early_closes"] {
                for (day, minutes) in self.earlyCloses(closesEntry, path: "\(path).early_closes") { earlyCloses[day] = minutes }
            }
            return TradingCalendar(name: base?.name ?? "custom", timeZone: timeZone, open: open, close: close,
                                   weekdays: weekdays ?? Set(1...5), holidays: holidays, earlyCloses: earlyCloses,
                                   holidayYears: added ? nil : base?.holidayYears)
        default:
            report(entry.line, path, "must be one of \(TradingCalendar.names.joined(separator: " | ")) or a mapping "
                + "{timezone, open, close, weekdays, holidays}, not \(entry.value.kindName)")
            return nil
        }
    }

    mutating func namedCalendar(_ name: String, line: Int, path: String) -> TradingCalendar? {
        switch name {
        case "24/7": return .alwaysOpen
        case "weekdays":
            return timeZone(TradingCalendar.exchangeTimeZone, line: line, path: path).map { TradingCalendar.weekdays(timeZone: $0) }
        case "XNYS", "XNAS":
            return timeZone(TradingCalendar.exchangeTimeZone, line: line, path: path).flatMap { TradingCalendar.exchange(name, newYork: $0) }
        default:
            report(line, path, "unknown calendar \(name)" + didYouMean(name, among: TradingCalendar.names)
                + "; choose one of \(TradingCalendar.names.joined(separator: " | ")), or describe one: {timezone, open, close, weekdays, holidays}")
            return nil
        }
    }

    mutating func timeZone(_ name: String, line: Int, path: String) -> UTCOffsets? {
        if let zone = UTCOffsets.named(name) { return zone }
        report(line, path, "unknown time zone \(name); use an IANA name like America/New_York, Europe/London or UTC"
            + " (the IANA time zone database's names)")
        return nil
    }

    /// `"09:30"` (quote it: YAML reads some times as numbers).
    mutating func timeOfDay(_ entry: Located, _ path: String) -> Int? {
        guard let text = text(entry, path), let minutes = TradingCalendar.minutesOfDay(text), minutes < 1_440 || path.hasSuffix("close") else {
            report(entry.line, path, "must be a time of day like \"09:30\" (24-hour, quoted), not \(entry.value.kindName)")
            return nil
        }
        return minutes
    }

    /// `[mon, tue, wed, thu, fri]`.
    mutating func weekdays(_ entry: Located, path: String) -> Set<Int>? {
        guard case let .list(items) = entry.value, !items.isEmpty else {
            report(entry.line, path, "must be a list of days like [mon, tue, wed, thu, fri], not \(entry.value.kindName)")
            return nil
        }
        var days = Set<Int>()
        for (index, item) in items.enumerated() {
            guard case let .text(word) = item.value, let day = StudyParser.weekdayNames.firstIndex(of: String(word.lowercased().prefix(3))) else {
                report(item.line, "\(path)[\(index)]", "must be a day: mon, tue, wed, thu, fri, sat or sun, not \(item.value.kindName)")
                continue
            }
            days.insert(day + 1)
        }
        return days.isEmpty ? nil : days
    }

    /// `[2024-12-25, ...]`, or a file with one date per line (`2024-12-25` and an optional name
    /// after a comma or a space), relative to the study file.
    mutating func holidays(_ entry: Located, path: String) -> [(Int64, String)] {
        var result: [(Int64, String)] = []
        switch entry.value {
        case let .list(items):
            for (index, item) in items.enumerated() {
                guard case let .text(text) = item.value, let time = UTCTime.parse(text), time % UTCTime.millisecondsPerDay == 0 else {
                    report(item.line, "\(path)[\(index)]", "must be a date like 2024-12-25, not \(item.value.kindName)")
                    continue
                }
                result.append((UTCTime.day(ofMilliseconds: time), "holiday"))
            }
        case let .text(filePath):
            let resolved = URL(fileURLWithPath: filePath, relativeTo: URL(fileURLWithPath: (file as NSString).deletingLastPathComponent))
                .standardizedFileURL.path
            let data: Data
            switch StudyParser.fileAccess.read(resolved) {
            case let .success(contents): data = contents
            case let .failure(reason):
                report(entry.line, path, "cannot read the holiday file \(resolved): \(reason)")
                return []
            }
            readFiles.append(resolved)
            for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty || trimmed.hasPrefix("#") || (number == 0 && !trimmed.first!.isNumber) { continue }
                let date = trimmed.prefix { $0 != "," && $0 != " " && $0 != ";" }
                guard let time = UTCTime.parse(date), time % UTCTime.millisecondsPerDay == 0 else {
                    report(entry.line, path, "\(resolved):\(number + 1): the line does not start with a date like 2024-12-25; fix the line")
                    continue
                }
                let name = trimmed.dropFirst(date.count).drop { $0 == "," || $0 == " " || $0 == ";" }
                result.append((UTCTime.day(ofMilliseconds: time), name.isEmpty ? "holiday" : String(name)))
            }
        default:
            report(entry.line, path, "must be a list of dates or the path of a file of dates, not \(entry.value.kindName)")
        }
        return result
    }

    /// `{2024-12-24: "13:00"}`.
    mutating func earlyCloses(_ entry: Located, path: String) -> [(Int64, Int)] {
        guard case let .map(pairs) = entry.value else {
            report(entry.line, path, "must be a mapping of date: \"HH:MM\", not \(entry.value.kindName)")
            return []
        }
        var result: [(Int64, Int)] = []
        for (key, line, value) in pairs {
            guard let time = UTCTime.parse(key), time % UTCTime.millisecondsPerDay == 0 else {
                report(line, "\(path).\(key)", "is not a date like 2024-12-24")
                continue
            }
            if let minutes = timeOfDay(value, "\(path).\(key)") { result.append((UTCTime.day(ofMilliseconds: time), minutes)) }
        }
        return result
    }
}

extension StudyBuilder {
    /// Stock tickers have them (`BRK.B`, `BF-B`); Binance symbols are letters and digits.
    static let symbolPunctuation: Set<Character> = [".", "-", "_"]

    mutating func checkSymbols(_ symbols: [String], source: Study.DataSettings.Source, line: Int?) {
        guard source == .binance else { return }
        for symbol in symbols where symbol.contains(where: { Self.symbolPunctuation.contains($0) }) {
            report(line, "symbols", "\(symbol) is not a Binance symbol (letters and digits, like BTCUSDT); write it as Binance does, or read the candles from csv")
        }
    }

    /// The study's calendar: `calendar:`, or a synthetic market's `data.calendar` (one concept,
    /// two places to say it: a synthetic market trades as its study does), checked against the
    /// timeframe.
    mutating func studyCalendar(_ fields: Fields, timeframe: Timeframe) -> TradingCalendar {
        var dataCalendarEntry: Located?
        if let data = fields["data"], case let .map(pairs) = data.value { dataCalendarEntry = Fields(pairs)["calendar"] }
        let top = calendar(fields["calendar"])
        let data = dataCalendarEntry.flatMap { calendar($0, path: "data.calendar") }
        if let top, let data, top != data, let line = dataCalendarEntry?.line {
            report(line, "data.calendar", "is \(data.name) but calendar: is \(top.name); say it once (the synthetic market trades as the study's calendar)")
        }
        let chosen = top ?? data ?? .alwaysOpen
        if !chosen.supports(timeframe) {
            report(fields["timeframe"]?.line, "timeframe", "\(timeframe.rawValue) candles span several sessions of the \(chosen.name) calendar; "
                + "use 1d or shorter candles with a calendar, or calendar: 24/7")
        }
        return chosen
    }

    /// A start_date or end_date on a day the market is closed moves to the next (start) or
    /// previous (end) session, with a note: `start_date: 2005-01-01` on XNYS starts the study at
    /// 2005-01-03 09:30 New York. A date is read as written: its UTC date.
    mutating func snapDates(of study: inout Study, fields: Fields) {
        let calendar = study.calendar
        let startDay = UTCTime.day(ofMilliseconds: study.startDate)
        if calendar.session(onDay: startDay) == nil, let next = calendar.firstSession(openingAtOrAfter: study.startDate) {
            study.notes.append("start_date \(UTCTime.formatDate(milliseconds: study.startDate)) is not a \(calendar.name) trading day"
                + Self.reason(startDay, calendar) + "; the study starts at the next session, " + Self.describe(next.open, calendar))
            study.startDate = next.open
        }
        let endDay = UTCTime.day(ofMilliseconds: study.endDate)
        if calendar.session(onDay: endDay) == nil, let previous = calendar.lastSession(closingAtOrBefore: study.endDate) {
            study.notes.append("end_date \(UTCTime.formatDate(milliseconds: study.endDate)) is not a \(calendar.name) trading day"
                + Self.reason(endDay, calendar) + "; the study ends at the previous session's close, " + Self.describe(previous.close, calendar))
            study.endDate = previous.close
        }
        if study.endDate <= study.startDate {
            report(fields["end_date"]?.line, "end_date", "no \(calendar.name) session lies between start_date and end_date; move them apart")
        }
    }

    /// ` (Good Friday)` or ` (a Saturday)`.
    static func reason(_ day: Int64, _ calendar: TradingCalendar) -> String {
        if let name = calendar.holidays[day] { return " (\(name))" }
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        return " (a \(names[TradingCalendar.weekday(ofDay: day) - 1]))"
    }

    /// `2005-01-03T14:30:00Z (09:30 America/New_York)`.
    static func describe(_ time: Int64, _ calendar: TradingCalendar) -> String {
        let local = calendar.timeZone.local(fromUTC: time)
        let minutes = Int((local - UTCTime.day(ofMilliseconds: local) * UTCTime.millisecondsPerDay) / 60_000)
        return "\(UTCTime.format(milliseconds: time)) (\(TradingCalendar.formatMinutes(minutes)) \(calendar.timeZone.identifier))"
    }
}
