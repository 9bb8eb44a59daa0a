import CandleImport
import Foundation
import MarketData
import Storage
import StudyFile

/// Gets the candles a study needs from its data source: `csv` files or the built-in
/// `synthetic` market (Binance REST arrives through the candle cache).
public enum CandleLoader {
    /// One series per study symbol covering `[from − warmup candles, to)`, validated.
    ///
    /// - Parameters:
    ///   - from: first open time (epoch ms) of the period to trade; `warmupCandles` earlier
    ///     candles are included when the source has them, so indicators are warm at `from`.
    ///   - to: end of the period (exclusive).
    /// - Throws: ``DataSourceError`` naming the file and line of bad data, or saying what is missing.
    ///   - cache: the database whose candle cache serves `source: binance` (filled beforehand by
    ///     ``CandleCacheFiller`` or `wfo fetch`).
    public static func load(study: Study, from: Int64, to: Int64, cache: WFODatabase? = nil) throws(DataSourceError) -> [CandleSeries] {
        let warmupStart = from - Int64(study.warmupCandles) * study.timeframe.milliseconds
        var result: [CandleSeries] = []
        for symbol in study.symbols {
            let series: CandleSeries
            switch study.data.source {
            case .synthetic:
                series = SyntheticMarket(seed: study.data.seed)
                    .candles(symbol: symbol, timeframe: study.timeframe, from: warmupStart, to: to)
                if from < SyntheticMarket.origin {
                    throw .notEnoughData("the synthetic market starts at \(UTCTime.format(milliseconds: SyntheticMarket.origin)); move start_date to 2020-01-01 or later (leave room for \(study.warmupCandles) warm-up candles)")
                }
            case .csv:
                let path = resolve(study.data.path ?? "", relativeTo: study.sourcePath)
                let all: CandleSeries
                do throws(CandleImportError) {
                    all = try CandleImporter.load(paths: [path], symbol: symbol, timeframe: study.timeframe)
                } catch {
                    throw .badData(error.description)
                }
                series = all.slice(fromTime: warmupStart, toTime: to)
            case .binance:
                guard let cache else {
                    throw .unavailable("data.source binance reads the candle cache of the database; fill it with `wfo fetch \(symbol) --timeframe \(study.timeframe.rawValue) ...`")
                }
                do throws(StorageError) {
                    series = try cache.candles(symbol: symbol, timeframe: study.timeframe, from: warmupStart, to: to)
                } catch {
                    throw .unavailable(error.description)
                }
            }
            guard series.firstIndex(openingAtOrAfter: from) < series.count else {
                throw .notEnoughData("no \(symbol) \(study.timeframe.rawValue) candles between \(UTCTime.format(milliseconds: from)) and \(UTCTime.format(milliseconds: to)) in the \(study.data.source.rawValue) data; check the dates and data.path")
            }
            do throws(MarketDataError) { try series.validate() } catch { throw .badData(error.description) }
            result.append(series)
        }
        return result
    }

    /// A data path as written in a study: absolute, or relative to the study file's folder.
    public static func resolve(_ path: String, relativeTo studyPath: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let folder = (studyPath as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }
}

/// Why candles could not be had.
public enum DataSourceError: Error, Sendable, CustomStringConvertible {
    /// The data is there but wrong (names the file and line).
    case badData(String)
    /// The data does not cover what the study asks for.
    case notEnoughData(String)
    /// The source cannot be used in this setup.
    case unavailable(String)

    public var description: String {
        switch self {
        case let .badData(message), let .notEnoughData(message), let .unavailable(message): message
        }
    }
}
