import CandleImport
import Foundation
import MarketData
import RunRecords
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
    ///
    /// Gaps follow `data.on_gap`: with `fail` any hole between `from − warm-up` and `to` throws
    /// ``DataSourceError/gaps(_:)`` naming each gap (and the file and line after it for csv
    /// data); with `warn` they come back in ``LoadedCandles/warnings``.
    ///   - dataFolders: for studies sent to `wfo serve`: the only folders `csv` data may come
    ///     from (``DataFolders``); nil reads any path (the command line).
    ///
    /// With a calendar other than `24/7` (``Study/calendar``): the warm-up counts expected
    /// candles back from `from`; candles outside every session are left out (a note says how
    /// many); daily candles are stamped at their session's open; a candle inside a session but
    /// off its grid is an error naming its file and line; gaps count only expected candles.
    public static func load(study: Study, from: Int64, to: Int64, cache: WFODatabase? = nil,
                            dataFolders: DataFolders? = nil) throws(DataSourceError) -> LoadedCandles {
        let calendar = study.calendar
        let warmupStart = calendar.openTime(expectedCandles: study.warmupCandles, before: from, timeframe: study.timeframe)
        var result = LoadedCandles()
        for symbol in study.symbols {
            var series: CandleSeries
            var locate: (Int) -> String? = { _ in nil }
            switch study.data.source {
            case .synthetic:
                series = SyntheticMarket(seed: study.data.seed)
                    .candles(symbol: symbol, timeframe: study.timeframe, from: warmupStart, to: to, calendar: calendar)
                if from < SyntheticMarket.origin {
                    throw .notEnoughData("the synthetic market starts at \(UTCTime.format(milliseconds: SyntheticMarket.origin)); move start_date to 2020-01-01 or later (leave room for \(study.warmupCandles) warm-up candles)")
                }
            case .csv:
                let dataPath = study.data.path(symbol: symbol, timeframe: study.timeframe) ?? ""
                let paths = try dataFolders?.files(for: dataPath, symbol: symbol, timeframe: study.timeframe)
                    ?? [resolve(dataPath, relativeTo: study.sourcePath)]
                let imported: (series: CandleSeries, locations: CandleLocations)
                let options = CandleReadingOptions(timeZone: study.data.timeZone, adjusted: study.data.adjusted,
                                                   checksGrid: calendar.isAlwaysOpen)
                do throws(CandleImportError) {
                    imported = try CandleImporter.loadLocated(paths: paths, symbol: symbol, timeframe: study.timeframe, options: options)
                } catch {
                    throw .badFile(error)
                }
                let conformed = try conform(imported.series, to: calendar, study: study, result: &result,
                                            locate: { imported.locations.location(ofCandleAt: $0) })
                let range = conformed.series.indexRange(fromTime: warmupStart, toTime: to)
                series = conformed.series.slice(range)
                locate = { imported.locations.location(ofCandleAt: conformed.original[range.lowerBound + $0]) }
            case .binance:
                guard let cache else {
                    throw .unavailable("data.source binance reads the candle cache of the database; fill it with `wfo fetch \(symbol) --timeframe \(study.timeframe.rawValue) ...`")
                }
                do throws(StorageError) {
                    series = try cache.candles(symbol: symbol, timeframe: study.timeframe, from: warmupStart, to: to)
                } catch {
                    throw .unavailable(error.description)
                }
                series = try conform(series, to: calendar, study: study, result: &result, locate: { _ in nil }).series
            }
            if study.isPortfolio, series.firstIndex(openingAtOrAfter: from) == series.count {
                // A universe's symbol may have delisted before the period or list after it.
                result.notes.append("\(symbol) has no \(study.timeframe.rawValue) candle between \(UTCTime.format(milliseconds: from)) and "
                    + "\(UTCTime.format(milliseconds: to)): the portfolio never trades it")
            } else if series.firstIndex(openingAtOrAfter: from) == series.count {
                throw .notEnoughData("no \(symbol) \(study.timeframe.rawValue) candles between \(UTCTime.format(milliseconds: from)) and \(UTCTime.format(milliseconds: to)) in the \(study.data.source.rawValue) data; check the dates and data.path")
            }
            do throws(MarketDataError) { try series.validate(calendar: calendar) } catch {
                let place = error.index.flatMap(locate)
                throw .badData([place, error.description].compactMap { $0 }.joined(separator: ": "),
                               withoutContent: [place, "the candles break the series rules"].compactMap { $0 }.joined(separator: ": "))
            }
            let gaps = describeGaps(in: series, calendar: calendar, source: study.data.source, locate: locate)
            if !gaps.isEmpty {
                switch study.data.onGap {
                case .fail:
                    throw .gaps("\(study.sourcePath): data.on_gap is fail and the \(symbol) \(study.timeframe.rawValue) candles have "
                        + "\(gaps.count) gap\(gaps.count == 1 ? "" : "s"): \(gaps.prefix(5).joined(separator: "; "))"
                        + (gaps.count > 5 ? "; ..." : "") + "; fill the gaps, move the dates around them, or set data.on_gap: warn")
                case .warn:
                    result.warnings += gaps.prefix(5).map { "\(symbol) \(study.timeframe.rawValue): \($0)" }
                    if gaps.count > 5 { result.warnings.append("\(symbol) \(study.timeframe.rawValue): \(gaps.count - 5) more gaps") }
                }
            }
            result.series.append(series)
        }
        return result
    }

    /// Fits loaded candles to the study's calendar (``CandleSeries/conformed(to:)``): a note for
    /// the candles outside its sessions, an error naming the file and line of one off its grid.
    static func conform(_ series: CandleSeries, to calendar: TradingCalendar, study: Study, result: inout LoadedCandles,
                        locate: (Int) -> String?) throws(DataSourceError) -> CandleSeries.Conformed {
        let conformed = series.conformed(to: calendar)
        if let (index, session) = conformed.firstOffGrid {
            let place = locate(index).map { "\($0): " } ?? ""
            let open = TradingCalendar.formatMinutes(Int((calendar.timeZone.local(fromUTC: session.open)
                - calendar.timeZone.localDay(of: session.open) * UTCTime.millisecondsPerDay) / 60_000))
            let message = "\(place)the \(series.symbol) candle at \(UTCTime.format(milliseconds: series.openTimes[index])) is inside a "
                + "\(calendar.name) session but not where a \(study.timeframe.rawValue) candle opens (the session opens at \(open) "
                + "\(calendar.timeZone.identifier), then every \(study.timeframe.rawValue)); check the timeframe, and data.timezone "
                + "for times written without a zone"
            throw .badData(message, withoutContent: message)
        }
        if conformed.outsideSessions > 0 {
            result.notes.append("\(series.symbol) \(study.timeframe.rawValue): \(conformed.outsideSessions) candle"
                + "\(conformed.outsideSessions == 1 ? "" : "s") outside the \(calendar.name) sessions (before or after hours, "
                + "weekends, holidays) left out")
        }
        return conformed
    }

    /// One line per hole: the missing candles (those the calendar expects) and where the data resumes.
    static func describeGaps(in series: CandleSeries, calendar: TradingCalendar, source: Study.DataSettings.Source,
                             locate: (Int) -> String?) -> [String] {
        let step = series.timeframe.milliseconds
        var lines: [String] = []
        for index in series.indices.dropFirst() where series.openTimes[index] - series.openTimes[index - 1] > step {
            let previous = series.openTimes[index - 1], next = series.openTimes[index]
            let missing = calendar.isAlwaysOpen ? Int((next - previous) / step - 1)
                : calendar.expectedCount(timeframe: series.timeframe, from: previous + 1, to: next)
            guard missing > 0 else { continue }
            let firstMissing = calendar.isAlwaysOpen ? previous + step
                : calendar.expectedOpenTimes(timeframe: series.timeframe, from: previous + 1, to: next).first ?? previous + step
            let place = locate(index).map { " (resumes at \($0))" } ?? " (\(source.rawValue) data)"
            lines.append("\(missing) candle\(missing == 1 ? "" : "s") missing from "
                + "\(UTCTime.format(milliseconds: firstMissing)) to "
                + "\(UTCTime.format(milliseconds: next))\(place)")
        }
        return lines
    }

    /// A data path as written in a study: absolute, or relative to the study file's folder.
    public static func resolve(_ path: String, relativeTo studyPath: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let folder = (studyPath as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }
}

