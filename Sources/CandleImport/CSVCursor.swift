/// A forward-only reader of CSV rows over raw bytes, without copying.
///
/// Fields are separated by commas (or ``separator``: `;` as European spreadsheets write, a tab)
/// and rows by `\n`; a `\r` before the `\n`, spaces and
/// tabs around a field and blank lines are ignored; a field may be quoted (`"..."`, with
/// `""` for a quote inside), and a quoted field may hold commas and line breaks. A UTF-8
/// byte order mark at the start is skipped. Every index is checked: any bytes are safe.
struct CSVCursor {
    /// Where one field's text lies: `bytes[start..<end]`, trimmed and without its quotes.
    struct Field {
        var start: Int
        var end: Int
    }

    /// What is wrong with a row's quoting.
    enum QuoteProblem: Equatable {
        case unclosed
        case textAfterClosingQuote
    }

    let bytes: UnsafePointer<UInt8>
    let count: Int
    private(set) var position = 0
    /// The 1-based line of the byte at `position`.
    private(set) var line = 1
    /// What separates fields: a comma unless the file says otherwise (``separator(ofFirstLine:count:)``).
    var separator: UInt8 = .comma

    /// `;` or a tab when the first line holds more of it than commas (outside quotes), else a comma.
    static func separator(ofFirstLine bytes: UnsafePointer<UInt8>, count: Int) -> UInt8 {
        var commas = 0, semicolons = 0, tabs = 0
        var quoted = false
        var index = 0
        while index < count, bytes[index] != .newline {
            switch bytes[index] {
            case .quote: quoted.toggle()
            case .comma where !quoted: commas += 1
            case .semicolon where !quoted: semicolons += 1
            case .tab where !quoted: tabs += 1
            default: break
            }
            index += 1
        }
        if semicolons > commas, semicolons >= tabs { return .semicolon }
        if tabs > commas, tabs > semicolons { return .tab }
        return .comma
    }

    init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// Reads the next non-blank row into `fields` (emptied first).
    ///
    /// - Returns: the row's 1-based line, or nil at the end of the input.
    mutating func nextRow(into fields: inout [Field], quoteProblem: inout QuoteProblem?) -> Int? {
        fields.removeAll(keepingCapacity: true)
        quoteProblem = nil
        guard skipBlankLines() else { return nil }
        let rowLine = line
        while true {
            let (field, endsRow, problem) = nextField()
            fields.append(field)
            if let problem, quoteProblem == nil { quoteProblem = problem }
            if endsRow { return rowLine }
        }
    }

    /// Moves past blank lines; false when only blank space is left.
    private mutating func skipBlankLines() -> Bool {
        var index = position
        while index < count {
            let byte = bytes[index]
            if byte == .newline {
                line += 1
                position = index + 1
            } else if !byte.isBlank {
                position = index
                return true
            }
            index += 1
        }
        position = count
        return false
    }

    /// Reads one field and the separator after it.
    @inline(__always)
    private mutating func nextField() -> (Field, endsRow: Bool, QuoteProblem?) {
        var index = position
        while index < count, bytes[index] == .space || (bytes[index] == .tab && separator != .tab) { index += 1 }
        if index < count, bytes[index] == .quote { return quotedField(openingAt: index) }
        let start = index
        while index < count {
            let byte = bytes[index]
            if byte == separator || byte == .newline { break }
            index += 1
        }
        let field = Field(start: start, end: trimmedEnd(start: start, end: index))
        return (field, finishField(at: index), nil)
    }

    private mutating func quotedField(openingAt open: Int) -> (Field, endsRow: Bool, QuoteProblem?) {
        var index = open + 1
        var closing: Int?
        while index < count {
            let byte = bytes[index]
            if byte == .quote {
                if index + 1 < count, bytes[index + 1] == .quote {
                    index += 2
                    continue
                }
                closing = index
                break
            }
            if byte == .newline { line += 1 }
            index += 1
        }
        guard let closing else {
            position = count
            return (Field(start: open + 1, end: count), true, .unclosed)
        }
        var start = open + 1
        while start < closing, bytes[start].isBlank { start += 1 }
        let field = Field(start: start, end: trimmedEnd(start: start, end: closing))
        index = closing + 1
        while index < count, bytes[index].isBlank, bytes[index] != separator { index += 1 }
        var problem: QuoteProblem?
        if index < count, bytes[index] != separator, bytes[index] != .newline {
            problem = .textAfterClosingQuote
            while index < count, bytes[index] != separator, bytes[index] != .newline { index += 1 }
        }
        return (field, finishField(at: index), problem)
    }

    /// Consumes the separator at `index` (a comma, a line break or the end); true when the row ends.
    @inline(__always)
    private mutating func finishField(at index: Int) -> Bool {
        guard index < count else {
            position = count
            return true
        }
        position = index + 1
        if bytes[index] == separator { return false }
        line += 1
        return true
    }

    @inline(__always)
    private func trimmedEnd(start: Int, end: Int) -> Int {
        var end = end
        while end > start, bytes[end - 1].isBlank { end -= 1 }
        return end
    }

    /// The field's bytes as text, for headers and error messages (cut to `limit` characters).
    func text(_ field: Field, limit: Int = 40) -> String {
        guard field.start < field.end, field.end <= count else { return "" }
        var unquoted: [UInt8] = []
        var index = field.start
        while index < min(field.end, field.start + limit * 4) {
            // Control characters would garble a terminal: show them as `?`.
            unquoted.append(bytes[index] < 0x20 || bytes[index] == 0x7F ? 0x3F : bytes[index])
            // Inside a quoted field `""` stands for one quote.
            index += bytes[index] == .quote && index + 1 < field.end && bytes[index + 1] == .quote ? 2 : 1
        }
        let text = String(decoding: unquoted, as: UTF8.self)
        return text.count > limit ? String(text.prefix(limit)) + "..." : text
    }
}

extension UInt8 {
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B
    static let quote: UInt8 = 0x22
    static let zero: UInt8 = 0x30
    static let dot: UInt8 = 0x2E
    static let minus: UInt8 = 0x2D
    static let plus: UInt8 = 0x2B

    /// A space, tab or carriage return: ignored around fields and on blank lines.
    @inline(__always)
    var isBlank: Bool { self == .space || self == .tab || self == .carriageReturn }
}
