import Foundation
import Indicators
import TestSupport
import Testing

/// The indicators of issue 19: TA-Lib's where it has them (golden values written by
/// `Scripts/talib_golden.py`, `Golden/README.md`), and the others pinned by hand.
@Suite struct MoreIndicatorTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/talib-more-btcusdt-5m-2024-01.json")

    struct Columns {
        var highs: [Double] = [], lows: [Double] = [], closes: [Double] = [], volumes: [Double] = []
    }

    /// The first 1000 BTCUSDT 5m candles of 2024-01, the golden file's input.
    static func candles() throws -> Columns {
        let text = try String(contentsOf: SharedData.klinesFolder.appendingPathComponent("BTCUSDT-5m-2024-01.csv"), encoding: .utf8)
        var columns = Columns()
        for row in text.split(whereSeparator: \.isNewline).prefix(1_000) {
            let fields = row.split(separator: ",")
            columns.highs.append(try #require(Double(fields[2])))
            columns.lows.append(try #require(Double(fields[3])))
            columns.closes.append(try #require(Double(fields[4])))
            columns.volumes.append(try #require(Double(fields[5])))
        }
        return columns
    }

    static func goldenSeries(_ key: String) throws -> [Double] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: golden)) as? [String: Any])
        return try #require(object[key] as? [Any], "no key \(key)").map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }

    @Test(.enabled(if: SharedData.hasKlines, Comment(rawValue: SharedData.missingMessage)),
          arguments: ["stoch_k_14_3_3", "stoch_d_14_3_3", "cci_20", "obv", "stddev_20", "roc_10", "max_20", "min_20", "ema_20", "atr_20"])
    func matchesTALib(key: String) throws {
        let c = try Self.candles()
        let expected = try Self.goldenSeries(key)
        let stochastic = Indicator.stochastic(highs: c.highs, lows: c.lows, closes: c.closes, kPeriod: 14, smoothing: 3, dPeriod: 3)
        let donchian = Indicator.donchian(highs: c.highs, lows: c.lows, period: 20)
        let keltner = Indicator.keltner(highs: c.highs, lows: c.lows, closes: c.closes, period: 20, multiple: 2)
        var actual: [Double]
        switch key {
        case "stoch_k_14_3_3": actual = stochastic.k
        case "stoch_d_14_3_3": actual = stochastic.d
        case "cci_20": actual = Indicator.cci(highs: c.highs, lows: c.lows, closes: c.closes, period: 20)
        case "obv": actual = Indicator.obv(closes: c.closes, volumes: c.volumes)
        case "stddev_20": actual = Indicator.rollingMoments(c.closes, period: 20).deviation
        case "roc_10": actual = Indicator.roc(c.closes, period: 10)
        case "max_20": actual = donchian.upper
        case "min_20": actual = donchian.lower
        // Keltner's parts: the EMA middle line (NaN until the ATR is defined) and the ATR width.
        case "ema_20": actual = Indicator.ema(c.closes, period: 20)
            #expect(zip(keltner.middle, actual).dropFirst(20).allSatisfy { $0 == $1 })
        case "atr_20": actual = zip(keltner.upper, keltner.middle).map { ($0 - $1) / 2 }
        default: Issue.record("unknown key \(key)"); return
        }
        // TA-Lib starts %K where %D starts (index 17); ours is defined two candles earlier.
        if key == "stoch_k_14_3_3" {
            #expect(actual[15].isFinite && actual[16].isFinite)
            for index in 0..<17 { actual[index] = .nan }
        }
        expectSeries(actual, expected, relative: 1e-8, absolute: 1e-10)
    }

    /// Highs, lows and closes small enough to work out on paper.
    static let highs: [Double] = [11, 12, 13, 12, 14, 15, 13, 12]
    static let lows: [Double] = [9, 10, 11, 10, 12, 13, 11, 10]
    static let closes: [Double] = [10, 11, 12, 11, 13, 14, 12, 11]
    static let volumes: [Double] = [1, 2, 1, 3, 2, 1, 2, 4]

    @Test func vwapRollingAndPerSessionByHand() {
        // Typical prices equal the closes here (symmetric candles).
        let rolling = Indicator.vwap(highs: Self.highs, lows: Self.lows, closes: Self.closes, volumes: Self.volumes, period: 2)
        #expect(rolling[0].isNaN)
        #expect(abs(rolling[1] - (10.0 * 1 + 11 * 2) / 3) < 1e-12)
        #expect(abs(rolling[3] - (12.0 * 1 + 11 * 3) / 4) < 1e-12)
        // Sessions end after candles 2 and 5: each restarts the sums.
        let sessions = Indicator.vwap(highs: Self.highs, lows: Self.lows, closes: Self.closes, volumes: Self.volumes,
                                      resetsAfter: [false, false, true, false, false, true, false, false])
        #expect(abs(sessions[2] - (10.0 + 22 + 12) / 4) < 1e-12)
        #expect(sessions[3] == 11)
        #expect(abs(sessions[5] - (33.0 + 26 + 14) / 6) < 1e-12)
        #expect(abs(sessions[7] - (24.0 + 44) / 6) < 1e-12)
    }

    @Test func zscorePercentRankAndRocByHand() {
        // Window 3 ending at candle 4: 12, 11, 13 → mean 12, σ = √(2/3) (population).
        let z = Indicator.zscore(Self.closes, period: 3)
        #expect(z[1].isNaN)
        #expect(abs(z[4] - 1 / (2.0 / 3).squareRoot()) < 1e-12)
        // Percent rank of 14 (candle 5) among the 4 before it (11, 12, 11, 13): all below, 100;
        // of 12 (candle 6) among 12, 11, 13, 14: only 11 is below, 25.
        let rank = Indicator.percentRank(Self.closes, period: 4)
        #expect(rank[3].isNaN)
        #expect(rank[5] == 100)
        #expect(rank[6] == 25)
        #expect(abs(Indicator.roc(Self.closes, period: 2)[4] - (13.0 / 12 - 1) * 100) < 1e-12)
        #expect(Indicator.roc([0, 1, 2], period: 1)[1] == 0, "TA-Lib's 0 for a zero base")
    }

    @Test func supertrendFlipsWhereTheCloseCrossesItsBand() {
        // ATR(2) from candle 2 on (Wilder); the trend starts up (close 12 ≥ mid 12).
        let line = Indicator.supertrend(highs: Self.highs, lows: Self.lows, closes: Self.closes, period: 2, multiple: 1)
        let range = Indicator.atr(highs: Self.highs, lows: Self.lows, closes: Self.closes, period: 2)
        #expect(line[..<2].allSatisfy { $0.isNaN })
        #expect(abs(line[2] - (12 - range[2])) < 1e-12, "an up-trend shows the lower band")
        var finalLower = 12 - range[2]
        for index in 3..<Self.closes.count {
            let basic = (Self.highs[index] + Self.lows[index]) / 2 - range[index]
            finalLower = basic > finalLower || Self.closes[index - 1] < finalLower ? basic : finalLower
            if Self.closes[index] < finalLower { break }   // would flip: checked no further by hand
            #expect(abs(line[index] - finalLower) < 1e-12, "candle \(index)")
        }
    }
}