/// The candles of a study's symbols, and what was worth a warning about them.
public struct LoadedCandles: Sendable {
    /// One series per study symbol, in the study's order.
    public var series: [CandleSeries] = []
    /// Gaps reported under `data.on_gap: warn`, one line each.
    public var warnings: [String] = []
    /// What was done to fit the candles to the calendar (candles outside its sessions left out).
    public var notes: [String] = []
}

/// Why candles could not be had.
public enum DataSourceError: Error, Sendable, CustomStringConvertible {
    /// A candle file cannot be read or holds a bad row (names the file and line).
    case badFile(CandleImportError)
    /// The candles are there but break the series rules; the second message quotes no value.
    case badData(String, withoutContent: String)
    /// The candles have gaps and `data.on_gap` is `fail` (names the gaps and where the data resumes).
    case gaps(String)
    /// The data does not cover what the study asks for.
    case notEnoughData(String)
    /// The source cannot be used in this setup.
    case unavailable(String)
    /// The study names data outside the folders a server may read (``DataFolders``).
    case notAllowed(String)

    public var description: String {
        switch self {
        case let .badFile(error): error.description
        case let .badData(message, _), let .gaps(message), let .notEnoughData(message), let .unavailable(message),
             let .notAllowed(message): message
        }
    }

    /// ``description`` without anything read from a file (no header, field, value or
    /// checksum): what `wfo serve` tells its API clients. File names, line numbers and times
    /// stay, so the message still says where to look.
    public var contentFreeDescription: String {
        switch self {
        case let .badFile(error): error.contentFreeDescription
        case let .badData(_, withoutContent): withoutContent
        default: description
        }
    }
}
