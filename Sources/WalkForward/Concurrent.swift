import Dispatch

/// A value computed on another thread while the caller goes on: a window's SPA while its CSCV
/// runs, the run's Monte Carlo while its curves are written. ``value`` waits for it.
public final class Concurrent<Value: Sendable>: @unchecked Sendable {
    // Written once by the computing thread before it leaves the group; read only after a wait on
    // the group, which orders the write before the read.
    private var result: Value?
    private let group = DispatchGroup()

    public init(_ work: @escaping @Sendable () -> Value) {
        group.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.group.leave()
        }
    }

    public var value: Value {
        group.wait()
        return result!
    }
}
