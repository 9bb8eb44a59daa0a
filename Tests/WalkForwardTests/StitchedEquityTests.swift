import Testing
@testable import WalkForward

@Suite struct StitchedEquityTests {
    static let t0 = utc(2024, 4, 1)

    /// Close times `start + 1h, start + 2h, ...` for `values`.
    static func segment(startingAt start: Int64, _ values: [Double]) -> StitchedEquity.Segment {
        .init(testingStart: start, times: values.indices.map { start + Int64($0 + 1) * hour }, values: values)
    }

    @Test func nonOverlappingWindowsChainTheirReturns() {
        let first = Self.segment(startingAt: Self.t0, [10_500, 11_000])
        let second = Self.segment(startingAt: Self.t0 + 30 * day, [10_000, 9_000])
        let stitched = StitchedEquity(segments: [first, second], initial: 10_000)
        #expect(stitched.times == first.times + second.times)
        #expect(stitched.values.count == 4)
        for (value, expected) in zip(stitched.values, [10_500.0, 11_000, 11_000, 9_900]) {
            #expect(abs(value - expected) < 1e-9)
        }
        #expect(abs(stitched.finalValue - 9_900) < 1e-9)
        #expect(stitched.initial == 10_000)
    }

    @Test func statisticsStartFromTheInitialCapital() {
        let stitched = StitchedEquity(segments: [Self.segment(startingAt: Self.t0, [10_500, 11_000]),
                                                 Self.segment(startingAt: Self.t0 + 30 * day, [10_000, 9_000])],
                                      initial: 10_000)
        #expect(abs(stitched.statistics().returnPct - -1) < 1e-9)
        // Peak 11 000, trough 9 900.
        #expect(abs(stitched.statistics().maxDrawdown - 10) < 1e-9)
    }

    /// Window 2's testing starts 3 hours into window 1's: window 1 contributes the candles
    /// closing up to then, and window 2 carries the chain on from there.
    @Test func overlappingWindowEndsWhereTheNextTestingBegins() {
        let first = Self.segment(startingAt: Self.t0, [10_100, 10_200, 10_300, 10_400, 10_500, 10_600])
        let second = Self.segment(startingAt: Self.t0 + 3 * hour, [10_200, 9_800, 10_000])
        let stitched = StitchedEquity(segments: [first, second], initial: 10_000)
        #expect(stitched.times == (1...6).map { Self.t0 + Int64($0) * hour })
        let expected = [10_100, 10_200, 10_300, 10_300 * 1.02, 10_300 * 0.98, 10_300]
        #expect(stitched.values.count == expected.count)
        for (value, want) in zip(stitched.values, expected) {
            #expect(abs(value - want) < 1e-9)
        }
    }

    @Test func timesStrictlyIncreaseAcrossThreeOverlappingWindows() {
        let segments = (0..<3).map { k in
            Self.segment(startingAt: Self.t0 + Int64(k) * 10 * hour, (1...30).map { 10_000 + Double($0 * (k + 1)) })
        }
        let stitched = StitchedEquity(segments: segments, initial: 10_000)
        #expect(zip(stitched.times, stitched.times.dropFirst()).allSatisfy { $0 < $1 })
        // 10 hours of window 1, 10 of window 2, all 30 of window 3.
        #expect(stitched.times.count == 50)
        #expect(stitched.times.last == Self.t0 + 50 * hour)
    }

    @Test func noSegmentsLeaveTheInitialCapital() {
        let stitched = StitchedEquity(segments: [], initial: 10_000)
        #expect(stitched.times.isEmpty)
        #expect(stitched.finalValue == 10_000)
    }

    @Test(arguments: [(1_000, 100), (1_000, 2), (101, 100), (250, 7), (10, 3)])
    func downsamplingKeepsTheLastPointAndAtMostTheLimit(count: Int, limit: Int) {
        let stitched = StitchedEquity(segments: [Self.segment(startingAt: Self.t0, (0..<count).map { 10_000 + Double($0) })],
                                      initial: 10_000)
        let points = stitched.downsampled(to: limit)
        #expect(points.times.count <= limit)
        #expect(points.times.count == points.values.count)
        #expect(points.times.count >= limit / 2)
        #expect(points.times.last == stitched.times.last)
        #expect(points.values.last == stitched.values.last)
        #expect(points.times.first == stitched.times.first)
        #expect(zip(points.times, points.times.dropFirst()).allSatisfy { $0 < $1 })
        for (time, value) in zip(points.times, points.values) {
            #expect(stitched.values[stitched.times.firstIndex(of: time)!] == value)
        }
    }

    @Test func downsamplingBelowTheLimitKeepsEveryPoint() {
        let stitched = StitchedEquity(segments: [Self.segment(startingAt: Self.t0, [1, 2, 3].map { 10_000 + $0 })], initial: 10_000)
        let points = stitched.downsampled(to: 3)
        #expect(points.times == stitched.times)
        #expect(points.values == stitched.values)
    }
}
