import MarketData

extension CandleImporter {
    /// Header names accepted for the time column, most specific first (compared in lower
    /// case with spaces and underscores removed).
    static let timeColumnNames = ["timestamp", "opentime", "datetime", "date", "time"]
    static let valueColumnNames = ["open", "high", "low", "close", "volume"]

    /// `Open Time` and `open_time` both become `opentime`.
    static func normalizedColumnName(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "\t" })
    }

    /// Where each needed column sits in a generic CSV.
    struct GenericLayout {
        var time: Int
        /// A separate `time` column to join to a `date` column (`2024-01-01` + `00:05`).
        var timeOfDay: Int?
        var open, high, low, close, volume: Int
        var columnCount: Int
    }

    static func genericLayout(header: [String], file: String, line: Int) throws(CandleImportError) -> GenericLayout {
        let names = header.map(normalizedColumnName)
        var seen: [String: Int] = [:]
        for (column, name) in names.enumerated() where !name.isEmpty {
            if let first = seen[name], timeColumnNames.contains(name) || valueColumnNames.contains(name) {
                throw CandleImportError(
                    file: file, line: line,
                    message: "the header names \"\(header[column])\" twice (columns \(first + 1) and \(column + 1)); rename or remove one",
                    withoutContent: "the header names one column twice (columns \(first + 1) and \(column + 1)); rename or remove one")
            }
            seen[name] = seen[name] ?? column
        }
        let expected = "the header must name a time column (timestamp, date, datetime, time or open_time) and "
            + "open, high, low, close, volume, in any order and case"
        guard let timeName = timeColumnNames.first(where: { seen[$0] != nil }), let time = seen[timeName] else {
            let shown = header.prefix(12).joined(separator: ",")
            throw CandleImportError(
                file: file, line: line,
                message: "no time column in the header \"\(shown)\"; \(expected) (a Binance kline file without a header "
                    + "has 12 numeric columns)",
                withoutContent: "line \(line) is not a header: \(header.count) field\(header.count == 1 ? "" : "s"), no time column; "
                    + "\(expected) (a Binance kline file without a header has 12 numeric columns)")
        }
        var value: [Int] = []
        for name in valueColumnNames {
            guard let column = seen[name] else {
                throw CandleImportError(
                    file: file, line: line,
                    message: "the header has no \"\(name)\" column (volume is required too; write 0 when unknown); \(expected)")
            }
            value.append(column)
        }
        let timeOfDay = timeName == "date" ? seen["time"] : nil
        return GenericLayout(time: time, timeOfDay: timeOfDay, open: value[0], high: value[1], low: value[2],
                             close: value[3], volume: value[4], columnCount: header.count)
    }

    /// Reads the data rows of a generic CSV after its header.
    static func parseGenericRows(cursor: inout CSVCursor, layout: GenericLayout, into parsed: inout ParsedCandles,
                                 timeframe: Timeframe, headerLine: Int) throws(CandleImportError) {
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
            func decimal(_ column: Int, _ name: String) throws(CandleImportError) -> Double {
                let field = fields[column]
                guard let value = DecimalParsing.parseDouble(bytes, start: field.start, end: field.end) else {
                    let text = cursor.text(field)
                    throw CandleImportError(
                        file: parsed.file, line: line,
                        message: "column \(column + 1) (\(name)) \(text.isEmpty ? "is empty" : "is \"\(text)\""), "
                            + "not a decimal number like 42283.58; fix or remove the row",
                        withoutContent: "column \(column + 1) (\(name)) is not a decimal number like 42283.58; fix or remove the row")
                }
                return value
            }
            let openTime = try genericTime(cursor: cursor, fields: fields, layout: layout, file: parsed.file, line: line)
            let candle = Candle(openTime: openTime, open: try decimal(layout.open, "open"),
                                high: try decimal(layout.high, "high"), low: try decimal(layout.low, "low"),
                                close: try decimal(layout.close, "close"), volume: try decimal(layout.volume, "volume"))
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

    /// A generic CSV's time: epoch seconds, milliseconds or microseconds by magnitude, or a UTC date.
    static func genericTime(cursor: CSVCursor, fields: [CSVCursor.Field], layout: GenericLayout,
                            file: String, line: Int) throws(CandleImportError) -> Int64 {
        let field = fields[layout.time]
        if let epoch = DecimalParsing.parseInteger(cursor.bytes, start: field.start, end: field.end) {
            if epoch < 100_000_000_000 { return epoch * 1_000 }  // seconds
            if epoch < firstMicrosecondTime { return epoch }  // milliseconds
            guard epoch % 1_000 == 0 else {
                throw CandleImportError(file: file, line: line,
                                        message: "time \(epoch) µs is not a whole millisecond; candle times must be whole milliseconds",
                                        withoutContent: "the time (µs) is not a whole millisecond; candle times must be whole milliseconds")
            }
            return epoch / 1_000
        }
        var text = cursor.text(field, limit: 64)
        if let timeOfDay = layout.timeOfDay, timeOfDay < fields.count {
            text += " " + cursor.text(fields[timeOfDay], limit: 32)
        }
        guard let time = UTCTime.parse(text) else {
            throw CandleImportError(
                file: file, line: line,
                message: "time \"\(text)\" is neither epoch seconds, milliseconds or microseconds nor a UTC date like "
                    + "2024-01-01T00:05:00Z or 2024-01-01 00:05:00; fix the value",
                withoutContent: "the time in column \(layout.time + 1) is neither epoch seconds, milliseconds or microseconds nor a "
                    + "UTC date like 2024-01-01T00:05:00Z or 2024-01-01 00:05:00; fix the value")
        }
        return time
    }
}
