/// A line of a run's log (`run_log`): something its life said that is not a result, such as a
/// damaged cache that was rebuilt. `wfo status` and the run's JSON show them.
public struct RunLogEntry: Sendable, Equatable {
    /// Milliseconds since the epoch.
    public var time: Int64
    public var message: String

    public init(time: Int64, message: String) {
        self.time = time
        self.message = message
    }
}
