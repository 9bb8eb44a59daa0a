import Foundation
import MarketData
import StudyFile
import Testing

/// `calendar:` in study files (issue 18): the named calendars, a custom one, dates on closed
/// days moved to a session with a note, and every mistake with its line and key.
@Suite struct CalendarStudyTests {
    static func study(_ extra: String, timeframe: String = "1d", start: String = "2024-01-02", end: String = "2025-01-02",
                      data: String = "{source: synthetic, seed: 2}") -> String {
        """
        name: Calendar
        symbols: [SPY]
        timeframe: \(timeframe)
        start_date: \(start)
        end_date: \(end)
        training_window_days: 120
        testing_window_days: 30
        step_days: 30
        parameter_ranges:
          rsi_period: [7, 14]
        data: \(data)
        \(extra)
        """
    }

    func issues(_ text: String) -> String {
        do {
            _ = try StudyParser.parse(text, path: "c.yaml")
            return ""
        } catch { return error.description }
    }

    @Test func newYorkTimeComesFromTheSystemsTimeZoneDatabase() throws {
        let newYork = try #require(UTCOffsets.named("America/New_York"))
        #expect(newYork.utc(fromLocal: UTCTime.parse("2024-03-08T09:30:00Z")!) == UTCTime.parse("2024-03-08T14:30:00Z")!)
        #expect(newYork.utc(fromLocal: UTCTime.parse("2024-03-11T09:30:00Z")!) == UTCTime.parse("2024-03-11T13:30:00Z")!)
        #expect(newYork.utc(fromLocal: UTCTime.parse("2035-07-02T09:30:00Z")!) == UTCTime.parse("2035-07-02T13:30:00Z")!)
        #expect(newYork.utc(fromLocal: UTCTime.parse("2001-01-02T09:30:00Z")!) == UTCTime.parse("2001-01-02T14:30:00Z")!)
        #expect(UTCOffsets.named("Mars/Olympus_Mons") == nil)
    }

