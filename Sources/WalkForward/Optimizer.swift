import Backtesting
import Dispatch
import Synchronization

/// How a window's search ranks combinations and how many cores it uses.
public struct SearchSettings: Sendable, Hashable {
    public var objective: Objective
    /// Combinations with fewer in-sample trades rank below all others.
    public var minimumTrades: Int
    /// Worker threads; results are identical whatever the number.
    public var jobs: Int
    /// CSCV blocks for the probability of backtest overfitting (even, 2 to 20); nil: not computed.
    public var cscvBlocks: Int?
    /// The data-snooping tests, computed with the other overfitting statistics (from the same
    /// daily returns) when `cscvBlocks` is set; nil: not computed.
    public var snooping: DataSnooping?

    public init(objective: Objective = .score, minimumTrades: Int = 10, jobs: Int = 1, cscvBlocks: Int? = nil,
                snooping: DataSnooping? = nil) {
        self.objective = objective
        self.minimumTrades = minimumTrades
        self.jobs = max(1, jobs)
        self.cscvBlocks = cscvBlocks
        self.snooping = snooping
    }
}

/// Evaluates every combination on a range and ranks them (SPEC section 7).
public enum Optimizer {
    /// Trials in combination order, each with its rank.
    ///
    /// Combinations are handed to `jobs` threads from a shared counter and each result is
    /// written to its combination's slot, so the outcome does not depend on scheduling.
    /// When `cancellation` is set during the search, the remaining combinations are skipped
    /// and the trials are incomplete: the caller must discard them.
    public static func evaluate(_ combinations: [Combination], range: Range<Int>, settings: SearchSettings,
                                cancellation: CancellationFlag? = nil) -> [Trial] {
        let summaries = summarize(combinations.map(\.backtester), range: range, jobs: settings.jobs, cancellation: cancellation)
        guard summaries.count == combinations.count else { return [] }
        return rank(summaries, of: combinations, settings: settings)
    }

    /// Trials in combination order from the summaries of every combination (in that order),
    /// each with its rank: the second half of ``evaluate(_:range:settings:cancellation:)``.
    /// - Parameter proposalOrder: when each combination was proposed (default: its index).
    public static func rank(_ summaries: [PerformanceSummary], of combinations: [Combination], settings: SearchSettings,
                            proposalOrder: [Int]? = nil) -> [Trial] {
        precondition(summaries.count == combinations.count, "one summary per combination")
        precondition(proposalOrder.map { $0.count == combinations.count } ?? true, "one proposal position per combination")
        var trials = zip(combinations.indices, summaries).map { index, summary in
            Trial(combinationIndex: index, parameters: combinations[index].searched, summary: summary,
                  objectiveValue: settings.objective.value(of: summary), score: Objective.compositeScore(summary),
                  rank: 0, belowMinimumTrades: summary.totalTrades < settings.minimumTrades, proposalOrder: proposalOrder?[index])
        }
        let order = trials.indices.sorted { ranksBefore(trials[$0], trials[$1]) }
        for (position, index) in order.enumerated() { trials[index].rank = position + 1 }
        return trials
    }

    /// Whether `a` ranks before `b`: enough trades first, then the higher objective (defined
    /// before undefined), then the earlier combination.
    static func ranksBefore(_ a: Trial, _ b: Trial) -> Bool {
        if a.belowMinimumTrades != b.belowMinimumTrades { return !a.belowMinimumTrades }
        switch (a.objectiveValue, b.objectiveValue) {
        case let (x?, y?) where x != y: return x > y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a.combinationIndex < b.combinationIndex
        }
    }

    /// The summaries of `backtesters` over `range`, computed on `jobs` threads.
    public static func summarize(_ backtesters: [Backtester], range: Range<Int>, jobs: Int,
                          cancellation: CancellationFlag? = nil) -> [PerformanceSummary] {
        map(backtesters, jobs: jobs, cancellation: cancellation) { $0.summarize(range: range) }
    }

    /// The summaries of `backtesters` over `range` and, when `keepingDailyReturns`, each one's
    /// daily returns from the same simulation (the overfitting statistics' input), on `jobs`
    /// threads; both empty when cancelled.
    public static func summarize(_ backtesters: [Backtester], range: Range<Int>, jobs: Int, keepingDailyReturns: Bool,
                                 cancellation: CancellationFlag? = nil) -> (summaries: [PerformanceSummary], dailyReturns: [[Double]]?) {
        guard keepingDailyReturns else {
            return (summarize(backtesters, range: range, jobs: jobs, cancellation: cancellation), nil)
        }
        let both = map(backtesters, jobs: jobs, cancellation: cancellation) { $0.summarizeWithDailyReturns(range: range) }
        return (both.map(\.summary), both.map(\.dailyReturns))
    }

    /// `work` of every input (backtesters, permutation numbers), in order, on `jobs` threads
    /// taking the next index from a shared counter; empty when cancelled.
    static func map<Input: Sendable, Value: Sendable>(_ inputs: [Input], jobs: Int, cancellation: CancellationFlag? = nil,
                                                      _ work: @Sendable (Input) -> Value) -> [Value] {
        let slots = ResultSlots<Value>(count: inputs.count)
        let next = Atomic<Int>(0)
        let workers = min(jobs, inputs.count)
        if workers <= 1 {
            for index in inputs.indices {
                if cancellation?.isCancelled == true { return [] }
                slots.store(work(inputs[index]), at: index)
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < inputs.count, cancellation?.isCancelled != true else { return }
                    slots.store(work(inputs[index]), at: index)
                }
            }
        }
        return slots.values() ?? []
    }
}

/// A combination ready to evaluate: its searched values and its backtester.
public struct Combination: Sendable {
    public var searched: ParameterSet
    public var backtester: Backtester

    public init(searched: ParameterSet, backtester: Backtester) {
        self.searched = searched
        self.backtester = backtester
    }
}

/// A flag set from a signal handler or another task and read by workers between units of work.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    public func cancel() { flag.store(true, ordering: .relaxed) }
}

/// Write-once slots filled from several threads, one index per thread at a time.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: max(count, 1))
    }

    deinit {
        storage.deinitialize(count: max(count, 1))
        storage.deallocate()
    }

    /// Each index is written by exactly one thread, and read only after all writers joined.
    func store(_ value: Value, at index: Int) {
        storage[index] = value
    }

    /// Every slot's value, or nil when a slot was left empty (the work was cancelled).
    func values() -> [Value]? {
        var values: [Value] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            guard let value = storage[index] else { return nil }
            values.append(value)
        }
        return values
    }
}
