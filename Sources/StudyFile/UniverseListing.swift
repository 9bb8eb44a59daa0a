import Foundation
import MarketData

/// `symbols: all` (docs/portfolio.md): every symbol found under a csv `data.path` — a folder
/// with one file (`ETHUSDT.csv`) or Binance file set (`ETHUSDT-1d-2024-01.zip`, …) per
/// symbol, or a path whose file name holds `{symbol}` (`data/{symbol}_1h.csv`) — in name order.
enum UniverseListing {
    struct Listed {
        var symbols: [String]
        /// The path each symbol's candles are read from: a folder of one file per symbol
        /// becomes `folder/{symbol}.ext`, so one symbol never reads another's file.
        var path: String
    }

    /// - Parameters:
    ///   - path: `data.path` as written; `folder`: it resolved against the study file's folder.
    /// - Returns: the symbols and the path, or a message saying what is wrong.
    static func list(path: String, resolved folder: String, timeframe: Timeframe) -> Result<Listed, ListingError> {
        let manager = FileManager.default
        if path.contains("{symbol}") {
            let directory = (folder as NSString).deletingLastPathComponent
            let pattern = (path as NSString).lastPathComponent.replacingOccurrences(of: "{timeframe}", with: timeframe.rawValue)
            guard !directory.contains("{symbol}"), let marker = pattern.range(of: "{symbol}") else {
                return .failure(ListingError("{symbol} may stand only in the file name of data.path, e.g. data/{symbol}_1h.csv"))
            }
            let prefix = String(pattern[..<marker.lowerBound]), suffix = String(pattern[marker.upperBound...])
            guard let names = try? manager.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else {
                return .failure(ListingError("cannot list the folder \(directory) for symbols: all; check that it exists"))
            }
            let symbols = names.filter { $0.count > prefix.count + suffix.count && $0.hasPrefix(prefix) && $0.hasSuffix(suffix) && !$0.hasPrefix(".") }
                .map { String($0.dropFirst(prefix.count).dropLast(suffix.count)) }
            return finish(Set(symbols), path: path, place: directory)
        }
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
              let names = try? manager.contentsOfDirectory(atPath: folder) else {
            return .failure(ListingError("symbols: all reads the symbols from a folder, and \(path) is not one; give the folder of "
                + "candle files (one per symbol), or a path with {symbol} in its file name"))
        }
        var symbols = Set<String>()
        var extensions = Set<String>()
        var binanceNamed = false
        for name in names where !name.hasPrefix(".") && (name.lowercased().hasSuffix(".csv") || name.lowercased().hasSuffix(".zip")) {
            if let binance = binanceSymbol(name, timeframe: timeframe) {
                symbols.insert(binance)
                binanceNamed = true
            } else if let dot = name.lastIndex(of: ".") {
                symbols.insert(String(name[..<dot]))
                extensions.insert(String(name[dot...]))
            }
        }
        if binanceNamed, !extensions.isEmpty {
            return .failure(ListingError("\(path) mixes Binance file sets (SYMBOL-\(timeframe.rawValue)-…) with other files; keep one layout per folder"))
        }
        if extensions.count > 1 {
            return .failure(ListingError("\(path) holds files ending in \(extensions.sorted().joined(separator: " and ")); keep one kind, or write data.path with {symbol}"))
        }
        let joined = path.hasSuffix("/") ? path : path + "/"
        return finish(symbols, path: binanceNamed ? path : joined + "{symbol}" + (extensions.first ?? ".csv"), place: folder)
    }

    private static func finish(_ symbols: Set<String>, path: String, place: String) -> Result<Listed, ListingError> {
        guard !symbols.isEmpty else {
            return .failure(ListingError("symbols: all found no .csv or .zip candle file in \(place); check data.path"))
        }
        return .success(Listed(symbols: symbols.sorted(), path: path))
    }

    /// The symbol of a Binance kline file of `timeframe` (`BTCUSDT-5m-2024-01.zip`), or nil.
    private static func binanceSymbol(_ name: String, timeframe: Timeframe) -> String? {
        let parts = name.split(separator: "-")
        guard parts.count >= 3, parts[1] == timeframe.rawValue else { return nil }
        return String(parts[0]).uppercased()
    }

    struct ListingError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
