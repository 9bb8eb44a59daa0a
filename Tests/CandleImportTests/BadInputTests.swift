import CandleImport
import Foundation
import MarketData
import Testing
import ZIPFoundation

/// Every bad input is an error naming the file and the line, never a crash.
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var line: Int
        var says: String
        var testDescription: String { name }
    }

    static let good = Klines.rows(5)

    static let cases: [Case] = [
        Case(name: "bad number at line 3",
             text: [good[0], good[1], good[2].replacingOccurrences(of: ",103.25,", with: ",10x3.25,"), good[3]].joined(separator: "\n"),
             line: 3, says: "column 3 (high) is \"10x3.25\", not a decimal number"),
        Case(name: "empty price", text: [good[0], good[1].replacingOccurrences(of: ",101.5,", with: ",,")].joined(separator: "\n"),
             line: 2, says: "column 2 (open) is empty"),
        Case(name: "bad open time", text: [good[0], "17040675OO000" + good[1].drop(while: { $0 != "," })].joined(separator: "\n"),
             line: 2, says: "column 1 (open_time)"),
        Case(name: "wrong column count", text: [good[0], good[1] + ",9", good[2]].joined(separator: "\n"),
             line: 2, says: "has 13 columns, expected 12"),
        Case(name: "file cut short", text: [good[0], good[1], String(good[2].prefix(30))].joined(separator: "\n"),
             line: 3, says: "has 4 columns, expected 12"),
        Case(name: "high below low",
             text: [good[0], Klines.row(Klines.start + Klines.fiveMinutes, "101.5", "100", "101.125", "101.75")].joined(separator: "\n"),
             line: 2, says: "low 101.125 is above high 100.0"),
        Case(name: "negative volume",
             text: [good[0], Klines.row(Klines.start + Klines.fiveMinutes, "101.5", "102", "101", "101.75", "-1")].joined(separator: "\n"),
             line: 2, says: "volume -1.0"),
        Case(name: "zero price",
             text: [good[0], Klines.row(Klines.start + Klines.fiveMinutes, "0", "102", "0", "101.75")].joined(separator: "\n"),
             line: 2, says: "prices must be above zero"),
        Case(name: "negative price",
             text: [good[0], Klines.row(Klines.start + Klines.fiveMinutes, "101.5", "102", "-101", "101.75")].joined(separator: "\n"),
             line: 2, says: "prices must be above zero"),
        Case(name: "absurd price",
             text: [good[0], Klines.row(Klines.start + Klines.fiveMinutes, "101.5", "2e13", "101", "101.75")].joined(separator: "\n"),
             line: 2, says: "high 20000000000000.0 is above 1e12, more than any market's price; is the price in the right unit?"),
        Case(name: "price a hundred times the previous close",
             text: [good[0], good[1], Klines.row(Klines.start + 2 * Klines.fiveMinutes, "10500", "10600", "10400", "10575")].joined(separator: "\n"),
             line: 3, says: "the open 10500.0 is 103× the previous candle's close 101.75 at line 2; fix or remove the bad row"),
        Case(name: "price a hundredth of the previous close",
             text: [good[0], Klines.row(Klines.start + Klines.fiveMinutes, "1.005", "1.01", "1", "1.0075")].joined(separator: "\n"),
             line: 2, says: "the open 1.005 is 1/100 the previous candle's close 100.75 at line 1"),
        Case(name: "partial last candle",
             text: [Klines.row(UTCTime.milliseconds(year: 2099, month: 1, day: 1), "1", "2", "0.5", "1.5")].joined(separator: "\n"),
             line: 1, says: "the candle opening at 2099-01-01T00:00:00Z closes at 2099-01-01T00:05:00Z, after now"),
        Case(name: "mixed timeframes",
             text: [good[0], good[1], Klines.row(Klines.start + 2 * Klines.fiveMinutes, "102.5", "103", "102", "102.75",
                                                 interval: 3_600_000)].joined(separator: "\n"),
             line: 3, says: "candle interval is 1h but the study's timeframe is 5m"),
        Case(name: "duplicate row", text: [good[0], good[1], good[1], good[2]].joined(separator: "\n"),
             line: 3, says: "duplicate open time 2024-01-01T00:05:00Z, already at line 2"),
        Case(name: "out of order", text: [good[0], good[2], good[1]].joined(separator: "\n"),
             line: 3, says: "sort the rows by time"),
        Case(name: "off the grid", text: [good[0], Klines.row(Klines.start + 360_000, "1", "2", "0.5", "1.5")].joined(separator: "\n"),
             line: 2, says: "not on the 5m grid"),
        Case(name: "empty file", text: "", line: 1, says: "the file is empty"),
        Case(name: "blank lines only", text: "\n \r\n\n", line: 1, says: "the file is empty"),
        Case(name: "header without rows", text: Klines.header + "\n", line: 1, says: "no candle rows"),
        // Volume may be left out (FX quotes have none: CSVShapesTests); a price may not.
        Case(name: "missing close column", text: "timestamp,open,high,low,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5\n",
             line: 1, says: "no \"close\" column"),
        Case(name: "missing time column", text: "when,open,high,low,close,volume\nyesterday,1,2,0.5,1.5,1\n",
             line: 1, says: "no time column"),
        Case(name: "column named twice", text: "date,open,high,low,close,Close,volume\n", line: 1, says: "twice (columns 5 and 6)"),
        Case(name: "headerless generic file", text: "1704067200,1,2,0.5,1.5,1\n", line: 1, says: "needs a header line"),
        Case(name: "bad date", text: "date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,1\n2024-02-30,1,2,0.5,1.5,1\n",
             line: 3, says: "time \"2024-02-30\""),
        Case(name: "generic row with a missing column", text: "date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5\n",
             line: 2, says: "has 5 columns but the header (line 1) has 6"),
        Case(name: "wrong interval",
             text: Klines.row(Klines.start, "1", "2", "0.5", "1.5", interval: 3_600_000),
             line: 1, says: "candle interval is 1h but the study's timeframe is 5m"),
        Case(name: "unclosed quote", text: "timestamp,open,high,low,close,volume\n\n\"2024-01-01,1,2,0.5,1.5,1\n",
             line: 3, says: "never closed"),
        Case(name: "text after a quote", text: "timestamp,open,high,low,close,volume\n\"2024-01-01\"x,1,2,0.5,1.5,1\n",
             line: 2, says: "text follows a closing quote"),
        Case(name: "nan price", text: "timestamp,open,high,low,close,volume\n2024-01-01,nan,2,0.5,1.5,1\n",
             line: 2, says: "column 2 (open) is \"nan\""),
        Case(name: "binary garbage", text: "\u{0}\u{1}\u{7F}PK\u{FFFD},,\n\u{0}", line: 1, says: "the file is not text"),
        Case(name: "control characters in a header", text: "\u{1B}[31m,open\n", line: 1, says: "no time column in the header \"?[31m,open\""),
    ]

    @Test(arguments: cases)
    func badInputNamesFileAndLine(_ input: Case) throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("bad.csv", input.text)
        #expect {
            try CandleImporter.load(paths: [file], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            let text = "\(error)"
            let ok = text.contains("bad.csv:\(input.line): ") && text.contains(input.says)
            if !ok { Issue.record("got: \(text)") }
            return ok
        }
    }

    @Test func errorDescriptionIsFileLineMessage() {
        #expect(CandleImportError(file: "a.csv", line: 3, message: "bad").description == "a.csv:3: bad")
        #expect(CandleImportError(file: "a.zip", line: nil, message: "bad").description == "a.zip: bad")
    }

    func makeZip(in folder: TemporaryFolder) throws -> [UInt8] {
        try folder.write("BTCUSDT-5m-2024-01.csv", Klines.rows(200).joined(separator: "\n"))
        let zipURL = folder.url.appendingPathComponent("source.zip")
        let archive = try Archive(url: zipURL, accessMode: .create)
        try archive.addEntry(with: "BTCUSDT-5m-2024-01.csv", relativeTo: folder.url, compressionMethod: .deflate)
        return Array(try Data(contentsOf: zipURL))
    }

    @Test func truncatedZipIsAnErrorNamingTheArchive() throws {
        let folder = try TemporaryFolder()
        let bytes = try makeZip(in: folder)
        let file = try folder.write("BTCUSDT-5m-2024-02.zip", bytes: Array(bytes.prefix(bytes.count / 2)))
        #expect {
            try CandleImporter.load(paths: [file], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            "\(error)".contains("BTCUSDT-5m-2024-02.zip: not a readable ZIP archive")
        }
    }

    @Test func garbageZipIsAnErrorNamingTheArchive() throws {
        let folder = try TemporaryFolder()
        var random = SeededGenerator(seed: 7)
        let file = try folder.write("garbage.zip", bytes: (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &random) })
        #expect {
            try CandleImporter.load(paths: [file], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            "\(error)".contains("garbage.zip: ")
        }
    }

    @Test func damagedZipEntryIsAnErrorNamingTheEntry() throws {
        let folder = try TemporaryFolder()
        var bytes = try makeZip(in: folder)
        // Flip bytes inside the compressed data (after the 30-byte local header and the name).
        for offset in 80..<90 { bytes[offset] ^= 0x5A }
        let file = try folder.write("damaged.zip", bytes: bytes)
        #expect {
            try CandleImporter.load(paths: [file], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            "\(error)".contains("damaged.zip/BTCUSDT-5m-2024-01.csv: cannot extract the entry")
        }
    }

    @Test func zipWithoutCSVIsAnError() throws {
        let folder = try TemporaryFolder()
        try folder.write("notes.txt", "hello")
        let zipURL = folder.url.appendingPathComponent("empty.zip")
        let archive = try Archive(url: zipURL, accessMode: .create)
        try archive.addEntry(with: "notes.txt", relativeTo: folder.url)
        #expect {
            try CandleImporter.load(paths: [zipURL.path], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            "\(error)".contains("empty.zip: the ZIP archive holds no .csv file")
        }
    }

    @Test func badRowInsideZipNamesArchiveEntryAndLine() throws {
        let folder = try TemporaryFolder()
        try folder.write("month.csv", [Self.good[0], Self.good[0]].joined(separator: "\n"))
        let zipURL = folder.url.appendingPathComponent("month.zip")
        let archive = try Archive(url: zipURL, accessMode: .create)
        try archive.addEntry(with: "month.csv", relativeTo: folder.url, compressionMethod: .deflate)
        #expect {
            try CandleImporter.load(paths: [zipURL.path], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            "\(error)".contains("month.zip/month.csv:2: duplicate open time")
        }
    }

    @Test func globMatchingNothingIsAnErrorNamingThePattern() throws {
        let folder = try TemporaryFolder()
        let pattern = folder.path("BTCUSDT-5m-1999-*.csv")
        #expect {
            try CandleImporter.load(paths: [pattern], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            "\(error)".contains("\(pattern): the pattern matches no file")
        }
    }

    @Test func globMatchingOnlyOtherSymbolsSaysWhatItLookedFor() throws {
        let folder = try TemporaryFolder()
        try folder.write("ETHUSDT-5m-2024-01.csv", Klines.rows(2).joined(separator: "\n"))
        let pattern = folder.path("*-5m-*.csv")
        #expect {
            try CandleImporter.load(paths: [pattern], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            let text = "\(error)"
            return text.contains(pattern) && text.contains("BTCUSDT-5m-*") && text.contains("ETHUSDT-5m-2024-01.csv")
        }
    }

    @Test func folderWithoutMatchingFilesIsAnErrorNamingTheFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("BTCUSDT-1h-2024-01.csv", "x")
        try folder.write("readme.md", "x")
        #expect {
            try CandleImporter.load(paths: [folder.path], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            let text = "\(error)"
            return text.contains("\(folder.path): no file for BTCUSDT 5m") && text.contains("BTCUSDT-1h-2024-01.csv")
        }
        let empty = try TemporaryFolder()
        #expect {
            try CandleImporter.load(paths: [empty.path], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            "\(error)".contains("\(empty.path): no .csv or .zip file in this folder")
        }
    }

    @Test func missingPathAndNoPathsAreErrors() {
        #expect {
            try CandleImporter.load(paths: ["/nonexistent/BTCUSDT-5m-2024-01.csv"], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        } throws: { error in
            "\(error)".contains("/nonexistent/BTCUSDT-5m-2024-01.csv: no such file or folder")
        }
        #expect(throws: CandleImportError.self) {
            try CandleImporter.load(paths: [], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        }
    }
}

