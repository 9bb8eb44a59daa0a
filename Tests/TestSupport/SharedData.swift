import Foundation

/// Locates `../shared` (real Binance candles and TA-Lib golden values) beside the
/// project. Tests that need it are disabled with a clear message when it is missing.
public enum SharedData {
    /// The project root: the folder holding `Package.swift`.
    public static let projectRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `../shared`, or `$WFO_SHARED` when set.
    public static let root: URL = {
        if let custom = ProcessInfo.processInfo.environment["WFO_SHARED"] { return URL(fileURLWithPath: custom) }
        return projectRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    public static let klinesFolder = root.appendingPathComponent("data/binance-spot-klines")
    public static let goldenIndicators = root.appendingPathComponent("golden/indicators-btcusdt-5m-2024-01.json")

    /// Real daily candles of 25 Binance coins with their own listing dates (issue 33's universe).
    public static let cryptoUniverse = root.appendingPathComponent("data/universe-binance1d")
    public static var hasCryptoUniverse: Bool { FileManager.default.fileExists(atPath: cryptoUniverse.path) }
    public static let missingUniverseMessage = "../shared/data/universe-binance1d is missing: portfolio tests on the real universe are skipped"

    public static var hasKlines: Bool { FileManager.default.fileExists(atPath: klinesFolder.path) }
    public static var hasGolden: Bool { FileManager.default.fileExists(atPath: goldenIndicators.path) }

    /// The message a skipped test shows.
    public static let missingMessage = "../shared/data is missing: tests on real BTCUSDT candles are skipped"
    public static let missingGoldenMessage = "../shared/golden is missing: golden indicator tests are skipped"

    /// The monthly BTCUSDT 5m files of 2024, in order.
    public static var klineFiles2024: [URL] {
        (1...12).map { month in
            klinesFolder.appendingPathComponent(String(format: "BTCUSDT-5m-2024-%02d.csv", month))
        }
    }

    /// The path of the built `wfo` binary (debug unless `$WFO_BINARY` says otherwise).
    public static var binary: URL {
        if let custom = ProcessInfo.processInfo.environment["WFO_BINARY"] { return URL(fileURLWithPath: custom) }
        let candidates = [".build/debug/wfo", ".build/release/wfo"].map { projectRoot.appendingPathComponent($0) }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }
}
