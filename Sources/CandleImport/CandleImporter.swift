import Foundation
import MarketData

/// Reads candles from Binance kline dumps and generic CSV files into a ``CandleSeries``.
///
/// `load` takes files, folders and glob patterns, reads `.csv` files and `.zip` archives
/// of them, detects each file's format, merges everything in time order and checks the
/// result against MarketData's series rules. Every problem is a ``CandleImportError`` that
/// names the file and line and says what to do.
///
/// ```swift
/// let series = try CandleImporter.load(paths: ["data/binance/"], symbol: "BTCUSDT", timeframe: .fiveMinutes)
/// print(series.count, series.gaps().summary())
/// ```
public enum CandleImporter {
    /// Loads, merges and validates the candles of every file matched by `paths`.
    ///
    /// Each path is a file (always read, whatever its name), a folder (its `*.csv` and
    /// `*.zip`, not recursive) or a glob pattern (`*`, `?`, `[...]`, also in folder names).
    /// In folders and pattern matches, a file named the Binance way, `SYMBOL-TF-...`
    /// (`BTCUSDT-5m-2024-01.zip`), is read only when its symbol and timeframe are the
    /// requested ones, so one folder can hold several symbols; other names are read.
    ///
    /// Files may come in any order and may overlap: a candle found identical in two files
    /// (a month's `.csv` beside its `.zip`) is kept once, while two different candles with
    /// the same open time are an error naming both files.
    ///
    /// - Parameters:
    ///   - paths: files, folders and glob patterns.
    ///   - symbol: the symbol the series is for (`BTCUSDT`); also selects Binance-named files.
    ///   - timeframe: the candles' interval; Binance rows whose `close_time` says otherwise are an error.
    /// - Returns: the candles in time order, valid by ``CandleSeries/validate()``.
    /// - Throws: ``CandleImportError`` for a path that matches nothing, an unreadable file or
    ///   archive, a malformed row, a candle that breaks the series rules, a wrong interval,
    ///   or conflicting candles.
    public static func load(paths: [String], symbol: String, timeframe: Timeframe) throws(CandleImportError) -> CandleSeries {
        try loadLocated(paths: paths, symbol: symbol, timeframe: timeframe).series
    }

    /// ``load(paths:symbol:timeframe:)``, with the file and line each candle came from.
    /// - Parameter options: the time zone of zoneless times, adjusted prices, the grid check.
    public static func loadLocated(paths: [String], symbol: String, timeframe: Timeframe, options: CandleReadingOptions = .init())
        throws(CandleImportError) -> (series: CandleSeries, locations: CandleLocations) {
        let files = try resolve(paths: paths, symbol: symbol, timeframe: timeframe)
        var parsed: [ParsedCandles] = []
        for file in files {
            parsed += try read(file: file, timeframe: timeframe, options: options)
        }
        let merged = try merge(parsed, symbol: symbol, timeframe: timeframe)
        do {
            if options.checksGrid { try merged.series.validate() }
        } catch {
            // Unreachable while the row checks cover the series rules; kept as a safety net.
            let place = merged.locations.location(ofCandleAt: error.index ?? -1) ?? files.joined(separator: ", ")
            throw CandleImportError(file: place, message: "\(error)", withoutContent: "the candles break the series rules")
        }
        return merged
    }

    /// The candles of a ZIP archive's `.csv` entries held in memory, merged in time order;
    /// `file` names the archive in errors (entries as `file/entry.csv`).
    public static func parse(zip: Data, file: String, symbol: String, timeframe: Timeframe) throws(CandleImportError) -> CandleSeries {
        try merge(try readZip(file: file, bytes: zip, timeframe: timeframe), symbol: symbol, timeframe: timeframe).series
    }

    /// Parses one CSV file's bytes, detecting its format (see ``format(ofCSV:)``).
    ///
    /// Rows must be in strictly increasing time order; each candle must be sound
    /// (``MarketData/Candle/problem``) and on the timeframe's grid.
    ///
    /// ```swift
    /// let candles = try CandleImporter.parse(csv: Array("1704067200000,1,2,0.5,1.5,10,1704067499999,0,0,0,0,0\n".utf8),
    ///                                        file: "inline.csv", timeframe: .fiveMinutes)
    /// ```
    ///
    /// - Parameters:
    ///   - csv: the file's bytes (`[UInt8]`, `Data`, ...).
    ///   - file: the name used in errors.
    ///   - timeframe: the candles' interval.
    /// - Returns: the candles in file order, open times in epoch milliseconds.
    /// - Throws: ``CandleImportError`` naming `file` and the line at fault.
    public static func parse(csv: some ContiguousBytes, file: String, timeframe: Timeframe) throws(CandleImportError) -> [Candle] {
        try parseFile(csv: csv, file: file, timeframe: timeframe).candles
    }

