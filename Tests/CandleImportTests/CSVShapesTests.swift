import CandleImport
import Foundation
import MarketData
import Testing

/// Generic CSV as people have it (issue 18): pandas' blank index header, `Date`-like names,
/// date-only daily rows, UTC offsets, local times with a `data.timezone`, `Adj Close`, epoch
/// seconds, `;` separators with decimal commas — each read to the same candles as its plain form.
@Suite struct CSVShapesTests {
    /// New York's offsets around 2024.
    static let newYork = UTCOffsets(identifier: "America/New_York", transitions: [
        (UTCTime.parse("2023-11-05T06:00:00Z")!, -18_000), (UTCTime.parse("2024-03-10T07:00:00Z")!, -14_400),
        (UTCTime.parse("2024-11-03T06:00:00Z")!, -18_000),
    ])

    /// Three hourly candles of a stock across the spring change: Friday 15:30 EST, Monday 09:30 and 10:30 EDT.
    static let utcTimes = ["2024-03-08T20:30:00Z", "2024-03-11T13:30:00Z", "2024-03-11T14:30:00Z"]
    static let prices = [("101.5", "102", "101", "101.75", "1200"), ("103", "103.5", "102.5", "103.25", "900"), ("103.25", "104", "103", "103.5", "800")]

    static func plain() -> String {
        "timestamp,open,high,low,close,volume\n" + zip(utcTimes, prices).map { time, p in
            "\(time),\(p.0),\(p.1),\(p.2),\(p.3),\(p.4)"
        }.joined(separator: "\n") + "\n"
    }

    func load(_ text: String, _ options: CandleReadingOptions) throws -> CandleSeries {
        let folder = try TemporaryFolder()
        return try CandleImporter.loadLocated(paths: [try folder.write("SPY.csv", text)], symbol: "SPY", timeframe: .oneHour,
                                              options: options).series
    }

    @Test func aPandasFileWithItsBlankIndexHeaderAndOffsetTimesReadsAsItsPlainForm() throws {
        // df.to_csv() of a DataFrame indexed by tz-aware New York times.
        let pandas = ",Open,High,Low,Close,Volume\n" + zip(["2024-03-08 15:30:00-05:00", "2024-03-11 09:30:00-04:00", "2024-03-11 10:30:00-04:00"], Self.prices)
            .map { "\($0),\($1.0),\($1.1),\($1.2),\($1.3),\($1.4)" }.joined(separator: "\n") + "\n"
        let options = CandleReadingOptions(checksGrid: false)
        #expect(try load(pandas, options) == load(Self.plain(), options))
    }

