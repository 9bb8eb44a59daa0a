/// One unit of a run's work: the in-sample search of one window over one block of
/// combinations, or, under the permutation test, the window's whole search again on a block of
/// its permutations (``permutations``). The units a run plans are the same whoever executes them (`wfo run`, the
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
    /// The block of combination indices searched (on each permutation: all of them).
    public var combinations: Range<Int>
    /// The permutation numbers whose searches the unit runs (``PermutationTest``); nil: the
    /// search on the real prices.
    public var permutations: Range<Int>?

    public init(windowIndex: Int, combinations: Range<Int>, permutations: Range<Int>? = nil) {
        self.windowIndex = windowIndex
        self.combinations = combinations
        self.permutations = permutations
    }

    /// Stable id: `w<window, 1-based>-c<first>-<end>`, then `-p<first>-<end>` for permutations.
    public var id: String {
        "w\(windowIndex + 1)-c\(combinations.lowerBound)-\(combinations.upperBound)"
            + (permutations.map { "-p\($0.lowerBound)-\($0.upperBound)" } ?? "")
    }

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

    /// A window's `count` permutations cut into `blocks` units as even as they go, each
    /// searching all `combinations` on its permutations; none when `count` is 0.
    ///
    /// ```swift
    /// WorkUnit.permutationUnits(window: 0, combinations: 27, count: 100, blocks: 3).map(\.id)
    /// // ["w1-c0-27-p0-33", "w1-c0-27-p33-66", "w1-c0-27-p66-100"]
    /// ```
    public static func permutationUnits(window: Int, combinations: Int, count: Int, blocks: Int) -> [WorkUnit] {
        let blocks = max(1, min(blocks, count))
        guard count > 0 else { return [] }
        return (0..<blocks).map { block in
            WorkUnit(windowIndex: window, combinations: 0..<combinations, permutations: (count * block / blocks)..<(count * (block + 1) / blocks))
        }
    }
}
