@testable import BinanceClient
import MarketData
import Testing

/// Reading Binance's klines JSON exactly, and refusing anything else without trapping.
@Suite struct KlinesParserTests {
    /// The first 5m candle of 2024, as Binance sends it.
    static let binanceRow = #"[1704067200000,"42283.58000000","42298.62000000","42261.02000000","42298.61000000","35.92724000",1704067499999,"1519032.69876680",1446,"21.06084000","890622.36052360","0"]"#

    @Test func readsBinancesRowIntoExactlyTheDoublesOfItsStrings() throws {
        let rows = try KlinesParser.parse(Array("[\(Self.binanceRow)]".utf8))
        #expect(rows == [KlineRow(openTime: 1_704_067_200_000, open: Double("42283.58000000")!,
                                  high: Double("42298.62000000")!, low: Double("42261.02000000")!,
                                  close: Double("42298.61000000")!, volume: Double("35.92724000")!,
                                  closeTime: 1_704_067_499_999)])
        #expect(rows[0].open.bitPattern == 42283.58.bitPattern)
    }

    /// The fast path (mantissa / 10^k) and the fallback both give `Double(String)`, bit
    /// for bit, on random decimals of 1 to 22 digits, with and without a sign, a point
    /// or an exponent.
    @Test func decimalsAreExactlyDoubleOfTheirText() throws {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            let digits = (0..<Int.random(in: 1...22, using: &generator)).map { _ in
                Character(String(Int.random(in: 0...9, using: &generator)))
            }
            var text = String(digits)
            if Bool.random(using: &generator) {
                text.insert(".", at: text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &generator)))
                if text == "." { text = "0.5" }
            }
            if Int.random(in: 0..<10, using: &generator) == 0 { text += "e\(Int.random(in: -30...30, using: &generator))" }
            if Bool.random(using: &generator) { text = "-" + text }
            let rows = try KlinesParser.parse(Array("[[0,\"\(text)\",\"1\",\"1\",\"1\",\"1\"]]".utf8))
            let expected = try #require(Double(text), "\(text)")
            #expect(rows.first?.open.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    @Test func readsAnEmptyArrayAndWhitespace() throws {
        #expect(try KlinesParser.parse(Array("[]".utf8)).isEmpty)
        #expect(try KlinesParser.parse(Array(" \n[ ]\r\n".utf8)).isEmpty)
        #expect(try KlinesParser.parse(Array("[\n \(Self.binanceRow) ,\(Self.binanceRow.replacingOccurrences(of: "1704067200000", with: "1704067500000"))]".utf8)).count == 2)
    }

    @Test(arguments: [
        "", "   ", "[", "[[", "{}", "null", "\"text\"", "[1,2,3]", "[[]]", "[{}]",
        #"{"code":-1121,"msg":"Invalid symbol."}"#,
        "<html><body>502 Bad Gateway</body></html>",
        #"[[1704067200000,"1","2","0.5"]]"#,                          // too few columns
        #"[["1704067200000","1","2","0.5","1.5","10",1704067499999]]"#, // open time as a string
        #"[[1704067200000.5,"1","2","0.5","1.5","10"]]"#,              // fractional open time
        #"[[1704067200000,"abc","2","0.5","1.5","10"]]"#,              // a price that is not a number
        #"[[1704067200000,"nan","2","0.5","1.5","10"]]"#,
        #"[[1704067200000,"inf","2","0.5","1.5","10"]]"#,
        #"[[1704067200000,"0x1p3","2","0.5","1.5","10"]]"#,
        #"[[1704067200000,"","2","0.5","1.5","10"]]"#,
        #"[[1704067200000,"1e999","2","0.5","1.5","10"]]"#,
        #"[[1704067200000,[1],"2","0.5","1.5","10"]]"#,
        #"[[1704067200000,"1","2","0.5","1.5","10"]] trailing"#,
        #"[[1704067200000,"1","2","0.5","1.5","10"],]"#,
        #"[[1704067200000,"1","2","0.5","1.5","10"] [1704067500000,"1","2","0.5","1.5","10"]]"#,
        #"[[1704067200000,"1\"#,
        "[[99999999999999999999,\"1\",\"2\",\"0.5\",\"1.5\",\"10\"]]",
    ])
    func refusesWhatIsNotAKlinesArray(body: String) {
        #expect(throws: KlinesParseError.self) { try KlinesParser.parse(Array(body.utf8)) }
    }

    @Test func everyTruncationOfAValidBodyIsAnErrorNotACrash() {
        let body = Array("[\(Self.binanceRow),\(Self.binanceRow.replacingOccurrences(of: "1704067200000", with: "1704067500000"))]".utf8)
        for length in 0..<body.count {
            #expect(throws: KlinesParseError.self, "\(length) bytes") { try KlinesParser.parse(body.prefix(length)) }
        }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SeededGenerator(seed: 5)
        let alphabet = Array("[]{},\"0123456789.-eE \\nabc".utf8)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<80, using: &generator)
            let body = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            _ = try? KlinesParser.parse(body)
        }
    }

    @Test func truncatedBodyMessageSaysWhere() {
        let body = Array("[\(Self.binanceRow)".utf8)
        #expect { try KlinesParser.parse(body) } throws: { error in
            "\(error)".contains("truncated") && "\(error)".contains("row 1")
        }
    }
}