    @Test func localTimesWithATimeZoneReadAsTheirUTCForm() throws {
        let local = "Datetime,Open,High,Low,Close,Volume\n" + zip(["2024-03-08 15:30:00", "2024-03-11 09:30:00", "2024-03-11 10:30:00"], Self.prices)
            .map { "\($0),\($1.0),\($1.1),\($1.2),\($1.3),\($1.4)" }.joined(separator: "\n") + "\n"
        #expect(try load(local, CandleReadingOptions(timeZone: Self.newYork, checksGrid: false))
            == load(Self.plain(), CandleReadingOptions(checksGrid: false)))
        // Without the zone they would be UTC: five hours off.
        let asUTC = try load(local, CandleReadingOptions(checksGrid: false))
        #expect(asUTC.openTimes[0] == UTCTime.parse("2024-03-08T15:30:00Z")!)
    }

    @Test(arguments: ["Date Time", "date_time", "Date", "Gmt time", "DATETIME"])
    func timeColumnsNamedAsPeopleNameThem(name: String) throws {
        let text = Self.plain().replacingOccurrences(of: "timestamp,", with: "\(name),")
        #expect(try load(text, CandleReadingOptions(checksGrid: false)).count == 3)
    }

    /// Issue 34: whatever its name, the column whose values are times is the time column, in
    /// any epoch unit (seconds to nanoseconds) or as a date with an offset.
    @Test(arguments: [("bar", "date"), ("ts_ns", "ns"), ("t", "µs"), ("when", "s"), ("stamp", "ms")])
    func aTimeColumnOfAnyNameIsFoundByItsContent(name: String, unit: String) throws {
        func write(_ time: String) -> String {
            let milliseconds = UTCTime.parse(time)!
            switch unit {
            case "ns": return String(milliseconds * 1_000_000)
            case "µs": return String(milliseconds * 1_000)
            case "s": return String(milliseconds / 1_000)
            case "ms": return String(milliseconds)
            default: return time
            }
        }
        let text = "\(name),open,high,low,close,volume,trades\n" + zip(Self.utcTimes, Self.prices).map { time, p in
            "\(write(time)),\(p.0),\(p.1),\(p.2),\(p.3),\(p.4),1234"
        }.joined(separator: "\n") + "\n"
        #expect(try load(text, CandleReadingOptions(checksGrid: false)) == load(Self.plain(), CandleReadingOptions(checksGrid: false)))
    }

    @Test func epochNanosecondsUnderATimeNameReadAsThePlainForm() throws {
        let text = "timestamp,open,high,low,close,volume\n" + zip(Self.utcTimes, Self.prices).map { time, p in
            "\(UTCTime.parse(time)! * 1_000_000),\(p.0),\(p.1),\(p.2),\(p.3),\(p.4)"
        }.joined(separator: "\n") + "\n"
        #expect(try load(text, CandleReadingOptions(checksGrid: false)) == load(Self.plain(), CandleReadingOptions(checksGrid: false)))
        let part = text.replacingOccurrences(of: "000000,101.5", with: "000001,101.5")
        #expect(throws: CandleImportError.self) { try load(part, CandleReadingOptions(checksGrid: false)) }
        do {
            _ = try load(part, CandleReadingOptions(checksGrid: false))
        } catch {
            #expect("\(error)".contains("ns is not a whole millisecond"), "\(error)")
        }
    }

    @Test func twoUnnamedTimeColumnsAreRefusedNamingBoth() throws {
        let text = "opened,closed,open,high,low,close,volume\n2024-03-08T20:30:00Z,2024-03-08T21:29:59Z,1,2,0.5,1.5,10\n"
        do {
            _ = try load(text, CandleReadingOptions(checksGrid: false))
            Issue.record("read")
        } catch {
            #expect("\(error)".contains("the columns \"opened\", \"closed\" all hold times; rename the one the candles open at to timestamp"),
                    "\(error)")
        }
        // A named time column decides, whatever other columns hold times (Binance's close_time).
        let named = "open_time,open,high,low,close,volume,close_time\n2024-03-08T20:30:00Z,1,2,0.5,1.5,10,2024-03-08T21:29:59Z\n"
        #expect(try load(named, CandleReadingOptions(checksGrid: false)).openTimes == [UTCTime.parse("2024-03-08T20:30:00Z")!])
        // A count is not a time: with no time-like column the header is refused as before.
        let counts = "id,open,high,low,close,volume\n12,1,2,0.5,1.5,10\n"
        do {
            _ = try load(counts, CandleReadingOptions(checksGrid: false))
            Issue.record("read")
        } catch {
            #expect("\(error)".contains("no time column in the header"), "\(error)")
        }
    }

    @Test func semicolonsWithDecimalCommasAndEpochSecondsReadAsThePlainForm() throws {
        let european = "time;open;high;low;close;volume\n" + zip(Self.utcTimes, Self.prices).map { time, p in
            let seconds = UTCTime.parse(time)! / 1_000
            return "\(seconds);\(p.0.replacingOccurrences(of: ".", with: ","));\(p.1);\(p.2.replacingOccurrences(of: ".", with: ","));"
                + "\(p.3.replacingOccurrences(of: ".", with: ","));\(p.4)"
        }.joined(separator: "\n") + "\n"
        #expect(try load(european, CandleReadingOptions(checksGrid: false)) == load(Self.plain(), CandleReadingOptions(checksGrid: false)))
    }

    @Test func adjCloseIsIgnoredUnlessAdjustedAndThenScalesEveryPrice() throws {
        let text = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,100,110,90,100,50,7\n2024-01-03,100,104,98,102,51,8\n"
        let folder = try TemporaryFolder()
        let path = try folder.write("SPY.csv", text)
        let raw = try CandleImporter.load(paths: [path], symbol: "SPY", timeframe: .oneDay)
        #expect(raw.closes == [100, 102] && raw.volumes == [7, 8])
        let adjusted = try CandleImporter.loadLocated(paths: [path], symbol: "SPY", timeframe: .oneDay,
                                                      options: CandleReadingOptions(adjusted: true)).series
        #expect(adjusted.opens == [50, 50] && adjusted.highs == [55, 52] && adjusted.lows == [45, 49] && adjusted.closes == [50, 51])
        #expect(adjusted.volumes == [7, 8])
        #expect(adjusted.openTimes == [UTCTime.parse("2024-01-02")!, UTCTime.parse("2024-01-03")!], "a date alone is the day")
    }

    @Test func adjustedWithoutAnAdjCloseColumnSaysWhatToDo() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("SPY.csv", "Date,Open,High,Low,Close,Volume\n2024-01-02,100,110,90,100,7\n")
        #expect {
            _ = try CandleImporter.loadLocated(paths: [path], symbol: "SPY", timeframe: .oneDay, options: CandleReadingOptions(adjusted: true))
        } throws: { error in
            let description = "\(error)"
            return description.contains("SPY.csv:1") && description.contains("no Adj Close column")
        }
    }

    @Test func aFileWithoutVolumeHasVolumeZero() throws {
        let fx = "Date,Open,High,Low,Close\n2024-01-02,1.10,1.11,1.09,1.105\n2024-01-03,1.105,1.12,1.10,1.11\n"
        let folder = try TemporaryFolder()
        let series = try CandleImporter.load(paths: [try folder.write("EURUSD.csv", fx)], symbol: "EURUSD", timeframe: .oneDay)
        #expect(series.volumes == [0, 0] && series.closes == [1.105, 1.11])
    }

    @Test func aBadRowStillNamesTheFileLineAndColumnInEveryShape() throws {
        let text = ",Open,High,Low,Close,Volume\n2024-03-08 15:30:00-05:00,101.5,102,101,101.75,1200\n2024-03-11 09:30:00-04:00,103,x,102.5,103.25,900\n"
        let folder = try TemporaryFolder()
        let path = try folder.write("SPY.csv", text)
        #expect {
            _ = try CandleImporter.loadLocated(paths: [path], symbol: "SPY", timeframe: .oneHour, options: CandleReadingOptions(checksGrid: false))
        } throws: { error in
            let description = "\(error)"
            return description.contains("SPY.csv:3") && description.contains("column 3 (high)")
        }
    }
}
