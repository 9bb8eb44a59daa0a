import Foundation
import MarketData

extension CandleImporter {
    /// Reads one resolved file: a CSV, or every CSV inside a ZIP archive.
    static func read(file: String, timeframe: Timeframe) throws(CandleImportError) -> [ParsedCandles] {
        if isZipName(file) { return try readZip(file: file, timeframe: timeframe) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CandleImportError(file: file, message: "cannot read the file (\(error.localizedDescription)); check that it exists and is readable")
        }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try readZip(file: file, bytes: data, timeframe: timeframe) }
        return [try parseFile(csv: data, file: file, timeframe: timeframe)]
    }

    static func isZipName(_ name: String) -> Bool { name.lowercased().hasSuffix(".zip") }
    static func isCSVName(_ name: String) -> Bool { name.lowercased().hasSuffix(".csv") }

    /// Reads the `.csv` entries of a ZIP archive; each is named `archive.zip/entry.csv` in errors.
    static func readZip(file: String, bytes: Data? = nil, timeframe: Timeframe) throws(CandleImportError) -> [ParsedCandles] {
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
            parsed.append(try parseFile(csv: contents, file: name, timeframe: timeframe))
        }
        return parsed
    }
}
