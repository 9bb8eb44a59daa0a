/// A set of a portfolio's symbols, by their name-order position, one bit each: iterating it
/// visits the members in name order and skips the others a word (64 symbols) at a time, so
/// the portfolio simulator steps its few open positions without reading every symbol.
///
/// Manually managed (`deallocate()` once): the simulator owns a handful for one run and
/// writes them at every candle, where an array's uniqueness checks cost measurable time.
struct SymbolBits: Sequence {
    private let words: UnsafeMutableBufferPointer<UInt64>

    /// An empty set of positions `0..<count`.
    init(count: Int) {
        words = .allocate(capacity: Swift.max(1, (count + 63) / 64))
        words.initialize(repeating: 0)
    }

    func deallocate() { words.deallocate() }

    @inline(__always)
    func insert(_ position: Int) { words[position >> 6] |= 1 << UInt64(position & 63) }

    @inline(__always)
    func remove(_ position: Int) { words[position >> 6] &= ~(1 << UInt64(position & 63)) }

    @inline(__always)
    func contains(_ position: Int) -> Bool { words[position >> 6] >> UInt64(position & 63) & 1 == 1 }

    /// Word `index` of the bits: positions `64 * index ..< 64 * (index + 1)`.
    @inline(__always)
    func word(_ index: Int) -> UInt64 { words[index] }

    func removeAll() { words.update(repeating: 0) }

    /// Ascending positions. Each word is read when the iteration reaches it, so removing the
    /// current member (or any member of a later word) during the iteration is safe.
    struct Iterator: IteratorProtocol {
        fileprivate let words: UnsafeMutableBufferPointer<UInt64>
        fileprivate var wordIndex = 0
        fileprivate var remaining: UInt64

        @inline(__always)
        mutating func next() -> Int? {
            while remaining == 0 {
                wordIndex += 1
                guard wordIndex < words.count else { return nil }
                remaining = words[wordIndex]
            }
            let bit = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            return wordIndex << 6 | bit
        }
    }

    @inline(__always)
    func makeIterator() -> Iterator { Iterator(words: words, remaining: words[0]) }
}
