import Foundation
import ZIPFoundation

/// The files inside a ZIP archive, located by reading its central directory with every
/// offset and length checked, and decompressed with ZIPFoundation's `Data.decompress`.
///
/// Why not `Archive.extract`: on Linux, ZIPFoundation 0.9.20 inflates an entry by reading
/// on past its compressed bytes until the deflate stream ends, so a damaged entry whose
/// stream never ends spins forever at the end of the file. Here the decompressor gets the
/// entry's bytes and nothing more (one block of zeros, which no deflate state accepts
/// for long, then an error), its output is capped at the entry's declared size, and the
/// CRC-32 is checked.
struct ZipEntries {
    struct Entry {
        var path: String
        var method: UInt16
        var checksum: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        /// Where the entry's stored or compressed bytes start in the archive.
        var dataOffset: Int
    }

    enum Problem: Error, CustomStringConvertible {
        case notAZip
        case damaged(String)
        case unsupported(String)

        var description: String {
            switch self {
            case .notAZip: "no ZIP end-of-archive record found"
            case let .damaged(detail): detail
            case let .unsupported(detail): detail
            }
        }
    }

    /// The largest entry read: ten times a month of 1m candles (about 6 MB), so a small
    /// archive that claims gigabytes (a "zip bomb") is refused before anything is inflated.
    static let largestEntry = 64 << 20

    let bytes: Data
    private(set) var entries: [Entry] = []

    /// Reads the central directory of `bytes`.
    init(bytes: Data) throws(Problem) {
        self.bytes = bytes
        let count = bytes.count
        let endRecordSize = 22
        guard count >= endRecordSize else { throw .notAZip }
        // The end record sits in the last 22 bytes plus a comment of at most 65,535 bytes.
        var end: Int?
        var position = count - endRecordSize
        while position >= max(0, count - endRecordSize - 65_535) {
            if u32(position) == 0x0605_4B50 {
                end = position
                break
            }
            position -= 1
        }
        guard let end, let total = u16(end + 10), let directorySize = u32(end + 12),
              let directoryOffset = u32(end + 16) else { throw .notAZip }
        if total == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw .unsupported("ZIP64 archives are not supported; unzip it and pass the .csv inside")
        }
        let directoryStart = Int(directoryOffset)
        guard directoryStart + Int(directorySize) <= end else {
            throw .damaged("the central directory lies outside the archive")
        }
        var offset = directoryStart
        for _ in 0..<Int(total) {
            guard u32(offset) == 0x0201_4B50, let flags = u16(offset + 8), let method = u16(offset + 10),
                  let checksum = u32(offset + 16), let compressedSize = u32(offset + 20),
                  let uncompressedSize = u32(offset + 24), let nameLength = u16(offset + 28),
                  let extraLength = u16(offset + 30), let commentLength = u16(offset + 32),
                  let localOffset = u32(offset + 42),
                  let name = slice(offset + 46, Int(nameLength)) else {
                throw .damaged("a central directory record is malformed")
            }
            offset += 46 + Int(nameLength) + Int(extraLength) + Int(commentLength)
            let path = String(decoding: name, as: UTF8.self)
            if path.hasSuffix("/") { continue }
            guard flags & 1 == 0 else { throw .unsupported("\(path) is encrypted; decrypt the archive first") }
            let local = Int(localOffset)
            guard u32(local) == 0x0403_4B50, let localNameLength = u16(local + 26),
                  let localExtraLength = u16(local + 28) else {
                throw .damaged("the local header of \(path) is missing")
            }
            let dataOffset = local + 30 + Int(localNameLength) + Int(localExtraLength)
            guard dataOffset + Int(compressedSize) <= directoryStart else {
                throw .damaged("the data of \(path) runs past the end of the archive")
            }
            entries.append(Entry(path: path, method: method, checksum: checksum, compressedSize: Int(compressedSize),
                                 uncompressedSize: Int(uncompressedSize), dataOffset: dataOffset))
        }
    }

    /// The entry's uncompressed bytes, checked against its size and CRC-32.
    func contents(of entry: Entry) throws(Problem) -> Data {
        guard let compressed = slice(entry.dataOffset, entry.compressedSize) else {
            throw .damaged("the data of \(entry.path) runs past the end of the archive")
        }
        guard entry.uncompressedSize <= Self.largestEntry else {
            throw .unsupported("\(entry.path) holds \(entry.uncompressedSize) bytes, more than \(Self.largestEntry >> 20) MiB; "
                + "split it into monthly files")
        }
        var output = Data()
        let checksum: UInt32
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw .damaged("\(entry.path) is stored uncompressed but its two sizes differ")
            }
            output = Data(compressed)
            checksum = output.crc32(checksum: 0)
        case 8:
            output.reserveCapacity(min(entry.uncompressedSize, 64 << 20))
            let limit = entry.uncompressedSize
            var position = compressed.startIndex
            var padded = false
            do {
                checksum = try Data.decompress(
                    size: Int64(entry.compressedSize), bufferSize: 64 * 1_024, skipCRC32: false,
                    provider: { _, size in
                        let remaining = compressed.endIndex - position
                        if remaining == 0 {
                            // Asked for more than the entry holds: the stream is damaged.
                            guard !padded, size > 0 else { throw Problem.damaged("the compressed data of \(entry.path) ends too early") }
                            padded = true
                            return Data(count: size)
                        }
                        let take = min(size, remaining)
                        var chunk = Data(compressed[position..<position + take])
                        position += take
                        if take < size {
                            // ZIPFoundation hands zlib a full buffer whatever the chunk's length.
                            chunk.append(Data(count: size - take))
                            padded = true
                        }
                        return chunk
                    },
                    consumer: { chunk in
                        guard output.count + chunk.count <= limit else {
                            throw Problem.damaged("\(entry.path) inflates to more than its declared \(limit) bytes")
                        }
                        output.append(chunk)
                    })
            } catch let problem as Problem {
                throw problem
            } catch {
                throw .damaged("the compressed data of \(entry.path) is corrupt (\(error))")
            }
        default:
            throw .unsupported("\(entry.path) uses compression method \(entry.method); only stored and deflate are supported")
        }
        guard output.count == entry.uncompressedSize, checksum == entry.checksum else {
            throw .damaged("\(entry.path) fails its size or CRC-32 check")
        }
        return output
    }

    // MARK: - Checked little-endian reads

    private func slice(_ offset: Int, _ length: Int) -> Data? {
        guard offset >= 0, length >= 0, offset <= bytes.count - length else { return nil }
        let start = bytes.startIndex + offset
        return bytes[start..<start + length]
    }

    private func u16(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        let start = bytes.startIndex + offset
        return UInt16(bytes[start]) | UInt16(bytes[start + 1]) << 8
    }

    private func u32(_ offset: Int) -> UInt32? {
        guard offset >= 0, offset <= bytes.count - 4 else { return nil }
        let start = bytes.startIndex + offset
        return UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16
            | UInt32(bytes[start + 3]) << 24
    }
}
