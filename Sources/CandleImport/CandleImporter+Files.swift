import Digest
import Foundation
import MarketData

extension CandleImporter {
    /// Reads one resolved file: a CSV, or every CSV inside a ZIP archive.
    static func read(file: String, timeframe: Timeframe, options: CandleReadingOptions = .init()) throws(CandleImportError) -> [ParsedCandles] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CandleImportError(file: file, message: "cannot read the file (\(error.localizedDescription)); check that it exists and is readable")
        }
        try verifyChecksum(of: data, file: file)
        if isZipName(file) || data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return try readZip(file: file, bytes: data, timeframe: timeframe, options: options)
        }
        return [try parseFile(csv: data, file: file, timeframe: timeframe, options: options)]
    }

    /// Checks a file against Binance's `FILE.CHECKSUM` beside it, when there is one: its first
    /// word is the SHA-256 of the file in hex (`sha256sum` format).
    static func verifyChecksum(of data: Data, file: String) throws(CandleImportError) {
        let checksumPath = file + ".CHECKSUM"
        guard let checksumData = FileManager.default.contents(atPath: checksumPath) else { return }
        let expected = String(decoding: checksumData, as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).first.map { $0.lowercased() } ?? ""
        guard expected.count == 64, expected.allSatisfy(\.isHexDigit) else {
            throw CandleImportError(file: checksumPath, line: 1, message: "not a SHA-256 checksum file (expected 64 hex digits, then the file name)")
        }
        let actual = SHA256.hexDigest(of: data)
        guard actual == expected else {
            throw CandleImportError(file: file, message: "SHA-256 \(actual) does not match \(checksumPath) (\(expected)): the file is damaged or incomplete; download it again",
                                    withoutContent: "its SHA-256 does not match \(checksumPath): the file is damaged or incomplete; download it again")
        }
    }

    static func isZipName(_ name: String) -> Bool { name.lowercased().hasSuffix(".zip") }
    static func isCSVName(_ name: String) -> Bool { name.lowercased().hasSuffix(".csv") }

    /// Reads the `.csv` entries of a ZIP archive; each is named `archive.zip/entry.csv` in errors.
    static func readZip(file: String, bytes: Data? = nil, timeframe: Timeframe,
                        options: CandleReadingOptions = .init()) throws(CandleImportError) -> [ParsedCandles] {
        let damaged = "it may be truncated or damaged: download it again"
        let data: Data
        if let bytes {
            data = bytes
        } else {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CandleImportError(file: file, message: "cannot read the file (\(error.localizedDescription)); check that it exists and is readable")
            }
        }
        let archive: ZipEntries
        do {
            archive = try ZipEntries(bytes: data)
        } catch .unsupported(let detail) {
            throw CandleImportError(file: file, message: detail)
        } catch {
            throw CandleImportError(file: file, message: "not a readable ZIP archive (\(error)); \(damaged)")
        }
        let entries = archive.entries.filter { isCSVName($0.path) && !$0.path.hasPrefix("__MACOSX/") }
        guard !entries.isEmpty else {
            throw CandleImportError(file: file, message: "the ZIP archive holds no .csv file; Binance's monthly archives hold one, download it again")
        }
        var parsed: [ParsedCandles] = []
        for entry in entries {
            let name = "\(file)/\(entry.path)"
            let contents: Data
            do {
                contents = try archive.contents(of: entry)
            } catch .unsupported(let detail) {
                throw CandleImportError(file: name, message: detail)
            } catch {
                throw CandleImportError(file: name, message: "cannot extract the entry (\(error)); \(damaged)")
            }
            parsed.append(try parseFile(csv: contents, file: name, timeframe: timeframe, options: options))
        }
        return parsed
    }
}
