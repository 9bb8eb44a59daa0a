/// Values written from several threads, each index by one thread at a time, read after they
/// join.
final class SharedBuffer<Element>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: value)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    subscript(index: Int) -> Element {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    var values: [Element] { Array(storage.prefix(count)) }

    /// `body` reading `count` values from `start`, once the writers have joined.
    func withValues<Result>(from start: Int, count: Int, _ body: (UnsafeBufferPointer<Element>) -> Result) -> Result {
        precondition(start >= 0 && start + count <= self.count)
        return body(UnsafeBufferPointer(rebasing: storage[start..<(start + count)]))
    }
}
