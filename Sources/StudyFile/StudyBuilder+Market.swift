import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// `symbols` and `timeframe`.
extension StudyBuilder {
    mutating func symbols(_ entry: Located?) -> [String] {
        guard let entry else { return [] }
        let items: [Located]
        if case .text("all") = entry.value {
            listsAllSymbols = true
            return []
        }
        switch entry.value {
        case let .list(list): items = list
        case .text: items = [entry]
        default:
            report(entry.line, "symbols", "must be a list of symbols like [BTCUSDT], not \(entry.value.kindName)")
            return []
        }
        if items.isEmpty { report(entry.line, "symbols", "must name at least one symbol, e.g. [BTCUSDT]") }
        var symbols: [String] = []
        for (index, item) in items.enumerated() {
            guard case let .text(symbol) = item.value, let first = symbol.first, first.isASCII, first.isUppercase || first.isNumber,
                  symbol.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || Self.symbolPunctuation.contains($0)) }) else {
                report(item.line, "symbols[\(index)]", "must be an upper-case symbol like BTCUSDT or BRK.B, not \(item.value.kindName)"
                       + Self.symbolSuggestion(item.value))
                continue
            }
            if symbols.contains(symbol) {
                report(item.line, "symbols[\(index)]", "\(symbol) is listed twice; remove one")
                continue
            }
            symbols.append(symbol)
        }
        return symbols
    }

    mutating func timeframe(_ entry: Located?) -> Timeframe? {
        guard let entry else { return nil }
        guard case let .text(text) = entry.value, let timeframe = Timeframe(rawValue: text) else {
            report(entry.line, "timeframe", "must be one of \(Timeframe.allSpellings), not \(entry.value.kindName)"
                   + Self.timeframeSuggestion(entry.value))
            return nil
        }
        return timeframe
    }
}
