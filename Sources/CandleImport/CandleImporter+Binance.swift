import MarketData

extension CandleImporter {
    /// Binance's kline columns, in order.
    static let binanceColumns = [
        "open_time", "open", "high", "low", "close", "volume", "close_time",
        "quote_volume", "trades", "taker_base", "taker_quote", "ignore",
    ]

    /// Open times at or above this are microseconds (Binance's spot dumps from 2025-01-01 on).
    static let firstMicrosecondTime: Int64 = 100_000_000_000_000
    /// Epoch times from here on are nanoseconds (pandas' `datetime64[ns]` as integers): 10¹⁷ µs is the year 5138.
    static let firstNanosecondTime: Int64 = 100_000_000_000_000_000

    /// Reads the rows of a Binance kline file; `fields` holds the first data row, read at `line`.
    static func parseBinanceRows(cursor: inout CSVCursor, fields: inout [CSVCursor.Field], firstLine: Int,
                                 into parsed: inout ParsedCandles, timeframe: Timeframe) throws(CandleImportError) {
        let bytes = cursor.bytes
        let intervalMilliseconds = timeframe.milliseconds
        var quoteProblem: CSVCursor.QuoteProblem?
        var line = firstLine
        func decimal(_ column: Int) throws(CandleImportError) -> Double {
            let field = fields[column]
            guard let value = DecimalParsing.parseDouble(bytes, start: field.start, end: field.end) else {
                throw numberError(cursor: cursor, field: field, column: column, file: parsed.file, line: line, integer: false)
            }
            return value
        }
        while true {
            if let quoteProblem { throw quoteError(quoteProblem, file: parsed.file, line: line) }
            guard fields.count == binanceColumns.count else {
                throw CandleImportError(
                    file: parsed.file, line: line,
                    message: "the row has \(fields.count) column\(fields.count == 1 ? "" : "s"), expected 12 "
                        + "(\(binanceColumns.joined(separator: ", "))); fix or remove the row, or download the file again if it was cut short")
            }
            // Epoch ms or µs as Binance writes it, or a date-time with its zone as pandas re-writes it
            // (`2018-01-01 00:00:00+00:00`, the universe files).
            guard let rawOpenTime = DecimalParsing.parseInteger(bytes, start: fields[0].start, end: fields[0].end)
                ?? UTCTime.parseWithZone(cursor.text(fields[0])).flatMap({ $0.hasZone ? $0.time : nil }) else {
                throw numberError(cursor: cursor, field: fields[0], column: 0, file: parsed.file, line: line, integer: true)
            }
            guard let rawCloseTime = DecimalParsing.parseInteger(bytes, start: fields[6].start, end: fields[6].end) else {
                throw numberError(cursor: cursor, field: fields[6], column: 6, file: parsed.file, line: line, integer: true)
            }
            let open = try decimal(1), high = try decimal(2), low = try decimal(3)
            let close = try decimal(4), volume = try decimal(5)
            let unitsPerMillisecond: Int64 = rawOpenTime >= firstMicrosecondTime ? 1_000 : 1
            let interval = rawCloseTime &- rawOpenTime &+ 1
            // A candle cut short by a trading halt (Binance 2018-02-08: the day's bar closes at
            // 00:28) is still its interval's candle; a length that is another timeframe's is not.
            let cutShort = interval > 0 && interval < intervalMilliseconds * unitsPerMillisecond
                && interval % unitsPerMillisecond == 0 && !Timeframe.allCases.contains { $0.milliseconds * unitsPerMillisecond == interval }
            guard interval == intervalMilliseconds * unitsPerMillisecond || cutShort else {
                throw intervalError(interval: interval, unitsPerMillisecond: unitsPerMillisecond,
                                    timeframe: timeframe, file: parsed.file, line: line)
            }
            guard rawOpenTime % unitsPerMillisecond == 0 else {
                throw CandleImportError(
                    file: parsed.file, line: line,
                    message: "open time \(rawOpenTime) µs is not a whole millisecond; candle times must be whole milliseconds",
                    withoutContent: "the open time (µs) is not a whole millisecond; candle times must be whole milliseconds")
            }
            let candle = Candle(openTime: rawOpenTime / unitsPerMillisecond, open: open, high: high,
                                low: low, close: close, volume: volume)
            try parsed.append(candle, line: line, timeframe: timeframe)
            guard let next = cursor.nextRow(into: &fields, quoteProblem: &quoteProblem) else { return }
            line = next
        }
    }

    static func numberError(cursor: CSVCursor, field: CSVCursor.Field, column: Int, file: String, line: Int,
                            integer: Bool) -> CandleImportError {
        let name = column < binanceColumns.count ? binanceColumns[column] : "?"
        let text = cursor.text(field)
        let what = text.isEmpty ? "is empty" : "is \"\(text)\""
        let expected = integer ? (column == 0 ? "a whole number of epoch milliseconds or microseconds, or a date-time with its zone"
                                       : "a whole number of epoch milliseconds or microseconds") : "a decimal number like 42283.58"
        return CandleImportError(file: file, line: line,
                                 message: "column \(column + 1) (\(name)) \(what), not \(expected); fix or remove the row",
                                 withoutContent: "column \(column + 1) (\(name)) is not \(expected); fix or remove the row")
    }

    static func quoteError(_ problem: CSVCursor.QuoteProblem, file: String, line: Int) -> CandleImportError {
        switch problem {
        case .unclosed:
            CandleImportError(file: file, line: line,
                              message: "a quoted field is never closed; add the closing \" or remove the stray one")
        case .textAfterClosingQuote:
            CandleImportError(file: file, line: line,
                              message: "text follows a closing quote; quote the whole field (a \" inside is written \"\")")
        }
    }

    static func intervalError(interval: Int64, unitsPerMillisecond: Int64, timeframe: Timeframe,
                              file: String, line: Int) -> CandleImportError {
        let unit = unitsPerMillisecond == 1 ? "ms" : "µs"
        let milliseconds = interval / unitsPerMillisecond
        let found = Timeframe.allCases.first {
            interval % unitsPerMillisecond == 0 && $0.milliseconds == milliseconds
        }
        guard let found else {
            return CandleImportError(
                file: file, line: line,
                message: "close_time - open_time + 1 is \(interval) \(unit), not one \(timeframe.rawValue) candle "
                    + "(\(timeframe.milliseconds * unitsPerMillisecond) \(unit)); fix the row or use a file of \(timeframe.rawValue) candles",
                withoutContent: "close_time - open_time + 1 is not one \(timeframe.rawValue) candle "
                    + "(\(timeframe.milliseconds * unitsPerMillisecond) \(unit)); fix the row or use a file of \(timeframe.rawValue) candles")
        }
        return CandleImportError(
            file: file, line: line,
            message: "candle interval is \(found.rawValue) but the study's timeframe is \(timeframe.rawValue); "
                + "use \(timeframe.rawValue) candle files or set the timeframe to \(found.rawValue)")
    }
}
