import Foundation
import Indicators
import TestSupport
import Testing

/// Compares every indicator with TA-Lib 0.8.2 on the first 1000 BTCUSDT 5m candles of
/// 2024-01 (`../shared/golden/README.md`).
@Suite(.enabled(if: SharedData.hasGolden, Comment(rawValue: SharedData.missingGoldenMessage)),
       .enabled(if: SharedData.hasKlines, Comment(rawValue: SharedData.missingMessage)))
struct GoldenIndicatorTests {
    /// Golden values are rounded to 10 decimals, hence the absolute slack of 1e-10
    /// (it only matters for values near zero, such as the MACD histogram).
    static let relativeTolerance = 1e-8
    static let roundingSlack = 1e-10

    static let keys = [
        "rsi_7", "rsi_14", "rsi_21", "atr_14", "sma_20", "ema_9", "ema_21", "ema_50",
        "macd", "macd_signal", "macd_hist", "bb_upper", "bb_middle", "bb_lower",
        "adx_14", "plus_di_14", "minus_di_14",
    ]

    @Test("matches TA-Lib from the first defined index, NaN exactly where TA-Lib has none",
          arguments: keys)
    func matchesTALibGoldenValues(key: String) throws {
        let candles = try GoldenCandles.load()
        let golden = try GoldenCandles.goldenSeries(key)
        let actual = candles.indicator(key)
        #expect(golden.count == 1000)
        #expect(golden.contains { !$0.isNaN })
        expectSeries(actual, golden, relative: Self.relativeTolerance, absolute: Self.roundingSlack)
    }

    @Test func rsi14PinsTheSpecGoldenValues() throws {
        let candles = try GoldenCandles.load()
        let rsi = Indicator.rsi(candles.closes, period: 14)
        let expected = [57.2051217885, 59.6756493664, 57.6345136782, 59.0975234785, 65.2660195940]
        expectSeries(Array(rsi[14...18]), expected, relative: 1e-8, absolute: 0)
        #expect(rsi[..<14].allSatisfy { $0.isNaN })
    }
}

/// The first 1000 candles of `BTCUSDT-5m-2024-01.csv` as columns.
private struct GoldenCandles {
    var opens: [Double] = []
    var highs: [Double] = []
    var lows: [Double] = []
    var closes: [Double] = []

    /// Parses Binance kline rows: open_time, open, high, low, close, volume, ...
    static func load(count: Int = 1000) throws -> GoldenCandles {
        let url = SharedData.klinesFolder.appendingPathComponent("BTCUSDT-5m-2024-01.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var candles = GoldenCandles()
        for row in text.split(whereSeparator: \.isNewline).prefix(count) {
            let fields = row.split(separator: ",")
            candles.opens.append(try #require(Double(fields[1])))
            candles.highs.append(try #require(Double(fields[2])))
            candles.lows.append(try #require(Double(fields[3])))
            candles.closes.append(try #require(Double(fields[4])))
        }
        try #require(candles.closes.count == count)
        return candles
    }

    /// One golden array, `null` read as NaN.
    static func goldenSeries(_ key: String) throws -> [Double] {
        let data = try Data(contentsOf: SharedData.goldenIndicators)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let values = try #require(object[key] as? [Any], "no golden key \(key)")
        return values.map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }

    func indicator(_ key: String) -> [Double] {
        let macd = Indicator.macd(closes, fast: 12, slow: 26, signal: 9)
        let bands = Indicator.bollinger(closes, period: 20, deviations: 2)
        let movement = Indicator.directionalMovement(highs: highs, lows: lows, closes: closes, period: 14)
        switch key {
        case "rsi_7": return Indicator.rsi(closes, period: 7)
        case "rsi_14": return Indicator.rsi(closes, period: 14)
        case "rsi_21": return Indicator.rsi(closes, period: 21)
        case "atr_14": return Indicator.atr(highs: highs, lows: lows, closes: closes, period: 14)
        case "sma_20": return Indicator.sma(closes, period: 20)
        case "ema_9": return Indicator.ema(closes, period: 9)
        case "ema_21": return Indicator.ema(closes, period: 21)
        case "ema_50": return Indicator.ema(closes, period: 50)
        case "macd": return macd.line
        case "macd_signal": return macd.signal
        case "macd_hist": return macd.histogram
        case "bb_upper": return bands.upper
        case "bb_middle": return bands.middle
        case "bb_lower": return bands.lower
        case "adx_14": return movement.adx
        case "plus_di_14": return movement.plusDI
        case "minus_di_14": return movement.minusDI
        default: Issue.record("unknown key \(key)"); return []
        }
    }
}
