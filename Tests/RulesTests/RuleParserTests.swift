@testable import Rules
import Testing

/// The grammar of docs/rules.md: precedence, associativity, offsets, parts, every function.
@Suite struct RuleParserTests {
    /// A fully parenthesized rendering of the tree, to compare shapes.
    func shape(_ text: String) throws -> String {
        func render(_ node: RuleNode) -> String {
            switch node {
            case let .number(value, _): RuleFormatting.number(value)
            case let .name(name, _): name
            case let .call(name, arguments, part, _): "\(name)(\(arguments.map(render).joined(separator: ", ")))" + (part.map { ".\($0)" } ?? "")
            case let .offset(value, offset, _): "\(render(value))[\(render(offset))]"
            case let .negate(value, _): "(-\(render(value)))"
            case let .not(value, _): "(not \(render(value)))"
            case let .binary(op, left, right, _): "(\(render(left)) \(op.rawValue) \(render(right)))"
            case let .higherTimeframe(value, timeframe, _): "\(render(value))@\(timeframe)"
            case let .otherSymbol(value, symbol, _): "\(render(value))@symbol:\(symbol)"
            }
        }
        return render(try RuleParser.parse(text))
    }

    @Test(arguments: [
        ("1 + 2 * 3 < 10", "((1 + (2 * 3)) < 10)"),
        ("(1 + 2) * 3 < 10", "(((1 + 2) * 3) < 10)"),
        ("a - b - c > 0", "(((a - b) - c) > 0)"),
        ("a / b / c > 0", "(((a / b) / c) > 0)"),
        ("a < b and c < d or e < f", "(((a < b) and (c < d)) or (e < f))"),
        ("a < b or c < d and e < f", "((a < b) or ((c < d) and (e < f)))"),
        ("x > 1 and y > 2 and z > 3", "(((x > 1) and (y > 2)) and (z > 3))"),
        ("x > 1 or y > 2 or z > 3", "(((x > 1) or (y > 2)) or (z > 3))"),
        ("not a < b and c > d", "((not (a < b)) and (c > d))"),
        ("not not a < b", "(not (not (a < b)))"),
        ("-a * 2 > b", "(((-a) * 2) > b)"),
        ("- -a > 0", "((-(-a)) > 0)"),
        ("a <= b", "(a <= b)"), ("a >= b", "(a >= b)"), ("a == b", "(a == b)"), ("a != b", "(a != b)"),
        ("close[1] < close", "(close[1] < close)"),
        ("rsi(14)[2] < 30", "(rsi(14)[2] < 30)"),
        ("close[k] > close[k][1]", "(close[k] > close[k][1])"),
        ("macd(12, 26, 9).line > macd(12, 26, 9).signal", "(macd(12, 26, 9).line > macd(12, 26, 9).signal)"),
        ("close < bb(20, 2).lower", "(close < bb(20, 2).lower)"),
        ("crosses_above(ema(fast), ema(slow))", "crosses_above(ema(fast), ema(slow))"),
        ("sma(rsi(14), 5) < 30", "(sma(rsi(14), 5) < 30)"),
        ("1.5e2 > .5", "(150 > 0.5)"),
        ("close@1d > ema(close, 50)@1d", "(close@1d > ema(close, 50)@1d)"),
        ("close[1]@4h < rsi(14)@1d[0] + 1", "(close[1]@4h < (rsi(14)@1d[0] + 1))"),
        ("-close@1d < 0", "((-close@1d) < 0)"),
        ("stoch(14, 3, 3).k < 20 and keltner(20, 2).lower > close", "((stoch(14, 3, 3).k < 20) and (keltner(20, 2).lower > close))"),
    ])
    func precedenceAndAssociativity(_ text: String, _ expected: String) throws {
        #expect(try shape(text) == expected)
    }

    @Test func positionsPointAtTheOperatorAndTheCall() throws {
        let node = try RuleParser.parse("close > ema(trend)")
        guard case let .binary(op, left, right, at) = node else { Issue.record("not a binary"); return }
        #expect(op == .greater)
        #expect(at == 6)
        #expect(left.position == 0)
        #expect(right.position == 8)
    }

    @Test(arguments: RuleFunction.allCases)
    func everyFunctionParsesAndChecks(_ function: RuleFunction) throws {
        let call: String
        switch function {
        case .rsi, .atr, .adx, .plus_di, .minus_di: call = "\(function.rawValue)(14) > 20"
        case .sma, .ema: call = "\(function.rawValue)(close, 10) > \(function.rawValue)(20)"
        case .macd: call = "macd(12, 26, 9).hist > 0"
        case .bb: call = "close > bb(20, 2).upper"
        case .highest: call = "close >= highest(high, 20)[1]"
        case .lowest: call = "close <= lowest(low, 20)[1]"
        case .crosses_above, .crosses_below: call = "\(function.rawValue)(close, sma(50))"
        case .stoch: call = "stoch(14, 3, 3).k > stoch(14, 3, 3).d"
        case .cci: call = "cci(20) > 100"
        case .obv: call = "obv() > obv()[1]"
        case .vwap: call = "close > vwap() and close > vwap(20)"
        case .donchian: call = "close > donchian(20).upper[1]"
        case .keltner: call = "close < keltner(20, 2).lower"
        case .supertrend: call = "close > supertrend(10, 3)"
        case .stdev, .zscore, .roc, .percent_rank: call = "\(function.rawValue)(20) > \(function.rawValue)(volume, 20)"
        case .abs, .log, .sqrt: call = "\(function.rawValue)(close - open) >= 0"
        case .min, .max: call = "\(function.rawValue)(open, close) > low"
        }
        let node = try RuleParser.parse(call)
        try RuleChecker(parameterValues: [:]).check(node)
    }
}
