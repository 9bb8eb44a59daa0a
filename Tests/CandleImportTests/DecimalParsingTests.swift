@testable import CandleImport
import Foundation
import MarketData
import Testing

struct DecimalParsingTests {
    func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return DecimalParsing.parseDouble(base, start: 0, end: buffer.count)
        }
    }

    @Test(arguments: ["42283.58", "42283.58000000", "155.25731000", "0.00000001", "6572925.83256960", "0", "-0",
                      "+5", ".5", "5.", "1e3", "2.5E-3", "123456789012345678901234567890", "9007199254740993",
                      "0.1234567890123456789012345", "1.7976931348623157e308", "1e400", "00001.50"])
    func matchesFoundation(_ text: String) throws {
        let expected = try #require(Double(text))
        #expect(parse(text)?.bitPattern == expected.bitPattern)
    }

    @Test(arguments: ["", "-", ".", "abc", "1.2.3", "1e", "nan", "inf", "0x10", "1,5", "1 5", "--1", "1e+"])
    func rejectsWhatIsNotADecimal(_ text: String) {
        #expect(parse(text) == nil)
    }

    @Test func randomDecimalsMatchFoundationBitForBit() throws {
        var random = SeededGenerator(seed: 99)
        for _ in 0..<200_000 {
            let integerDigits = Int.random(in: 1...12, using: &random)
            let fractionDigits = Int.random(in: 0...14, using: &random)
            var text = String((0..<integerDigits).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
            if fractionDigits > 0 {
                text += "." + String((0..<fractionDigits).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
            }
            let expected = try #require(Double(text))
            let parsed = parse(text)
            if parsed?.bitPattern != expected.bitPattern {
                Issue.record("\(text): parsed \(String(describing: parsed)), Foundation \(expected)")
                return
            }
        }
    }

    @Test func integersAreWholeNumbersUpToInt64Max() {
        func integer(_ text: String) -> Int64? {
            Array(text.utf8).withUnsafeBufferPointer { buffer in
                buffer.baseAddress.flatMap { DecimalParsing.parseInteger($0, start: 0, end: buffer.count) }
            }
        }
        #expect(integer("1704067200000") == 1_704_067_200_000)
        #expect(integer("999999999999999999") == 999_999_999_999_999_999)
        #expect(integer("1709929800000000000") == 1_709_929_800_000_000_000, "epoch nanoseconds: 19 digits")
        #expect(integer("9223372036854775807") == .max)
        #expect(integer("9223372036854775808") == nil, "past Int64.max: nil, not wrapped")
        #expect(integer("9999999999999999999") == nil)
        #expect(integer("10000000000000000000") == nil, "20 digits")
        #expect(integer("-1") == nil)
        #expect(integer("1.0") == nil)
        #expect(integer("") == nil)
    }
}

struct GlobMatchingTests {
    @Test(arguments: [
        ("*.csv", "BTCUSDT-5m-2024-01.csv", true),
        ("*.csv", "BTCUSDT-5m-2024-01.zip", false),
        ("BTCUSDT-5m-2024-0?.csv", "BTCUSDT-5m-2024-07.csv", true),
        ("BTCUSDT-5m-2024-0?.csv", "BTCUSDT-5m-2024-10.csv", false),
        ("*-2024-[01][0-9].*", "X-2024-12.zip", true),
        ("*-2024-[!0]*", "X-2024-01.zip", false),
        ("a*b*c", "aXbYbZc", true),
        ("a*b*c", "aXbYbZ", false),
        ("[]]x", "]x", true),
        ("[abc", "[abc", true),
        ("", "", true),
        ("*", "", true),
    ])
    func globMatches(pattern: String, name: String, matches: Bool) {
        #expect(CandleImporter.globMatches(Array(pattern.unicodeScalars), Array(name.unicodeScalars)) == matches)
    }

    @Test(arguments: [
        ("BTCUSDT-5m-2024-01.csv", true),
        ("BTCUSDT-5m-2024-01.zip", true),
        ("btcusdt-5m-2024-01.csv", true),
        ("ETHUSDT-5m-2024-01.csv", false),
        ("BTCUSDT-1h-2024-01.csv", false),
        ("BTCUSDT-1M-2024.csv", false),
        ("my-candles.csv", true),
        ("candles.csv", true),
    ])
    func binanceNamesSelectSymbolAndTimeframe(name: String, wanted: Bool) {
        #expect(CandleImporter.isWanted(fileName: name, symbol: "BTCUSDT", timeframe: .fiveMinutes) == wanted)
    }
}
