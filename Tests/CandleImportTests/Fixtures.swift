import Foundation
import MarketData

/// A fresh folder under the system's temporary folder, removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("wfo-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns the file's path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    func makeFolder(_ name: String) throws -> String {
        try FileManager.default.createDirectory(at: url.appendingPathComponent(name), withIntermediateDirectories: true)
        return path(name)
    }
}

enum Klines {
    static let fiveMinutes: Int64 = 300_000
    /// 2024-01-01T00:00:00Z in milliseconds.
    static let start = UTCTime.milliseconds(year: 2024, month: 1, day: 1)

    /// One Binance kline row; `microseconds` writes both times in µs as Binance does from 2025.
    static func row(_ openTime: Int64, _ open: String, _ high: String, _ low: String, _ close: String,
                    _ volume: String = "1.5", interval: Int64 = fiveMinutes, microseconds: Bool = false) -> String {
        let scale: Int64 = microseconds ? 1_000 : 1
        let closeTime = (openTime + interval) * scale - 1
        return "\(openTime * scale),\(open),\(high),\(low),\(close),\(volume),\(closeTime),100.0,7,0.5,50.0,0"
    }

    /// `count` sound 5m rows from `start`, index `i` priced around `100 + i`.
    static func rows(_ count: Int, from first: Int = 0, microseconds: Bool = false) -> [String] {
        (first..<first + count).map { index in
            let base = 100 + index
            return row(start + Int64(index) * fiveMinutes, "\(base).5", "\(base + 1).25", "\(base).125", "\(base).75",
                       "\(index).001", microseconds: microseconds)
        }
    }

    static func candle(_ index: Int) -> Candle {
        let base = Double(100 + index)
        return Candle(openTime: start + Int64(index) * fiveMinutes, open: base + 0.5, high: base + 1.25,
                      low: base + 0.125, close: base + 0.75, volume: Double("\(index).001") ?? .nan)
    }

    static let header = "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
        + "taker_buy_volume,taker_buy_quote_volume,ignore"
}
