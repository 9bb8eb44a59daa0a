import CandleImport
import Digest
import Foundation
import MarketData
import Testing

/// Binance's `FILE.CHECKSUM` beside a monthly dump is verified when present.
@Suite struct ChecksumTests {
    let rows = "1704067200000,42283.58,42397.23,42261.02,42397.23,155.25731,1704067499999,0,0,0,0,0\n"
        + "1704067500000,42397.22,42432.74,42385.26,42409.96,141.31102,1704067799999,0,0,0,0,0\n"

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wfo-checksum-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aMatchingChecksumIsAccepted() throws {
        let folder = try folder()
        let file = folder.appendingPathComponent("BTCUSDT-5m-2024-01.csv")
        try rows.write(to: file, atomically: true, encoding: .utf8)
        try "\(SHA256.hexDigest(of: Array(rows.utf8)))  BTCUSDT-5m-2024-01.csv\n"
            .write(to: folder.appendingPathComponent("BTCUSDT-5m-2024-01.csv.CHECKSUM"), atomically: true, encoding: .utf8)
        let series = try CandleImporter.load(paths: [file.path], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        #expect(series.count == 2)
    }

    @Test func aDamagedFileFailsItsChecksumWithAClearMessage() throws {
        let folder = try folder()
        let file = folder.appendingPathComponent("BTCUSDT-5m-2024-01.csv")
        try rows.write(to: file, atomically: true, encoding: .utf8)
        try "\(SHA256.hexDigest(of: Array("something else".utf8)))  BTCUSDT-5m-2024-01.csv\n"
            .write(to: folder.appendingPathComponent("BTCUSDT-5m-2024-01.csv.CHECKSUM"), atomically: true, encoding: .utf8)
        let error = try #require(throws: CandleImportError.self) {
            try CandleImporter.load(paths: [folder.path], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        }
        #expect(error.description.contains("BTCUSDT-5m-2024-01.csv"))
        #expect(error.description.contains("does not match"))
        #expect(error.description.contains("download it again"))
    }

    @Test func aChecksumFileThatIsNotOneIsReported() throws {
        let folder = try folder()
        let file = folder.appendingPathComponent("BTCUSDT-5m-2024-01.csv")
        try rows.write(to: file, atomically: true, encoding: .utf8)
        try "not a checksum\n".write(to: folder.appendingPathComponent("BTCUSDT-5m-2024-01.csv.CHECKSUM"), atomically: true, encoding: .utf8)
        let error = try #require(throws: CandleImportError.self) {
            try CandleImporter.load(paths: [file.path], symbol: "BTCUSDT", timeframe: .fiveMinutes)
        }
        #expect(error.description.contains(".CHECKSUM:1: not a SHA-256 checksum file"))
    }
}
