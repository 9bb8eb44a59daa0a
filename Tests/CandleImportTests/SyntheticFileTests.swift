import CandleImport
import Foundation
import MarketData
import Testing
import ZIPFoundation

struct SyntheticFileTests {
    func load(_ paths: [String], symbol: String = "BTCUSDT", timeframe: Timeframe = .fiveMinutes) throws -> CandleSeries {
        try CandleImporter.load(paths: paths, symbol: symbol, timeframe: timeframe)
    }

    /// A ZIP archive built with ZIPFoundation holding the given files of `folder`.
    func makeZip(_ zipName: String, holding names: [String], in folder: TemporaryFolder) throws -> String {
        let zipPath = folder.path(zipName)
        let archive = try Archive(url: URL(fileURLWithPath: zipPath), accessMode: .create)
        for name in names {
            try archive.addEntry(with: name, relativeTo: folder.url, compressionMethod: .deflate)
        }
        return zipPath
    }

    @Test func headerAndNoHeaderGiveTheSameCandles() throws {
        let folder = try TemporaryFolder()
        let rows = Klines.rows(5)
        let plain = try folder.write("plain.csv", rows.joined(separator: "\n") + "\n")
        let headed = try folder.write("headed.csv", ([Klines.header] + rows).joined(separator: "\n"))
        let expected = (0..<5).map(Klines.candle)
        #expect(try load([plain]) == CandleSeries(symbol: "BTCUSDT", timeframe: .fiveMinutes, candles: expected))
        #expect(try load([headed]) == load([plain]))
    }

    @Test func millisecondAndMicrosecondRowsMixInOneFile() throws {
        let folder = try TemporaryFolder()
        let rows = Klines.rows(2) + Klines.rows(2, from: 2, microseconds: true) + Klines.rows(1, from: 4)
        let file = try folder.write("mixed.csv", rows.joined(separator: "\n"))
        let series = try load([file])
        #expect(series.count == 5)
        #expect(series.openTimes == (0..<5).map { Klines.start + Int64($0) * Klines.fiveMinutes })
        #expect(Array(series.indices.map { series[$0] }) == (0..<5).map(Klines.candle))
    }

    @Test func zipGivesTheSameCandlesAsItsCSV() throws {
        let folder = try TemporaryFolder()
        let csv = try folder.write("BTCUSDT-5m-2024-01.csv", Klines.rows(300).joined(separator: "\n"))
        let zip = try makeZip("archive.zip", holding: ["BTCUSDT-5m-2024-01.csv"], in: folder)
        let fromZip = try load([zip])
        #expect(fromZip.count == 300)
        #expect(fromZip == (try load([csv])))
    }

