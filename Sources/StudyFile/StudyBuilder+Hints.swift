import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

extension StudyBuilder {
    /// `; write BTCUSDT` for `btcusdt` or `BTC/USDT`.
    static func symbolSuggestion(_ value: YAMLValue) -> String {
        guard case let .text(text) = value else { return "" }
        let symbol = text.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return symbol.isEmpty || symbol == text ? "" : "; write \(symbol)"
    }

    /// `; did you mean 5m?` for `5min`: only spellings with the same count are suggested.
    static func timeframeSuggestion(_ value: YAMLValue) -> String {
        guard case let .text(text) = value else { return "" }
        let count = text.prefix { $0.isNumber }
        guard !count.isEmpty else { return "" }
        let candidates = Timeframe.allCases.map(\.rawValue).filter { $0.prefix { $0.isNumber } == count }
        return didYouMean(text, among: candidates)
    }

    /// `; remove the quotes` when text such as `"90"` would be a number unquoted.
    static func quotedNumberHint(_ value: YAMLValue) -> String {
        guard case let .text(text) = value, YAMLReader.parseNumber(text) != nil else { return "" }
        return "; remove the quotes"
    }

    /// A message for text shaped like a date whose day does not exist (`2024-02-30`).
    static func notADay(_ value: YAMLValue) -> String? {
        guard case let .text(text) = value else { return nil }
        let day = text.prefix(10)
        let shape = day.enumerated().allSatisfy { index, character in
            [4, 7].contains(index) ? character == "-" : character.isASCII && character.isNumber
        }
        guard day.count == 10, shape, UTCTime.parse(day) == nil else { return nil }
        return "\(day) is not a day of the calendar; check the month and the day"
    }
}