    @Test func theNamedCalendarsParse() throws {
        #expect(try StudyParser.parse(Self.study(""), path: "c.yaml").calendar == .alwaysOpen)
        #expect(try StudyParser.parse(Self.study("calendar: 24/7"), path: "c.yaml").calendar == .alwaysOpen)
        let xnys = try StudyParser.parse(Self.study("calendar: XNYS"), path: "c.yaml").calendar
        #expect(xnys.name == "XNYS" && xnys.open == 570 && xnys.close == 960 && xnys.timeZone.identifier == "America/New_York")
        #expect(xnys.holidays.count == 342 && xnys.earlyCloses.count == 79)
        #expect(try StudyParser.parse(Self.study("calendar: XNAS"), path: "c.yaml").calendar.name == "XNAS")
        let fx = try StudyParser.parse(Self.study("calendar: weekdays", timeframe: "1h"), path: "c.yaml").calendar
        #expect(fx.open == 1_020 && fx.close == 1_020 && fx.weekdays == Set(1...5))
        let moved = try StudyParser.parse(Self.study("calendar: {name: weekdays, open: \"18:00\", close: \"18:00\", timezone: Europe/London}", timeframe: "1h"), path: "c.yaml").calendar
        #expect(moved.open == 1_080 && moved.timeZone.identifier == "Europe/London" && moved.name == "weekdays")
        // The synthetic market's own calendar is the study's.
        let synthetic = try StudyParser.parse(Self.study("", data: "{source: synthetic, calendar: XNYS}"), path: "c.yaml")
        #expect(synthetic.calendar.name == "XNYS")
        #expect(try StudyParser.parse(Self.study("flat_at_session_close: true\ncalendar: XNYS", timeframe: "5m"), path: "c.yaml")
            .simulationSettings.flatAtSessionClose)
    }

    @Test func aCustomCalendarWithHolidaysInlineAndFromAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfo-calendar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "date,name\n2024-12-25,Christmas Day\n# comment\n2024-12-26 Boxing Day\n".write(to: folder.appendingPathComponent("holidays.csv"), atomically: true, encoding: .utf8)
        let text = Self.study("""
            calendar:
              timezone: Europe/London
              open: "08:00"
              close: "16:30"
              weekdays: [mon, tue, wed, thu, fri]
              holidays: holidays.csv
              early_closes: {2024-12-24: "12:30"}
            """, timeframe: "30m")
        let calendar = try StudyParser.parse(text, path: folder.appendingPathComponent("lse.yaml").path).calendar
        #expect(calendar.name == "custom" && calendar.open == 480 && calendar.close == 990)
        #expect(calendar.holidays.values.sorted() == ["Boxing Day", "Christmas Day"])
        #expect(calendar.session(onDay: UTCTime.day(ofMilliseconds: UTCTime.parse("2024-12-24")!))?.close == UTCTime.parse("2024-12-24T12:30:00Z")!)
        #expect(calendar.session(onDay: UTCTime.day(ofMilliseconds: UTCTime.parse("2024-07-01")!))?.open == UTCTime.parse("2024-07-01T07:00:00Z")!, "08:00 BST")
        let inline = try StudyParser.parse(Self.study("calendar: {timezone: Asia/Tokyo, open: \"09:00\", close: \"15:00\", holidays: [2024-01-02, 2024-01-03]}"), path: "c.yaml").calendar
        #expect(inline.holidays.count == 2 && inline.weekdays == Set(1...5))
    }

    @Test func aStartOrEndOnAClosedDayMovesToASessionWithANote() throws {
        let study = try StudyParser.parse(Self.study("calendar: XNYS", start: "2024-01-01", end: "2024-12-28"), path: "c.yaml")
        #expect(study.startDate == UTCTime.parse("2024-01-02T14:30:00Z")!)
        #expect(study.endDate == UTCTime.parse("2024-12-27T21:00:00Z")!)
        #expect(study.notes == [
            "start_date 2024-01-01 is not a XNYS trading day (New Year's Day); the study starts at the next session, 2024-01-02T14:30:00Z (09:30 America/New_York)",
            "end_date 2024-12-28 is not a XNYS trading day (a Saturday); the study ends at the previous session's close, 2024-12-27T21:00:00Z (16:00 America/New_York)",
        ])
        #expect(try StudyParser.parse(Self.study("calendar: XNYS"), path: "c.yaml").notes.isEmpty, "2024-01-02 trades")
    }

    @Test(arguments: [
        ("calendar: NYSE", "c.yaml:12: calendar: unknown calendar NYSE"),
        ("calendar: xnys", "did you mean XNYS?"),
        ("calendar: {timezone: America/Neww_York, open: \"09:30\", close: \"16:00\"}", "c.yaml:12: calendar.timezone: unknown time zone America/Neww_York"),
        ("calendar: {timezone: UTC, open: \"9h30\", close: \"16:00\"}", "calendar.open: must be a time of day like \"09:30\""),
        ("calendar: {timezone: UTC}", "calendar.open: is required for a custom calendar"),
        ("calendar: {name: weekdays, weekdays: [monday, funday]}", "calendar.weekdays[1]: must be a day"),
        ("calendar: {name: XNYS, holidays: [2024-13-01]}", "calendar.holidays[0]: must be a date"),
        ("calendar: {name: XNYS, holiday: [2024-12-25]}", "calendar.holiday: unknown key; did you mean holidays?"),
        ("calendar: [XNYS]", "calendar: must be one of 24/7 | weekdays | XNYS | XNAS"),
        ("calendar: XNYS\nflat_at_session_close: yes", "flat_at_session_close: must be true or false"),
    ])
    func mistakesNameTheirLineAndKey(case_: (extra: String, message: String)) {
        let found = issues(Self.study(case_.extra))
        #expect(found.contains(case_.message), "\(found)")
    }

    @Test func weeklyCandlesAndAMismatchedSyntheticCalendarAreRefused() {
        #expect(issues(Self.study("calendar: XNYS", timeframe: "1w")).contains("timeframe: 1w candles span several sessions of the XNYS calendar"))
        #expect(issues(Self.study("calendar: XNYS", data: "{source: synthetic, calendar: weekdays}"))
            .contains("data.calendar: is weekdays but calendar: is XNYS; say it once"))
        #expect(issues(Self.study("", data: "{source: csv, path: x.csv, calendar: XNYS}")).contains("data.calendar: is how the synthetic market trades"))
        #expect(issues(Self.study("", data: "{source: synthetic, timezone: UTC}")).contains("data.timezone: is read only with source: csv"))
    }
}
