import Digest

/// Little-endian numbers, length-prefixed strings and a SHA-256 trailer (64 hex characters): the byte layout of
/// the work folder's binary files (``CandleFile``, ``UnitResultFile``). Doubles travel as
/// their bit patterns, so every value comes back exactly, NaN and infinities included.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(magic: String) { bytes.append(contentsOf: Array(magic.utf8)) }

    mutating func uint64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int64(_ value: Int64) { uint64(UInt64(bitPattern: value)) }
    mutating func int(_ value: Int) { int64(Int64(value)) }
    mutating func double(_ value: Double) { uint64(value.bitPattern) }
    mutating func optionalDouble(_ value: Double?) {
        bytes.append(value == nil ? 0 : 1)
        double(value ?? 0)
    }
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
    mutating func doubles(_ values: [Double]) {
        int(values.count)
        bytes.reserveCapacity(bytes.count + values.count * 8)
        for value in values { double(value) }
    }
    mutating func int64s(_ values: [Int64]) {
        int(values.count)
        for value in values { int64(value) }
    }

    /// The bytes followed by their SHA-256, which ``ByteReader/init(sealed:magic:)`` checks.
    func sealed() -> [UInt8] { bytes + Array(SHA256.hexDigest(of: bytes).utf8) }
}

/// Reads what ``ByteWriter`` wrote; every read checks the bounds, so a truncated or damaged
/// file is an error, never a crash.
struct ByteReader {
    struct Damaged: Error, CustomStringConvertible {
        var description: String
    }

    private let bytes: [UInt8]
    private var offset: Int

    /// Checks the magic and the SHA-256 trailer of sealed bytes.
    init(sealed data: [UInt8], magic: String) throws(Damaged) {
        let magicBytes = Array(magic.utf8)
        guard data.count >= magicBytes.count + 64 else { throw Damaged(description: "too short (\(data.count) bytes)") }
        let body = Array(data[..<(data.count - 64)])
        guard Array(data[(data.count - 64)...]) == Array(SHA256.hexDigest(of: body).utf8) else {
            throw Damaged(description: "its SHA-256 does not match (truncated or damaged)")
        }
        guard Array(body.prefix(magicBytes.count)) == magicBytes else { throw Damaged(description: "not a \(magic) file") }
        bytes = body
        offset = magicBytes.count
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func uint64() throws(Damaged) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw Damaged(description: "ends early") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return value
    }
    mutating func int64() throws(Damaged) -> Int64 { Int64(bitPattern: try uint64()) }
    mutating func int() throws(Damaged) -> Int {
        let value = try int64()
        guard value >= 0, value <= Int64(bytes.count) * 8 + 1_000_000 else { throw Damaged(description: "a count of \(value) is impossible") }
        return Int(value)
    }
    mutating func double() throws(Damaged) -> Double { Double(bitPattern: try uint64()) }
    mutating func optionalDouble() throws(Damaged) -> Double? {
        guard offset < bytes.count else { throw Damaged(description: "ends early") }
        let present = bytes[offset]
        offset += 1
        let value = try double()
        switch present {
        case 0: return nil
        case 1: return value
        default: throw Damaged(description: "a bad optional flag")
        }
    }
    mutating func string() throws(Damaged) -> String {
        let count = try int()
        guard offset + count <= bytes.count else { throw Damaged(description: "ends early") }
        defer { offset += count }
        return String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
    }
    mutating func doubles() throws(Damaged) -> [Double] {
        try words().map { Double(bitPattern: $0) }
    }
    mutating func int64s() throws(Damaged) -> [Int64] {
        try words().map { Int64(bitPattern: $0) }
    }

    /// A counted run of little-endian 64-bit words, read straight from memory.
    private mutating func words() throws(Damaged) -> [UInt64] {
        let count = try int()
        guard offset + count * 8 <= bytes.count else { throw Damaged(description: "ends early") }
        let start = offset
        offset += count * 8
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + $0 * 8, as: UInt64.self)) }
        }
    }
}