    @Test func zipHoldingSeveralMonthsReadsThemAll() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.csv", Klines.rows(3).joined(separator: "\n"))
        try folder.write("b.csv", Klines.rows(3, from: 3).joined(separator: "\n"))
        try folder.write("notes.txt", "not candles")
        let zip = try makeZip("months.zip", holding: ["b.csv", "notes.txt", "a.csv"], in: folder)
        #expect(try load([zip]).count == 6)
    }

    @Test func zipAndCSVOfTheSameMonthInOneFolderAreReadOnce() throws {
        let folder = try TemporaryFolder()
        let data = try folder.makeFolder("data")
        let rows = Klines.rows(20).joined(separator: "\n")
        try folder.write("data/BTCUSDT-5m-2024-01.csv", rows)
        let zipPath = data + "/BTCUSDT-5m-2024-01.zip"
        let archive = try Archive(url: URL(fileURLWithPath: zipPath), accessMode: .create)
        try archive.addEntry(with: "BTCUSDT-5m-2024-01.csv", relativeTo: URL(fileURLWithPath: data), compressionMethod: .deflate)
        let series = try load([data])
        #expect(series.count == 20)
        #expect(series.gaps().isEmpty)
    }

    @Test func overlappingFilesInAnyOrderMergeIntoOneSeries() throws {
        let folder = try TemporaryFolder()
        let late = try folder.write("late.csv", Klines.rows(6, from: 4).joined(separator: "\n"))
        let early = try folder.write("early.csv", Klines.rows(6).joined(separator: "\n"))
        let series = try load([late, early])
        #expect(series.count == 10)
        #expect(Array(series.indices.map { series[$0] }) == (0..<10).map(Klines.candle))
        #expect(try load([early, late]) == series)
    }

    @Test func sameFileGivenTwiceIsReadOnce() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("BTCUSDT-5m-2024-01.csv", Klines.rows(4).joined(separator: "\n"))
        #expect(try load([file, folder.path, file]).count == 4)
    }

    @Test func conflictingDuplicateNamesBothFiles() throws {
        let folder = try TemporaryFolder()
        let first = try folder.write("first.csv", Klines.rows(3).joined(separator: "\n"))
        var rows = Klines.rows(2, from: 2)
        rows[0] = Klines.row(Klines.start + 2 * Klines.fiveMinutes, "102.5", "103.25", "102.125", "102.8")
        let second = try folder.write("second.csv", rows.joined(separator: "\n"))
        #expect {
            try load([first, second])
        } throws: { error in
            let text = "\(error)"
            return text.contains("second.csv:1:") && text.contains("first.csv line 3") && text.contains("2024-01-01T00:10:00Z")
        }
    }

    @Test func folderReadsOnlyTheRequestedSymbolAndTimeframeAmongBinanceNames() throws {
        let folder = try TemporaryFolder()
        try folder.write("BTCUSDT-5m-2024-01.csv", Klines.rows(4).joined(separator: "\n"))
        // Same times, other prices: would conflict if read.
        try folder.write("ETHUSDT-5m-2024-01.csv", [Klines.row(Klines.start, "2281", "2290", "2270", "2285")].joined())
        // One-hour candles: would fail the interval check if read.
        try folder.write("BTCUSDT-1h-2024-01.csv", Klines.row(Klines.start, "1", "2", "0.5", "1.5", interval: 3_600_000))
        // Not a Binance name: read.
        try folder.write("extra.csv", "timestamp,open,high,low,close,volume\n2024-01-01T00:20:00Z,104.5,105.25,104.125,104.75,4.001\n")
        try folder.write("readme.txt", "not read")
        try folder.makeFolder("BTCUSDT-5m-nested.csv")  // a folder, not a file
        let series = try load([folder.path])
        #expect(Array(series.indices.map { series[$0] }) == (0..<5).map(Klines.candle))
        #expect(try load([folder.path], symbol: "btcusdt").count == 5)
    }

    @Test func explicitFilesAreReadWhateverTheirName() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("ETHUSDT-1h-2024-01.txt", Klines.rows(3).joined(separator: "\n"))
        #expect(try load([file]).count == 3)
    }

    @Test func globPatternsMatchStarQuestionMarkAndSets() throws {
        let folder = try TemporaryFolder()
        try folder.makeFolder("2024")
        try folder.write("2024/BTCUSDT-5m-2024-01.csv", Klines.rows(2).joined(separator: "\n"))
        try folder.write("2024/BTCUSDT-5m-2024-02.csv", Klines.rows(2, from: 2).joined(separator: "\n"))
        try folder.write("2024/BTCUSDT-5m-2024-03.csv", Klines.rows(2, from: 4).joined(separator: "\n"))
        try folder.write("2024/ETHUSDT-5m-2024-01.csv", Klines.rows(1).joined(separator: "\n"))
        #expect(try load([folder.path("2024/*.csv")]).count == 6)
        #expect(try load([folder.path("202?/BTCUSDT-5m-2024-0[13].csv")]).count == 4)
        #expect(try load([folder.path("*/BTCUSDT-5m-2024-0[!1].csv")]).count == 4)
        #expect(try load([folder.path("20*")]).count == 6)
    }

    @Test func genericCSVWithColumnsInAnyOrderAndCase() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("any-order.csv", """
            Volume,CLOSE,Timestamp,low,High,Open,Trades
            0.001,100.75,2024-01-01T00:00:00Z,100.125,101.25,100.5,17
            1.001,101.75,2024-01-01T00:05:00Z,101.125,102.25,101.5,18
            """)
        let series = try load([file])
        #expect(Array(series.indices.map { series[$0] }) == (0..<2).map(Klines.candle))
    }

    @Test(arguments: [
        ("date", "2024-01-01 00:00:00", "2024-01-01 00:05:00"),
        ("datetime", "2024-01-01T00:00:00.000Z", "2024-01-01T01:05:00+01:00"),
        ("time", "1704067200", "1704067500"),
        ("open_time", "1704067200000", "1704067500000"),
        ("Open Time", "1704067200000000", "1704067500000000"),
    ])
    func genericCSVTimes(column: String, first: String, second: String) throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("times.csv", """
            \(column),open,high,low,close,volume
            \(first),100.5,101.25,100.125,100.75,0.001
            \(second),101.5,102.25,101.125,101.75,1.001

            """)
        let series = try load([file])
        #expect(series.openTimes == [Klines.start, Klines.start + Klines.fiveMinutes])
    }

    @Test func genericCSVWithSeparateDateAndTimeColumns() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("split.csv", "date,time,open,high,low,close,volume\n"
            + "2024-01-01,00:00,1,2,0.5,1.5,3\n2024-01-01,00:05,1,2,0.5,1.5,3\n")
        #expect(try load([file]).openTimes == [Klines.start, Klines.start + Klines.fiveMinutes])
    }

    @Test func quotesWhitespaceCarriageReturnsAndByteOrderMarkAreTolerated() throws {
        let folder = try TemporaryFolder()
        let text = "\u{FEFF}\"timestamp\" , \"open\",high,low,close,\"volume\"\r\n"
            + " \"2024-01-01T00:00:00Z\" ,\t\"100.5\" , 101.25,100.125,100.75,0.001\r\n"
            + "\r\n"
            + "2024-01-01T00:05:00Z,101.5,\"102.25\",101.125,101.75,\"1.001\"\r\n\r\n"
        let file = try folder.write("quoted.csv", text)
        let series = try load([file])
        #expect(Array(series.indices.map { series[$0] }) == (0..<2).map(Klines.candle))
    }

    @Test func rowsFartherApartThanTheTimeframeAreRejected() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("hourly.csv", "timestamp,open,high,low,close,volume\n"
            + (0..<4).map { "2024-01-01T0\($0):00:00Z,1,2,0.5,1.5,3" }.joined(separator: "\n"))
        #expect {
            try load([file])
        } throws: { error in
            let text = "\(error)"
            return text.contains("hourly.csv:3:") && text.contains("1h") && text.contains("5m")
        }
        #expect(try load([file], timeframe: .oneHour).count == 4)
    }

    @Test func formatIsDetectedFromTheFirstRow() {
        #expect(CandleImporter.format(ofCSV: Array(Klines.rows(1)[0].utf8)) == .binanceKlines)
        #expect(CandleImporter.format(ofCSV: Array((Klines.header + "\n").utf8)) == .binanceKlines)
        #expect(CandleImporter.format(ofCSV: Array("Date,Open,High,Low,Close,Volume\n".utf8)) == .genericCSV)
        #expect(CandleImporter.format(ofCSV: Array("\n\n".utf8)) == nil)
    }

    @Test func parseReturnsCandlesInFileOrder() throws {
        let bytes = Array(Klines.rows(3).joined(separator: "\n").utf8)
        let candles = try CandleImporter.parse(csv: bytes, file: "inline.csv", timeframe: .fiveMinutes)
        #expect(candles == (0..<3).map(Klines.candle))
    }
}
