/// What the optimizer maximizes (`objective:` in a study file).
public enum Objective: String, Sendable, CaseIterable, Hashable, Codable {
    /// The original composite score, see ``compositeScore(_:)``.
    case score
    case roi
    case sharpe
    case sortino
    case calmar
    case profitFactor = "profit_factor"
    case sqn

    /// The objective's value for a summary; nil when the metric is undefined (such a
    /// combination ranks below every defined one).
    public func value(of summary: PerformanceSummary) -> Double? {
        switch self {
        case .score: Self.compositeScore(summary)
        case .roi: summary.roi
        case .sharpe: summary.sharpeRatio
        case .sortino: summary.sortinoRatio
        case .calmar: summary.calmarRatio
        case .profitFactor: summary.profitFactor
        case .sqn: summary.sqn
        }
    }

    /// The original composite, 0 to 100: 0 without trades, else
    /// `0.35·min(win_rate, 100) + 0.30·clamp(roi, 0, 100) + 0.20·clamp(sharpe·33.33, 0, 100)
    /// + 0.15·clamp(pf·33.33, 0, 100)`, where an undefined profit factor counts as 100 when
    /// there are wins (no losing trade) and 0 otherwise, and an undefined Sharpe as 0; times
    /// `1 − 0.2·(1 − trades/30)` with fewer than 30 trades.
    public static func compositeScore(_ summary: PerformanceSummary) -> Double {
        guard summary.totalTrades > 0 else { return 0 }
        func clamp(_ value: Double) -> Double { min(max(value, 0), 100) }
        let winRate = min(summary.winRate ?? 0, 100)
        let sharpeTerm = summary.sharpeRatio.map { clamp($0 * 33.33) } ?? 0
        let profitFactorTerm = summary.profitFactor.map { clamp($0 * 33.33) } ?? (summary.winningTrades > 0 ? 100 : 0)
        var score = 0.35 * winRate + 0.30 * clamp(summary.roi) + 0.20 * sharpeTerm + 0.15 * profitFactorTerm
        if summary.totalTrades < 30 {
            score *= 1 - 0.2 * (1 - Double(summary.totalTrades) / 30)
        }
        return score
    }
}
