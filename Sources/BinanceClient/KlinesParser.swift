import MarketData

/// One row of a `GET /api/v3/klines` answer: the columns the client keeps, plus the
/// close time when present (to check the interval).
struct KlineRow: Sendable, Equatable {
    var openTime: Int64
    var open: Double
    var high: Double
    var low: Double
    var close: Double
    var volume: Double
    var closeTime: Int64?
}

/// Reads Binance's klines JSON: an array of 12-item arrays,
/// `[1704067200000,"42283.58000000","42298.62000000","42261.02000000","42298.61000000","35.92724000",1704067499999,"1519032.69876680",1446,"21.06084000","890622.36052360","0"]`.
///
/// A small strict parser over the bytes rather than `JSONSerialization`: the open time
/// must be a whole number, prices and volume decimal strings (bare numbers are accepted
/// too), each turned into exactly `Double(string)` (correctly rounded; see
/// `Cursor.decimal`). Anything else —
/// truncated or garbled JSON, a missing column, `"abc"` for a price, trailing bytes — is
/// a ``KlinesParseError`` saying where; input never traps.
enum KlinesParser {
    /// The rows of a klines body.
    static func parse(_ body: some Collection<UInt8>) throws(KlinesParseError) -> [KlineRow] {
        func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[KlineRow], KlinesParseError> {
            var cursor = Cursor(bytes: bytes)
            return Result { () throws(KlinesParseError) in try cursor.document() }
        }
        if let result = body.withContiguousStorageIfAvailable(read) { return try result.get() }
        return try Array(body).withUnsafeBufferPointer(read).get()
    }
}

/// Where and why a klines body could not be read.
public struct KlinesParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Reads bytes that stay valid for the cursor's whole life (it never escapes `parse`).
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    /// A field's bytes and whether it was a quoted string.
    struct Field {
        var range: Range<Int>
        var quoted: Bool
    }

    mutating func document() throws(KlinesParseError) -> [KlineRow] {
        skipWhitespace()
        guard peek() == UInt8(ascii: "[") else { throw problem("the body is not a JSON array") }
        position += 1
        var rows: [KlineRow] = []
        rows.reserveCapacity(bytes.count / 160 + 1)
        var fields: [Field] = []
        fields.reserveCapacity(12)
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                try row(into: &fields, number: rows.count + 1)
                rows.append(try kline(from: fields, number: rows.count + 1))
                skipWhitespace()
                guard let next = peek() else {
                    throw KlinesParseError(message: "the body ends after row \(rows.count) without the closing ']' (truncated after \(bytes.count) bytes)")
                }
                position += 1
                if next == UInt8(ascii: "]") { break }
                guard next == UInt8(ascii: ",") else { throw problem("expected ',' or ']' after row \(rows.count)") }
                skipWhitespace()
            }
        }
        skipWhitespace()
        guard position == bytes.count else { throw problem("unexpected bytes after the closing ']'") }
        return rows
    }

    /// Reads `[value, value, ...]` into `fields`.
    mutating func row(into fields: inout [Field], number: Int) throws(KlinesParseError) {
        fields.removeAll(keepingCapacity: true)
        guard let open = peek() else { throw truncated(number) }
        guard open == UInt8(ascii: "[") else { throw problem("row \(number) is not an array") }
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            fields.append(try value(row: number))
            skipWhitespace()
            guard let next = peek() else { throw truncated(number) }
            position += 1
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw problem("expected ',' or ']' in row \(number)") }
            skipWhitespace()
        }
    }

    /// A string (without its quotes), a number or a literal; nested arrays and objects are refused.
    mutating func value(row: Int) throws(KlinesParseError) -> Field {
        guard let first = peek() else { throw truncated(row) }
        if first == UInt8(ascii: "\"") {
            position += 1
            let start = position
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    position += 1
                    return Field(range: start..<(position - 1), quoted: true)
                case UInt8(ascii: "\\"):
                    position += 2 // an escape: keep going; such a field is no number anyway
                default:
                    position += 1
                }
            }
            throw truncated(row)
        }
        let start = position
        while position < bytes.count, Self.isScalarByte(bytes[position]) { position += 1 }
        guard position > start else { throw problem("unexpected character in row \(row)") }
        return Field(range: start..<position, quoted: false)
    }

    func kline(from fields: [Field], number: Int) throws(KlinesParseError) -> KlineRow {
        guard fields.count >= 6 else {
            throw problem("row \(number) has \(fields.count) columns, expected 12")
        }
        guard !fields[0].quoted, let openTime = integer(fields[0]) else {
            throw problem("row \(number): the open time is not a whole number")
        }
        var prices: [Double] = []
        prices.reserveCapacity(5)
        for (index, name) in ["open", "high", "low", "close", "volume"].enumerated() {
            guard let value = decimal(fields[index + 1]) else {
                throw problem("row \(number): the \(name) '\(text(fields[index + 1]))' is not a decimal number")
            }
            prices.append(value)
        }
        var closeTime: Int64?
        if fields.count > 6 {
            guard !fields[6].quoted, let time = integer(fields[6]) else {
                throw problem("row \(number): the close time is not a whole number")
            }
            closeTime = time
        }
        return KlineRow(openTime: openTime, open: prices[0], high: prices[1], low: prices[2],
                        close: prices[3], volume: prices[4], closeTime: closeTime)
    }

    /// A whole number of 1 to 18 digits, optionally negative.
    func integer(_ field: Field) -> Int64? {
        var index = field.range.lowerBound
        let negative = index < field.range.upperBound && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < field.range.upperBound, field.range.upperBound - index <= 18 else { return nil }
        var value: Int64 = 0
        while index < field.range.upperBound {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// `Double(text)` for a plain decimal (`[±]digits[.digits][e[±]digits]`) of at most 64
    /// bytes, finite; nil otherwise (Swift's `Double(String)` would also take `nan`, `inf`
    /// and hex). Bit for bit the same as `Double(String)`: see MarketData's ``DecimalParsing``.
    func decimal(_ field: Field) -> Double? {
        guard !field.range.isEmpty, field.range.count <= 64, let base = bytes.baseAddress,
              let value = DecimalParsing.parseDouble(base, start: field.range.lowerBound, end: field.range.upperBound),
              value.isFinite else { return nil }
        return value
    }

    func text(_ field: Field) -> String {
        String(decoding: bytes[field.range.prefix(24)], as: UTF8.self)
    }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    static func isScalarByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"):
            true
        default:
            false
        }
    }

    func truncated(_ row: Int) -> KlinesParseError {
        KlinesParseError(message: "the body ends in the middle of row \(row) (truncated after \(bytes.count) bytes)")
    }

    func problem(_ text: String) -> KlinesParseError {
        let start = String(decoding: bytes.prefix(40), as: UTF8.self)
        return KlinesParseError(message: "\(text) (at byte \(position) of \(bytes.count); the body starts \"\(start)\")")
    }
}
