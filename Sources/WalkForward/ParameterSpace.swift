import Backtesting
import MarketData

/// The combinations a search evaluates (SPEC section 7).
public struct ParameterSpace: Sendable {
    /// One searched parameter and its values, in the order written.
    public struct Dimension: Sendable, Hashable {
        public var name: String
        public var values: [ParameterValue]

        public init(name: String, values: [ParameterValue]) {
            self.name = name
            self.values = values
        }
    }

    public var dimensions: [Dimension]

    public init(_ dimensions: [Dimension]) {
        self.dimensions = dimensions
    }

    /// The size of the full grid, or nil when it does not fit in an `Int`.
    public var gridSize: Int? {
        var size = 1
        for dimension in dimensions {
            let (product, overflow) = size.multipliedReportingOverflow(by: dimension.values.count)
            if overflow { return nil }
            size = product
        }
        return size
    }

    /// The combination at `index` of the grid: the first dimension varies slowest, the last
    /// fastest, like nested loops in the order the ranges are written.
    public func combination(at index: Int) -> ParameterSet {
        var remainder = index
        var values = [ParameterValue?](repeating: nil, count: dimensions.count)
        for position in dimensions.indices.reversed() {
            let count = dimensions[position].values.count
            values[position] = dimensions[position].values[remainder % count]
            remainder /= count
        }
        return ParameterSet(zip(dimensions.map(\.name), values.map { $0! }).map { ($0, $1) })
    }

    /// The grid index of a combination of this space's values (its searched values, in any
    /// order; other names are ignored); nil when a value is not one of its dimension's.
    public func gridIndex(of combination: ParameterSet) -> Int? {
        var index = 0
        for dimension in dimensions {
            guard let value = combination[dimension.name], let position = dimension.values.firstIndex(of: value) else { return nil }
            index = index * dimension.values.count + position
        }
        return index
    }

    /// Every combination of the grid, in grid order.
    public func grid() -> [ParameterSet] {
        guard let size = gridSize else { return [] }
        return (0..<size).map(combination(at:))
    }

    /// `count` distinct combinations drawn without replacement with a seeded generator, in
    /// draw order; the whole grid (in grid order) when it has no more than `count`.
    ///
    /// Draws are grid indices from ``SeededGenerator``, so the same seed gives the same
    /// combinations on every machine. Indices already drawn are redrawn (the grid is at
    /// least `count + 1` large, so this ends quickly while `count` is small next to it, and
    /// a partial Fisher–Yates shuffle takes over when it is not).
    public func random(count: Int, seed: UInt64) -> [ParameterSet] {
        randomGridIndices(count: count, seed: seed).map(combination(at:))
    }

    /// The grid indices ``random(count:seed:)`` draws, in draw order.
    public func randomGridIndices(count: Int, seed: UInt64) -> [Int] {
        guard let size = gridSize else { return [] }
        guard size > count else { return Array(0..<size) }
        var generator = SeededGenerator(seed: seed)
        var indices: [Int] = []
        if count * 4 <= size {
            var drawn = Set<Int>()
            while indices.count < count {
                let index = generator.nextIndex(below: size)
                if drawn.insert(index).inserted { indices.append(index) }
            }
        } else {
            var pool = Array(0..<size)
            for position in 0..<count {
                pool.swapAt(position, position + generator.nextIndex(below: size - position))
            }
            indices = Array(pool[0..<count])
        }
        return indices
    }
}
