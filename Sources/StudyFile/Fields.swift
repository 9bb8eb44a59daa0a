import Backtesting
import Foundation
import MarketData
import Rules
import WalkForward

/// A mapping's entries by key, keeping their order and lines.
struct Fields {
    let entries: [(key: String, keyLine: Int, value: Located)]

    init(_ entries: [(key: String, keyLine: Int, value: Located)]) {
        self.entries = entries
    }

    subscript(key: String) -> Located? {
        entries.first { $0.key == key }?.value
    }

    func isPresent(_ key: String) -> Bool { self[key] != nil }
}

extension Located {
    var isNull: Bool {
        if case .null = value { return true }
        return false
    }
}