/// The checks on a page's rows before its candles are handed on.
@Suite struct KlinePageTests {
    let step = Timeframe.fiveMinutes.milliseconds
    let start = UTCTime.milliseconds(year: 2024, month: 1, day: 1)

    func row(_ index: Int64, closeTime: Int64? = nil) -> KlineRow {
        let open = start + index * step
        return KlineRow(openTime: open, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10,
                        closeTime: closeTime ?? open + step - 1)
    }

    @Test func keepsRowsBeforeTheEndAndCountsAllRows() throws {
        let page = try KlinePage(rows: (0..<5).map { row($0) }, start: start, to: start + 3 * step, timeframe: .fiveMinutes)
        #expect(page.candles.map(\.openTime) == [start, start + step, start + 2 * step])
        #expect(page.rowCount == 5)
        #expect(page.lastOpenTime == start + 4 * step)
    }

    @Test func fullPageAsksForTheNextOneIntervalLater() throws {
        let page = try KlinePage(rows: (0..<1_000).map { row($0) }, start: start, to: start + 5_000 * step, timeframe: .fiveMinutes)
        #expect(page.nextStartTime(limit: 1_000, to: start + 5_000 * step, timeframe: .fiveMinutes) == start + 1_000 * step)
        #expect(page.nextStartTime(limit: 1_000, to: start + 1_000 * step, timeframe: .fiveMinutes) == nil)
        #expect(page.nextStartTime(limit: 1_001, to: start + 5_000 * step, timeframe: .fiveMinutes) == nil)
    }

    @Test(arguments: [
        ("out of order", [Int64(0), 2, 1]),
        ("duplicate", [Int64(0), 1, 1]),
    ])
    func refusesRowsNotStrictlyIncreasing(name: String, indices: [Int64]) {
        #expect(throws: KlinesParseError.self, "\(name)") {
            try KlinePage(rows: indices.map { row($0) }, start: start, to: start + 10 * step, timeframe: .fiveMinutes)
        }
    }

    @Test func refusesRowsBeforeTheStartOffTheGridOrOfAnotherInterval() {
        #expect(throws: KlinesParseError.self) {
            try KlinePage(rows: [row(-1)], start: start, to: start + step, timeframe: .fiveMinutes)
        }
        var offGrid = row(1)
        offGrid.openTime += 1
        offGrid.closeTime = offGrid.openTime + step - 1
        #expect(throws: KlinesParseError.self) {
            try KlinePage(rows: [row(0), offGrid], start: start, to: start + 10 * step, timeframe: .fiveMinutes)
        }
        #expect(throws: KlinesParseError.self) {   // a 1m candle in a 5m page
            try KlinePage(rows: [row(0, closeTime: start + 59_999)], start: start, to: start + 10 * step, timeframe: .fiveMinutes)
        }
    }
}
