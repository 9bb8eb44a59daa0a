/// One unit of a run's work: the in-sample search of one window over one block of
/// combinations. The units a run plans are the same whoever executes them (`wfo run`, the
/// runs API, later a cluster task), and executing one is a pure function of the study, the
/// candles and the unit (``WindowEvaluator/search(_:window:market:combinations:settings:cancellation:)``):
/// no database, no network.
///
/// A window is concluded (ranked, tested out-of-sample, its overfitting computed) from the
/// summaries of all its units put back in combination order, so the results never depend on
/// how the combinations were cut into blocks.
///
/// ```swift
/// WorkUnit.plan(windows: 2, combinations: 5, blockSize: 2).map(\.id)
/// // ["w1-c0-2", "w1-c2-4", "w1-c4-5", "w2-c0-2", "w2-c2-4", "w2-c4-5"]
/// ```
public struct WorkUnit: Sendable, Hashable, Identifiable {
    /// 0-based window index.
    public var windowIndex: Int
    /// The block of combination indices searched.
    public var combinations: Range<Int>

    public init(windowIndex: Int, combinations: Range<Int>) {
        self.windowIndex = windowIndex
        self.combinations = combinations
    }

    /// Stable id: `w<window, 1-based>-c<first>-<end>`.
    public var id: String { "w\(windowIndex + 1)-c\(combinations.lowerBound)-\(combinations.upperBound)" }

    /// Every unit of a run, window by window, each window's combinations cut into blocks of
    /// `blockSize` (the last block may be shorter); nil or a size past the count: one unit per window.
    public static func plan(windows: Int, combinations: Int, blockSize: Int? = nil) -> [WorkUnit] {
        let size = max(1, min(blockSize ?? combinations, combinations))
        return (0..<windows).flatMap { window in
            stride(from: 0, to: combinations, by: size).map {
                WorkUnit(windowIndex: window, combinations: $0..<min($0 + size, combinations))
            }
        }
    }
}
