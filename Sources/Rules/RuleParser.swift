/// Parses a rule into a ``RuleNode`` tree by precedence climbing.
///
/// ```
/// rule       := or
/// or         := and ("or" and)*                      left-associative
/// and        := not ("and" not)*                     left-associative
/// not        := "not" not | comparison
/// comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?   not chained
/// sum        := product (("+" | "-") product)*       left-associative
/// product    := unary (("*" | "/") unary)*           left-associative
/// unary      := "-" unary | postfix
/// postfix    := primary ("[" sum "]" | "." word | "@" timeframe | "@" symbol)*
/// primary    := number | word | word "(" (sum ("," sum)*)? ")" | "(" or ")"
/// ```
/// Only the syntax is checked here; names, types and argument counts are ``RuleChecker``'s.
public enum RuleParser {
    public static func parse(_ text: String) throws(RuleError) -> RuleNode {
        var parser = Parser(tokens: try RuleLexer.tokens(text))
        guard parser.peek.kind != .end else { throw RuleError("the rule is empty; write a condition such as rsi(14) < 30", at: 0) }
        let node = try parser.expression(minimumPrecedence: 1)
        guard parser.peek.kind == .end else {
            let token = parser.peek
            if case .symbol(")") = token.kind { throw RuleError("this \")\" closes nothing; remove it or add its \"(\"", at: token.position) }
            throw RuleError("expected an operator (and, or, <, +, ...) or the end of the rule, found \(token.quoted)", at: token.position)
        }
        return node
    }
}

private struct Parser {
    let tokens: [RuleToken]
    var index = 0

    /// Nesting deeper than this is refused (a rule is a line, not a program).
    static let deepestNesting = 64
    var depth = 0

    init(tokens: [RuleToken]) {
        self.tokens = tokens
    }

    var peek: RuleToken { tokens[index] }

    mutating func advance() -> RuleToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func binaryOperator(_ token: RuleToken) -> RuleOperator? {
        switch token.kind {
        case let .symbol(symbol): RuleOperator(rawValue: symbol)
        case .word("and"): .and
        case .word("or"): .or
        default: nil
        }
    }

    mutating func expression(minimumPrecedence: Int) throws(RuleError) -> RuleNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.deepestNesting else { throw RuleError("the rule nests too deeply", at: peek.position) }
        var left = try prefix(minimumPrecedence: minimumPrecedence)
        while let op = binaryOperator(peek), op.precedence >= minimumPrecedence {
            let token = advance()
            let right = try expression(minimumPrecedence: op.precedence + 1)
            if op.isComparison, let next = binaryOperator(peek), next.isComparison {
                throw RuleError("comparisons cannot be chained; join them with and (a < b and b < c)", at: peek.position)
            }
            left = .binary(op, left, right, at: token.position)
        }
        return left
    }

    /// `not` and unary minus, whose operand binds as tightly as their place allows.
    mutating func prefix(minimumPrecedence: Int) throws(RuleError) -> RuleNode {
        let token = peek
        if case .word("not") = token.kind {
            _ = advance()
            // `not a < b` negates the comparison: the operand is everything above `and`.
            return .not(try expression(minimumPrecedence: max(minimumPrecedence, RuleOperator.less.precedence)), at: token.position)
        }
        if case .symbol("-") = token.kind {
            _ = advance()
            return .negate(try expression(minimumPrecedence: RuleOperator.times.precedence + 1), at: token.position)
        }
        return try postfix()
    }

    mutating func postfix() throws(RuleError) -> RuleNode {
        var node = try primary()
        while true {
            let token = peek
            if case .symbol("[") = token.kind {
                _ = advance()
                let offset = try expression(minimumPrecedence: RuleOperator.plus.precedence)
                try expect("]", closing: "[", openedAt: token.position)
                node = .offset(node, by: offset, at: token.position)
            } else if case .symbol(".") = token.kind {
                _ = advance()
                let partToken = advance()
                guard case let .word(part) = partToken.kind else {
                    throw RuleError("expected the name of a part after \".\" (line, signal, hist; upper, middle, lower; k, d), found \(partToken.quoted)",
                                    at: partToken.position)
                }
                guard case let .call(function, arguments, nil, at) = node else {
                    throw RuleError("only macd, bb, stoch, donchian and keltner have parts; .\(part) cannot follow this", at: token.position)
                }
                node = .call(function: function, arguments: arguments, part: part, at: at)
            } else if case let .at(target) = token.kind {
                _ = advance()
                // Every timeframe starts with a digit (1h, 4h, 1d); a symbol with a letter.
                node = target.first?.isNumber == true ? .higherTimeframe(node, timeframe: target, at: token.position)
                    : .otherSymbol(node, symbol: target, at: token.position)
            } else {
                return node
            }
        }
    }

    mutating func primary() throws(RuleError) -> RuleNode {
        let token = advance()
        switch token.kind {
        case let .number(value):
            return .number(value, at: token.position)
        case let .word(word):
            if ["and", "or"].contains(word) {
                throw RuleError("expected a value before \"\(word)\"", at: token.position)
            }
            guard case .symbol("(") = peek.kind else { return .name(word, at: token.position) }
            let open = advance()
            var arguments: [RuleNode] = []
            if case .symbol(")") = peek.kind {
                _ = advance()
                return .call(function: word, arguments: [], part: nil, at: token.position)
            }
            while true {
                arguments.append(try expression(minimumPrecedence: RuleOperator.plus.precedence))
                if case .symbol(",") = peek.kind {
                    _ = advance()
                    continue
                }
                try expect(")", closing: "\(word)(", openedAt: open.position)
                return .call(function: word, arguments: arguments, part: nil, at: token.position)
            }
        case .symbol("("):
            let inner = try expression(minimumPrecedence: 1)
            try expect(")", closing: "(", openedAt: token.position)
            return inner
        case .end:
            throw RuleError("the rule ends where a value was expected", at: token.position)
        case .symbol, .at:
            throw RuleError("expected a number, a name or \"(\", found \(token.quoted)", at: token.position)
        }
    }

    mutating func expect(_ symbol: String, closing opener: String, openedAt: Int) throws(RuleError) {
        let token = peek
        guard case .symbol(symbol) = token.kind else {
            throw RuleError("expected \"\(symbol)\" to close \(opener) (column \(openedAt + 1)), found \(token.quoted)", at: token.position)
        }
        _ = advance()
    }
}
