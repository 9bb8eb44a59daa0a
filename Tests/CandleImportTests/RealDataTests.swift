import CandleImport
import Foundation
import MarketData
import Testing
import TestSupport

@Suite("Real Binance BTCUSDT 5m files", .enabled(if: SharedData.hasKlines, Comment(rawValue: SharedData.missingMessage)))
struct RealDataTests {
    let files2024 = SharedData.klineFiles2024.map(\.path)

    @Test func aYearOfFiveMinuteCandlesLoadsWhole() throws {
        let series = try CandleImporter.load(paths: files2024, symbol: "BTCUSDT", timeframe: .fiveMinutes)
        #expect(series.count == 105_408)
        #expect(series.symbol == "BTCUSDT")
        #expect(series.timeframe == .fiveMinutes)
        #expect(series.openTimes.first == UTCTime.milliseconds(year: 2024, month: 1, day: 1))
        #expect(series.openTimes.last == UTCTime.milliseconds(year: 2024, month: 12, day: 31, hour: 23, minute: 55))
        #expect(series.gaps().isEmpty)
        #expect(throws: Never.self) { try series.validate() }
        let first = series[0]
        #expect(first.open == 42283.58)
        #expect(first.high == 42397.23)
        #expect(first.low == 42261.02)
        #expect(first.close == 42397.23)
        #expect(first.volume == 155.25731)
    }

    @Test func filesGivenInReverseOrderGiveTheSameSeries() throws {
        let forward = try CandleImporter.load(paths: files2024, symbol: "BTCUSDT", timeframe: .fiveMinutes)
        let reversed = try CandleImporter.load(paths: files2024.reversed(), symbol: "BTCUSDT", timeframe: .fiveMinutes)
        #expect(reversed == forward)
    }

    @Test func microsecondFileOf2025ParsesToMilliseconds() throws {
        let url = SharedData.klinesFolder.appendingPathComponent("BTCUSDT-5m-2025-01.csv")
        let candles = try CandleImporter.parse(csv: try Data(contentsOf: url), file: url.path, timeframe: .fiveMinutes)
        #expect(candles.count == 31 * 288)
        #expect(candles.first?.openTime == UTCTime.milliseconds(year: 2025, month: 1, day: 1))
        #expect(candles.last?.openTime == UTCTime.milliseconds(year: 2025, month: 1, day: 31, hour: 23, minute: 55))
        #expect(candles.first?.open == 93576.0)
        #expect(candles.allSatisfy { $0.openTime % 300_000 == 0 })
    }

    @Test func folderPathReadsEveryMonthOfTheFolder() throws {
        let series = try CandleImporter.load(paths: [SharedData.klinesFolder.path], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        // 2023-10 through 2025-02, millisecond and microsecond files together.
        #expect(series.count == 148_896)
        #expect(series.openTimes.first == UTCTime.milliseconds(year: 2023, month: 10, day: 1))
        #expect(series.openTimes.last == UTCTime.milliseconds(year: 2025, month: 2, day: 28, hour: 23, minute: 55))
        #expect(series.gaps().isEmpty)
    }

    @Test func globPatternSelectsTheMonthsItNames() throws {
        let pattern = SharedData.klinesFolder.path + "/BTCUSDT-5m-2024-*.csv"
        let series = try CandleImporter.load(paths: [pattern], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        #expect(series.count == 105_408)
        let twoMonths = SharedData.klinesFolder.path + "/BTCUSDT-5m-2024-0[12].csv"
        let short = try CandleImporter.load(paths: [twoMonths], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        #expect(short.count == (31 + 29) * 288)
    }

    @Test func folderOfOtherSymbolFindsNothingAndSaysWhatItLookedFor() {
        #expect {
            try CandleImporter.load(paths: [SharedData.klinesFolder.path], symbol: "ETHUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            let text = "\(error)"
            return text.contains(SharedData.klinesFolder.path) && text.contains("ETHUSDT-5m-")
        }
    }

    @Test func realFilesAreRejectedForAnotherTimeframe() {
        #expect {
            try CandleImporter.load(paths: [files2024[0]], symbol: "BTCUSDT", timeframe: .oneHour)
        } throws: { error in
            "\(error)".contains("BTCUSDT-5m-2024-01.csv:1: candle interval is 5m but the study's timeframe is 1h")
        }
    }

    @Test func parsedDoublesEqualFoundationsBitForBit() throws {
        for name in ["BTCUSDT-5m-2024-01.csv", "BTCUSDT-5m-2024-07.csv", "BTCUSDT-5m-2025-01.csv"] {
            let url = SharedData.klinesFolder.appendingPathComponent(name)
            let data = try Data(contentsOf: url)
            let candles = try CandleImporter.parse(csv: data, file: name, timeframe: .fiveMinutes)
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == candles.count)
            for index in stride(from: 0, to: lines.count, by: 7) {
                let fields = lines[index].split(separator: ",").map(String.init)
                let expected = try [1, 2, 3, 4, 5].map { try #require(Double(fields[$0])) }
                let candle = candles[index]
                let parsed = [candle.open, candle.high, candle.low, candle.close, candle.volume]
                #expect(parsed.map(\.bitPattern) == expected.map(\.bitPattern), "\(name) line \(index + 1)")
            }
        }
    }

    @Test func binancesHeaderRowIsSkipped() throws {
        let url = SharedData.klineFiles2024[0]
        let bytes = try Data(contentsOf: url)
        let withHeader = Data((Klines.header + "\n").utf8) + bytes
        let plain = try CandleImporter.parse(csv: bytes, file: "plain.csv", timeframe: .fiveMinutes)
        let headed = try CandleImporter.parse(csv: withHeader, file: "headed.csv", timeframe: .fiveMinutes)
        #expect(headed == plain)
        #expect(CandleImporter.format(ofCSV: withHeader) == .binanceKlines)
    }
}
