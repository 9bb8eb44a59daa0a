import Foundation
import MarketData
import ZIPFoundation

extension CandleImporter {
    /// The largest CSV read out of a ZIP archive: far above a month of 1m candles (~7 MB).
    static let largestArchivedCSV: UInt64 = 2 << 30

    /// Reads one resolved file: a CSV, or every CSV inside a ZIP archive.
    static func read(file: String, timeframe: Timeframe) throws(CandleImportError) -> [ParsedCandles] {
        if isZipName(file) { return try readZip(file: file, timeframe: timeframe) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CandleImportError(file: file, message: "cannot read the file (\(error.localizedDescription)); check that it exists and is readable")
        }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try readZip(file: file, timeframe: timeframe) }
        return [try parseFile(csv: data, file: file, timeframe: timeframe)]
    }

    static func isZipName(_ name: String) -> Bool { name.lowercased().hasSuffix(".zip") }
    static func isCSVName(_ name: String) -> Bool { name.lowercased().hasSuffix(".csv") }

    /// Reads the `.csv` entries of a ZIP archive; each is named `archive.zip/entry.csv` in errors.
    static func readZip(file: String, timeframe: Timeframe) throws(CandleImportError) -> [ParsedCandles] {
        let damaged = "it may be truncated or damaged: download it again"
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: file), accessMode: .read)
        } catch {
            throw CandleImportError(file: file, message: "not a readable ZIP archive (\(error)); \(damaged)")
        }
        let entries = archive.filter { entry in
            entry.type == .file && isCSVName(entry.path) && !entry.path.hasPrefix("__MACOSX/")
        }
        guard !entries.isEmpty else {
            throw CandleImportError(file: file, message: "the ZIP archive holds no .csv file; Binance's monthly archives hold one, download it again")
        }
        var parsed: [ParsedCandles] = []
        for entry in entries {
            let name = "\(file)/\(entry.path)"
            guard entry.uncompressedSize <= largestArchivedCSV else {
                throw CandleImportError(file: name, message: "the entry claims \(entry.uncompressedSize) bytes, more than a candle file can be; \(damaged)")
            }
            var data = Data()
            data.reserveCapacity(Int(entry.uncompressedSize))
            let checksum: CRC32
            do {
                checksum = try archive.extract(entry) { chunk in
                    guard UInt64(data.count + chunk.count) <= largestArchivedCSV else { throw Archive.ArchiveError.invalidEntrySize }
                    data.append(chunk)
                }
            } catch {
                throw CandleImportError(file: name, message: "cannot extract the entry (\(error)); \(damaged)")
            }
            guard checksum == entry.checksum, UInt64(data.count) == entry.uncompressedSize else {
                throw CandleImportError(file: name, message: "the entry fails its checksum; \(damaged)")
            }
            parsed.append(try parseFile(csv: data, file: name, timeframe: timeframe))
        }
        return parsed
    }
}
