/// One token of a rule, with the offset of its first character.
struct RuleToken: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case word(String)
        /// `( ) [ ] , .` and the operators.
        case symbol(String)
        /// `@1d` or `@BTCUSDT`: a timeframe or a symbol (what follows the `@`, read whole).
        case at(String)
        case end
    }

    var kind: Kind
    var position: Int

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case let .number(value): "the number \(RuleFormatting.number(value))"
        case let .word(word): "\"\(word)\""
        case let .symbol(symbol): "\"\(symbol)\""
        case let .at(target): "\"@\(target)\""
        case .end: "the end of the rule"
        }
    }
}

/// Splits a rule into tokens: numbers (`14`, `0.5`, `1e3`), words (`rsi`, `and`,
/// `rsi_period`), timeframes (`@1d`), and the symbols `( ) [ ] , . + - * / < <= > >= == !=`.
enum RuleLexer {
    static func tokens(_ text: String) throws(RuleError) -> [RuleToken] {
        let characters = Array(text)
        var tokens: [RuleToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                index += 1
                continue
            }
            let start = index
            if character.isASCII, character.isNumber || (character == "." && index + 1 < characters.count && characters[index + 1].isASCII && characters[index + 1].isNumber) {
                while index < characters.count, characters[index].isASCII, characters[index].isNumber || characters[index] == "." { index += 1 }
                if index < characters.count, characters[index] == "e" || characters[index] == "E" {
                    var next = index + 1
                    if next < characters.count, characters[next] == "+" || characters[next] == "-" { next += 1 }
                    if next < characters.count, characters[next].isASCII, characters[next].isNumber {
                        index = next
                        while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
                    }
                }
                let literal = String(characters[start..<index])
                guard let value = Double(literal), value.isFinite else {
                    throw RuleError("\"\(literal)\" is not a number", at: start)
                }
                tokens.append(RuleToken(kind: .number(value), position: start))
                continue
            }
            if character.isASCII, character.isLetter || character == "_" {
                while index < characters.count, characters[index].isASCII,
                      characters[index].isLetter || characters[index].isNumber || characters[index] == "_" { index += 1 }
                tokens.append(RuleToken(kind: .word(String(characters[start..<index])), position: start))
                continue
            }
            if character == "@" {
                index += 1
                while index < characters.count, characters[index].isASCII, characters[index].isLetter || characters[index].isNumber { index += 1 }
                guard index > start + 1 else {
                    throw RuleError("@ is followed by a timeframe or one of the study's symbols, e.g. close@1d, ema(close, 50)@4h or close@BTCUSDT", at: start)
                }
                tokens.append(RuleToken(kind: .at(String(characters[(start + 1)..<index])), position: start))
                continue
            }
            let pair = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
            if ["<=", ">=", "==", "!="].contains(pair) {
                tokens.append(RuleToken(kind: .symbol(pair), position: start))
                index += 2
                continue
            }
            if "()[],.+-*/<>".contains(character) {
                tokens.append(RuleToken(kind: .symbol(String(character)), position: start))
                index += 1
                continue
            }
            let hint: String
            switch character {
            case "=": hint = "; compare with == (or <=, >=)"
            case "!": hint = "; negate with not, compare with !="
            case "&": hint = "; write and"
            case "|": hint = "; write or"
            default: hint = ""
            }
            throw RuleError("unexpected character \"\(character)\"\(hint)", at: start)
        }
        tokens.append(RuleToken(kind: .end, position: characters.count))
        return tokens
    }
}

enum RuleFormatting {
    /// `14`, `0.5`: whole numbers without a decimal point.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
