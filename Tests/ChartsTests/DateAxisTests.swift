import MarketData
import Testing
@testable import Charts

struct DateAxisTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let from: String
        let to: String
        let unit: DateAxis.Unit
        let step: Int
        let firstTimes: [String]
        let firstLabels: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "6 hours", from: "2024-01-01T00:00Z", to: "2024-01-01T06:00Z", unit: .hours, step: 1,
             firstTimes: ["2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z"],
             firstLabels: ["Jan 1 00:00", "01:00", "02:00"]),
        Case(name: "3 days", from: "2024-02-28T09:30Z", to: "2024-03-02T09:30Z", unit: .days, step: 1,
             firstTimes: ["2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z"],
             firstLabels: ["Feb 29, 2024", "Mar 1", "Mar 2"]),
        Case(name: "20 days", from: "2024-01-03", to: "2024-01-23", unit: .weeks, step: 1,
             firstTimes: ["2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z", "2024-01-22T00:00:00Z"],
             firstLabels: ["Jan 8, 2024", "Jan 15", "Jan 22"]),
        Case(name: "4 months", from: "2023-11-15", to: "2024-03-15", unit: .months, step: 1,
             firstTimes: ["2023-12-01T00:00:00Z", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"],
             firstLabels: ["Dec 2023", "Jan 2024", "Feb", "Mar"]),
        Case(name: "2 years", from: "2022-07-01", to: "2024-07-01", unit: .quarters, step: 2,
             firstTimes: ["2022-07-01T00:00:00Z", "2023-01-01T00:00:00Z", "2023-07-01T00:00:00Z"],
             firstLabels: ["Jul 2022", "Jan 2023", "Jul"]),
        Case(name: "9 years", from: "2015-03-01", to: "2024-03-01", unit: .years, step: 2,
             firstTimes: ["2016-01-01T00:00:00Z", "2018-01-01T00:00:00Z", "2020-01-01T00:00:00Z"],
             firstLabels: ["2016", "2018", "2020"]),
        Case(name: "90 minutes", from: "2024-01-01T10:10Z", to: "2024-01-01T11:40Z", unit: .minutes, step: 15,
             firstTimes: ["2024-01-01T10:15:00Z", "2024-01-01T10:30:00Z"], firstLabels: ["Jan 1 10:15", "10:30"]),
    ])
    func picksAUnitFromTheSpanAndTicksAtRoundBoundaries(_ c: Case) throws {
        let from = try #require(UTCTime.parse(c.from)), to = try #require(UTCTime.parse(c.to))
        let axis = DateAxis.ticks(from: from, to: to)
        #expect(axis.unit == c.unit)
        #expect(axis.step == c.step)
        #expect(Array(axis.ticks.prefix(c.firstTimes.count).map { UTCTime.format(milliseconds: $0.time) }) == c.firstTimes)
        #expect(Array(axis.ticks.prefix(c.firstLabels.count).map(\.label)) == c.firstLabels)
        #expect((1...8).contains(axis.ticks.count))
        #expect(axis.ticks.allSatisfy { $0.time >= from && $0.time <= to })
    }

    @Test func weeksFallOnMondays() throws {
        let axis = DateAxis.ticks(from: try #require(UTCTime.parse("2024-05-02")), to: try #require(UTCTime.parse("2024-06-20")))
        #expect(axis.unit == .weeks)
        for tick in axis.ticks {
            // 1970-01-01 was a Thursday, so Mondays are the days d with (d + 3) mod 7 == 0.
            #expect((UTCTime.day(ofMilliseconds: tick.time) + 3) % 7 == 0)
        }
    }

    @Test func theYearAppearsAgainWhenItChanges() throws {
        let axis = DateAxis.ticks(from: try #require(UTCTime.parse("2023-09-01")), to: try #require(UTCTime.parse("2024-02-15")))
        #expect(axis.ticks.map(\.label) == ["Sep 2023", "Oct", "Nov", "Dec", "Jan 2024", "Feb"])
    }

    @Test(arguments: [2, 5, 8])
    func neverExceedsTheRequestedCount(maxCount: Int) {
        var span: Int64 = 60_000
        while span < 400 * 365 * UTCTime.millisecondsPerDay {
            let axis = DateAxis.ticks(from: Fixtures.start, to: Fixtures.start + span, maxCount: maxCount)
            #expect(axis.ticks.count <= maxCount)
            span = span * 3 / 2
        }
    }

    @Test func reversedAndExtremeBoundsStaySane() {
        #expect(DateAxis.ticks(from: Fixtures.start + 5 * Fixtures.day, to: Fixtures.start).ticks.count == 6)
        let extreme = DateAxis.ticks(from: Int64.min, to: Int64.max)
        #expect(extreme.ticks.count <= 8)
    }
}

extension DateAxisTests {
    /// Issue 32: a year of equity from mid-March had its quarters only, and on a narrow chart
    /// two of them, and did not say where it began: the start is labelled, and two-month steps
    /// come between months and quarters.
    @Test func aChartSaysWhereItsDataBeginsAndAYearOnANarrowAxisHasThreeTicks() throws {
        let from = try #require(UTCTime.parse("2024-03-15")), to = try #require(UTCTime.parse("2025-03-10"))
        let axis = DateAxis.ticksLabellingStart(from: from, to: to, maxCount: 7)
        #expect(axis.ticks.first?.time == from)
        #expect(axis.ticks.first?.label == "Mar 15, 2024")
        #expect(axis.ticks.map(\.label) == ["Mar 15, 2024", "May 2024", "Jul", "Sep", "Nov", "Jan 2025", "Mar"], "\(axis.ticks.map(\.label))")
        let narrow = DateAxis.ticksLabellingStart(from: from, to: to, maxCount: 3)
        #expect(narrow.ticks.map(\.label) == ["Mar 15, 2024", "Jul 2024", "Jan 2025"], "\(narrow.ticks.map(\.label))")
        // The first round tick keeps its year, in case a chart leaves the start's label out.
        // A start on a round boundary is its first tick already.
        let round = DateAxis.ticksLabellingStart(from: try #require(UTCTime.parse("2024-01-01")), to: to)
        #expect(round.ticks.first?.label == "Jan 2024")
    }
}
