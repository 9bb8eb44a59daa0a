import Foundation
import MarketData

extension CandleImporter {
    /// Header names accepted for the time column, most specific first (compared in lower
    /// case with spaces and underscores removed: `Date Time`, `date_time`, `Datetime` alike).
    /// A blank first header cell is the time column too: the index pandas' `to_csv()` writes.
    static let timeColumnNames = ["timestamp", "opentime", "datetime", "gmttime", "localtime", "date", "time"]
    static let valueColumnNames = ["open", "high", "low", "close", "volume"]
    /// The adjusted close of stock data (`Adj Close`), used with ``CandleReadingOptions/adjusted``.
    static let adjustedCloseNames = ["adjclose", "adjustedclose"]

    /// `Open Time`, `open_time` and `Open-Time` all become `opentime`; `Adj. Close` becomes `adjclose`.
    static func normalizedColumnName(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "\t" && $0 != "-" && $0 != "." })
    }

    /// Where each needed column sits in a generic CSV.
    struct GenericLayout {
        var time: Int
        /// A separate `time` column to join to a `date` column (`2024-01-01` + `00:05`).
        var timeOfDay: Int?
        var open, high, low, close: Int
        /// nil when the file has no volume (FX quotes): every candle's volume is 0.
        var volume: Int?
        /// `Adj Close`, when prices are to be adjusted by it.
        var adjustedClose: Int?
        var columnCount: Int
        /// Columns that repeat a needed column's name after the data (pandas residue): every
        /// row must leave them empty, or the file is refused at that row.
        var mustBeEmpty: [Int] = []
    }

    /// - Parameter firstRow: the first data row: when no header name says which column is the
    ///   time, the one column whose value there reads as a time (``timeByContent(_:)``) is.
    static func genericLayout(header: [String], file: String, line: Int, adjusted: Bool = false,
                              firstRow: [String]? = nil) throws(CandleImportError) -> GenericLayout {
        let names = header.map(normalizedColumnName)
        var seen: [String: Int] = [:]
        var repeatedColumns: [Int] = []
        for (column, name) in names.enumerated() where !name.isEmpty {
            if let first = seen[name], timeColumnNames.contains(name) || valueColumnNames.contains(name) {
                // A trailing repeat after every named column (pandas' round-trip residue, as in
                // the Binance universe files) is read only if every row leaves it empty.
                if column > first, header.count - column <= 3, names[..<column].contains("ignore") {
                    repeatedColumns.append(column)
                    continue
                }
                throw CandleImportError(
                    file: file, line: line,
                    message: "the header names \"\(header[column])\" twice (columns \(first + 1) and \(column + 1)); rename or remove one",
                    withoutContent: "the header names one column twice (columns \(first + 1) and \(column + 1)); rename or remove one")
            }
            seen[name] = seen[name] ?? column
        }
        let expected = "the header must name a time column (timestamp, date, datetime, time or open_time) and "
            + "open, high, low, close, volume, in any order and case"
        let named = timeColumnNames.first(where: { seen[$0] != nil })
        // pandas writes its index (the dates) under a blank first header cell.
        let blankFirst = names.first?.isEmpty == true && header.count > 1 ? 0 : nil
        // Otherwise the one column that is no price or volume and whose first value is a time.
        var byContent: Int?
        if named == nil, blankFirst == nil {
            byContent = try timeColumnByContent(header: header, names: names, firstRow: firstRow, file: file, line: line)
        }
        guard let time = named.flatMap({ seen[$0] }) ?? blankFirst ?? byContent else {
            let shown = header.prefix(12).joined(separator: ",")
            throw CandleImportError(
                file: file, line: line,
                message: "no time column in the header \"\(shown)\" (and no other column's first value is a time); \(expected) "
                    + "(a Binance kline file without a header has 12 numeric columns; a blank first header cell, as pandas writes "
                    + "its index, is the time column too)",
                withoutContent: "line \(line) is not a header: \(header.count) field\(header.count == 1 ? "" : "s"), no time column; "
                    + "\(expected) (a Binance kline file without a header has 12 numeric columns)")
        }
        var value: [Int] = []
        for name in valueColumnNames.dropLast() {
            guard let column = seen[name] else {
                throw CandleImportError(
                    file: file, line: line,
                    message: "the header has no \"\(name)\" column; \(expected) (volume may be left out: it is then 0)")
            }
            value.append(column)
        }
        var adjustedClose: Int?
        if adjusted {
            guard let column = adjustedCloseNames.lazy.compactMap({ seen[$0] }).first else {
                throw CandleImportError(
                    file: file, line: line,
                    message: "data.adjusted is true but the header has no Adj Close column; add it, or set data.adjusted: false to use the prices as they are")
            }
            adjustedClose = column
        }
        let timeOfDay = named == "date" ? seen["time"] : nil
        return GenericLayout(time: time, timeOfDay: timeOfDay, open: value[0], high: value[1], low: value[2],
                             close: value[3], volume: seen["volume"] ?? seen["vol"], adjustedClose: adjustedClose,
                             columnCount: header.count, mustBeEmpty: repeatedColumns)
    }

    /// The column holding the time when no header name says so: of the columns that are not a
    /// price, volume or adjusted close, the one whose value in the first data row reads as a time
    /// (``isTimeByContent(_:)``); nil when none does.
    /// - Throws: when several do, naming them: which one opens the candle is for the file to say.
    static func timeColumnByContent(header: [String], names: [String], firstRow: [String]?,
                                    file: String, line: Int) throws(CandleImportError) -> Int? {
        guard let firstRow, firstRow.count == names.count else { return nil }
        let others = Set(valueColumnNames + adjustedCloseNames + ["vol"])
        let found = names.indices.filter { !others.contains(names[$0]) && isTimeByContent(firstRow[$0]) }
        guard found.count <= 1 else {
            throw CandleImportError(
                file: file, line: line,
                message: "no column is named as the time, and the columns \(found.map { "\"\(header[$0])\"" }.joined(separator: ", ")) "
                    + "all hold times; rename the one the candles open at to timestamp",
                withoutContent: "no column is named as the time, and columns \(found.map { String($0 + 1) }.joined(separator: ", ")) "
                    + "all hold times; rename the one the candles open at to timestamp")
        }
        return found.first
    }

    /// Whether a value reads as a candle time: a whole number of epoch seconds, milliseconds,
    /// microseconds or nanoseconds from 1973 on (at least 10⁸ s — smaller whole numbers are
    /// counts, not times), or a date (and time) as ``UTCTime/parseWithZone(_:)`` reads it.
    static func isTimeByContent(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let epoch = Int64(trimmed) { return epoch >= 100_000_000 }
        return UTCTime.parseWithZone(trimmed) != nil
    }

    /// Reads the data rows of a generic CSV after its header.
    /// - Parameter timeZone: the zone of times written without one (nil: UTC).
    static func parseGenericRows(cursor: inout CSVCursor, layout: GenericLayout, into parsed: inout ParsedCandles,
                                 timeframe: Timeframe, headerLine: Int, timeZone: UTCOffsets? = nil) throws(CandleImportError) {
        let bytes = cursor.bytes
        var fields: [CSVCursor.Field] = []
        fields.reserveCapacity(layout.columnCount)
        var quoteProblem: CSVCursor.QuoteProblem?
        var smallestStep = Int64.max
        var smallestStepLine = 0
        while let line = cursor.nextRow(into: &fields, quoteProblem: &quoteProblem) {
            if let quoteProblem { throw quoteError(quoteProblem, file: parsed.file, line: line) }
            guard fields.count == layout.columnCount else {
                throw CandleImportError(
                    file: parsed.file, line: line,
                    message: "the row has \(fields.count) column\(fields.count == 1 ? "" : "s") but the header "
                        + "(line \(headerLine)) has \(layout.columnCount); fix or remove the row")
            }
            for column in layout.mustBeEmpty where fields[column].end > fields[column].start {
                throw CandleImportError(
                    file: parsed.file, line: line,
                    message: "column \(column + 1) repeats the name of a column before it and holds \"\(cursor.text(fields[column]))\": "
                        + "which one is the data is unclear; rename or remove one in the header",
                    withoutContent: "column \(column + 1) repeats the name of a column before it and holds a value; rename or remove one in the header")
            }
            func decimal(_ column: Int, _ name: String) throws(CandleImportError) -> Double {
                let field = fields[column]
                guard let value = DecimalParsing.parseDouble(bytes, start: field.start, end: field.end)
                    ?? decimalComma(cursor: cursor, field: field) else {
                    let text = cursor.text(field)
                    throw CandleImportError(
                        file: parsed.file, line: line,
                        message: "column \(column + 1) (\(name)) \(text.isEmpty ? "is empty" : "is \"\(text)\""), "
                            + "not a decimal number like 42283.58; fix or remove the row",
                        withoutContent: "column \(column + 1) (\(name)) is not a decimal number like 42283.58; fix or remove the row")
                }
                return value
            }
            let openTime = try genericTime(cursor: cursor, fields: fields, layout: layout, file: parsed.file, line: line, timeZone: timeZone)
            var candle = Candle(openTime: openTime, open: try decimal(layout.open, "open"),
                                high: try decimal(layout.high, "high"), low: try decimal(layout.low, "low"),
                                close: try decimal(layout.close, "close"), volume: try layout.volume.map { column throws(CandleImportError) in try decimal(column, "volume") } ?? 0)
            if let column = layout.adjustedClose {
                // Every price scaled by the day's adjustment factor: what Yahoo's adjusted series are.
                let factor = try decimal(column, "adj close") / candle.close
                candle.open *= factor
                candle.high *= factor
                candle.low *= factor
                candle.close *= factor
            }
            if let previous = parsed.candles.last, openTime > previous.openTime, openTime - previous.openTime < smallestStep {
                smallestStep = openTime - previous.openTime
                smallestStepLine = line
            }
            try parsed.append(candle, line: line, timeframe: timeframe)
        }
        // Candles of a longer timeframe sit on the shorter one's grid too: catch them by their spacing.
        if parsed.candles.count >= 3, smallestStep > timeframe.milliseconds,
           let found = Timeframe.allCases.first(where: { $0.milliseconds == smallestStep }) {
            throw CandleImportError(
                file: parsed.file, line: smallestStepLine,
                message: "the rows are at least \(found.rawValue) apart, never \(timeframe.rawValue): these look like "
                    + "\(found.rawValue) candles but the study's timeframe is \(timeframe.rawValue); "
                    + "use \(timeframe.rawValue) candles or set the timeframe to \(found.rawValue)")
        }
    }

    /// `1234,56` in a `;`-separated file (a decimal comma); nil when that does not read either.
    static func decimalComma(cursor: CSVCursor, field: CSVCursor.Field) -> Double? {
        guard cursor.separator != .comma, field.end > field.start, field.end - field.start < 64 else { return nil }
        var copy = [UInt8](UnsafeBufferPointer(start: cursor.bytes + field.start, count: field.end - field.start))
        guard let comma = copy.firstIndex(of: .comma), !copy.contains(.dot) else { return nil }
        copy[comma] = .dot
        return copy.withUnsafeBufferPointer { DecimalParsing.parseDouble($0.baseAddress!, start: 0, end: $0.count) }
    }

    /// A generic CSV's time: epoch seconds, milliseconds, microseconds or nanoseconds by magnitude, or a date
    /// and time: with `Z` or an offset (`2024-01-02 09:30:00-05:00`) it is exact; without one it
    /// is UTC, or local time of `timeZone` (`data.timezone`); a date alone is the day's midnight.
    static func genericTime(cursor: CSVCursor, fields: [CSVCursor.Field], layout: GenericLayout,
                            file: String, line: Int, timeZone: UTCOffsets? = nil) throws(CandleImportError) -> Int64 {
        let field = fields[layout.time]
        if let epoch = DecimalParsing.parseInteger(cursor.bytes, start: field.start, end: field.end) {
            // Each unit up to the year 5138 of the one before: 10¹¹ s, 10¹⁴ ms, 10¹⁷ µs.
            if epoch < 100_000_000_000 { return epoch * 1_000 }  // seconds
            if epoch < firstMicrosecondTime { return epoch }  // milliseconds
            let (unit, perMillisecond): (String, Int64) = epoch < firstNanosecondTime ? ("µs", 1_000) : ("ns", 1_000_000)
            guard epoch % perMillisecond == 0 else {
                throw CandleImportError(file: file, line: line,
                                        message: "time \(epoch) \(unit) is not a whole millisecond; candle times must be whole milliseconds",
                                        withoutContent: "the time (\(unit)) is not a whole millisecond; candle times must be whole milliseconds")
            }
            return epoch / perMillisecond
        }
        var text = cursor.text(field, limit: 64)
        if let timeOfDay = layout.timeOfDay, timeOfDay < fields.count {
            text += " " + cursor.text(fields[timeOfDay], limit: 32)
        }
        guard let parsed = UTCTime.parseWithZone(text) else {
            throw CandleImportError(
                file: file, line: line,
                message: "time \"\(text)\" is neither epoch seconds, milliseconds, microseconds or nanoseconds nor a UTC date like "
                    + "2024-01-01T00:05:00Z or 2024-01-01 00:05:00; fix the value",
                withoutContent: "the time in column \(layout.time + 1) is neither epoch seconds, milliseconds, microseconds or nanoseconds nor a "
                    + "UTC date like 2024-01-01T00:05:00Z or 2024-01-01 00:05:00; fix the value")
        }
        guard let timeZone, !parsed.hasZone else { return parsed.time }
        return timeZone.utc(fromLocal: parsed.time)
    }
}