    /// The format ``parse(csv:file:timeframe:)`` would read the bytes as, or nil when there
    /// is no row at all.
    ///
    /// A first row whose first field is a whole number is data: 12 columns make Binance
    /// klines. Otherwise the first row is a header: Binance's own (12 names starting with
    /// `open_time` and with `close_time` seventh) or a generic one.
    public static func format(ofCSV csv: some ContiguousBytes) -> CandleFileFormat? {
        csv.withUnsafeBytes { raw -> CandleFileFormat? in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
            var cursor = CSVCursor(bytes: base, count: raw.count)
            var fields: [CSVCursor.Field] = []
            var quoteProblem: CSVCursor.QuoteProblem?
            guard cursor.nextRow(into: &fields, quoteProblem: &quoteProblem) != nil else { return nil }
            return detect(cursor: cursor, fields: fields).format
        }
    }

    // MARK: - Internals

    /// How the first row reads: the format, and whether the row is a header.
    static func detect(cursor: CSVCursor, fields: [CSVCursor.Field]) -> (format: CandleFileFormat, isHeader: Bool) {
        guard let first = fields.first else { return (.genericCSV, true) }
        if DecimalParsing.parseInteger(cursor.bytes, start: first.start, end: first.end) != nil {
            return (fields.count == binanceColumns.count ? .binanceKlines : .genericCSV, false)
        }
        if fields.count == binanceColumns.count,
           normalizedColumnName(cursor.text(fields[0])) == "opentime",
           normalizedColumnName(cursor.text(fields[6])) == "closetime" {
            return (.binanceKlines, true)
        }
        return (.genericCSV, true)
    }

    static func parseFile(csv: some ContiguousBytes, file: String, timeframe: Timeframe,
                          options: CandleReadingOptions = .init()) throws(CandleImportError) -> ParsedCandles {
        let result = csv.withUnsafeBytes { raw -> Result<ParsedCandles, CandleImportError> in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else {
                return .failure(emptyFileError(file))
            }
            do throws(CandleImportError) {
                return .success(try parseBytes(base, count: bytes.count, file: file, timeframe: timeframe, options: options))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func emptyFileError(_ file: String) -> CandleImportError {
        CandleImportError(file: file, line: 1, message: "the file is empty; download it again or remove it from the paths")
    }

    private static func parseBytes(_ base: UnsafePointer<UInt8>, count: Int, file: String,
                                   timeframe: Timeframe, options: CandleReadingOptions) throws(CandleImportError) -> ParsedCandles {
        if UnsafeBufferPointer(start: base, count: min(count, 4_096)).contains(0) {
            throw CandleImportError(
                file: file, line: 1,
                message: "the file is not text (it holds zero bytes); pass CSV files or .zip archives of them")
        }
        var cursor = CSVCursor(bytes: base, count: count)
        cursor.separator = CSVCursor.separator(ofFirstLine: base, count: count)
        var fields: [CSVCursor.Field] = []
        fields.reserveCapacity(16)
        var quoteProblem: CSVCursor.QuoteProblem?
        guard let firstLine = cursor.nextRow(into: &fields, quoteProblem: &quoteProblem) else {
            throw emptyFileError(file)
        }
        if let quoteProblem { throw quoteError(quoteProblem, file: file, line: firstLine) }
        let (format, isHeader) = detect(cursor: cursor, fields: fields)
        // A Binance month of 5m candles is about 1.3 MB for 8,900 rows.
        var parsed = ParsedCandles(file: file, format: format, capacity: count / 128 + 16)
        parsed.checksGrid = options.checksGrid
        switch (format, isHeader) {
        case (.binanceKlines, false):
            try parseBinanceRows(cursor: &cursor, fields: &fields, firstLine: firstLine, into: &parsed, timeframe: timeframe)
        case (.binanceKlines, true):
            guard let dataLine = cursor.nextRow(into: &fields, quoteProblem: &quoteProblem) else {
                throw noRowsError(file, headerLine: firstLine)
            }
            try parseBinanceRows(cursor: &cursor, fields: &fields, firstLine: dataLine, into: &parsed, timeframe: timeframe)
        case (.genericCSV, false):
            throw CandleImportError(
                file: file, line: firstLine,
                message: "the first row is data with \(fields.count) column\(fields.count == 1 ? "" : "s"), not a header: "
                    + "a Binance kline file has 12 columns (\(binanceColumns.joined(separator: ","))), and any other CSV "
                    + "needs a header line such as timestamp,open,high,low,close,volume")
        case (.genericCSV, true):
            let header = fields.map { cursor.text($0, limit: 64) }
            // The first data row, for a time column no header name says: it is found by its content.
            var peek = cursor, peeked: [CSVCursor.Field] = [], peekProblem: CSVCursor.QuoteProblem?
            let firstRow = peek.nextRow(into: &peeked, quoteProblem: &peekProblem) != nil && peekProblem == nil
                ? peeked.map { peek.text($0, limit: 64) } : nil
            let layout = try genericLayout(header: header, file: file, line: firstLine, adjusted: options.adjusted, firstRow: firstRow)
            try parseGenericRows(cursor: &cursor, layout: layout, into: &parsed, timeframe: timeframe, headerLine: firstLine,
                                 timeZone: options.timeZone)
        }
        if parsed.candles.isEmpty { throw noRowsError(file, headerLine: firstLine) }
        return parsed
    }

    private static func noRowsError(_ file: String, headerLine: Int) -> CandleImportError {
        CandleImportError(file: file, line: headerLine,
                          message: "the file has a header but no candle rows; download it again or remove it from the paths")
    }
}