/// Random and mangled bytes: the importer must throw or succeed, never crash.
struct FuzzTests {
    @Test func randomBytesNeverCrashTheParser() {
        var random = SeededGenerator(seed: 42)
        let alphabet = Array("0123456789.,\n\r\"e-+ :TZabc".utf8) + [0, 0xFF, 0xEF, 0xBB, 0xBF]
        for round in 0..<2_000 {
            let length = Int.random(in: 0...300, using: &random)
            let bytes: [UInt8] = (0..<length).map { _ in
                round % 2 == 0 ? UInt8.random(in: 0...255, using: &random) : alphabet.randomElement(using: &random) ?? 0
            }
            _ = try? CandleImporter.parse(csv: bytes, file: "fuzz.csv", timeframe: .fiveMinutes)
        }
    }

    @Test func mangledKlineFilesNeverCrashTheParser() {
        var random = SeededGenerator(seed: 1)
        let valid = Array((Klines.header + "\n" + Klines.rows(20).joined(separator: "\n")).utf8)
        for cut in 0...valid.count {
            _ = try? CandleImporter.parse(csv: Array(valid.prefix(cut)), file: "cut.csv", timeframe: .fiveMinutes)
        }
        for _ in 0..<2_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = UInt8.random(in: 0...255, using: &random)
            }
            _ = try? CandleImporter.parse(csv: bytes, file: "mangled.csv", timeframe: .fiveMinutes)
        }
    }

    @Test func mangledZipsNeverCrashTheImporter() throws {
        let folder = try TemporaryFolder()
        try folder.write("m.csv", Klines.rows(50).joined(separator: "\n"))
        let zipURL = folder.url.appendingPathComponent("m.zip")
        let archive = try Archive(url: zipURL, accessMode: .create)
        try archive.addEntry(with: "m.csv", relativeTo: folder.url, compressionMethod: .deflate)
        let valid = Array(try Data(contentsOf: zipURL))
        var random = SeededGenerator(seed: 3)
        for round in 0..<300 {
            var bytes = valid
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            } else {
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] = UInt8.random(in: 0...255, using: &random)
                }
            }
            let file = try folder.write("fuzz-\(round).zip", bytes: bytes)
            _ = try? CandleImporter.load(paths: [file], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        }
    }
}
