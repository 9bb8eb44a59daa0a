/// Why a run could not start or go on.
public enum RunnerError: Error, Sendable, CustomStringConvertible {
    /// The study or its data is wrong: nothing was written (exit status 2).
    case badInput(String)
    /// The work itself failed (exit status 1).
    case failed(String)

    public var description: String {
        switch self {
        case let .badInput(message), let .failed(message): message
        }
    }

    public var isBadInput: Bool {
        if case .badInput = self { return true }
        return false
    }
}
