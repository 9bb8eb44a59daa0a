/// A run's status (SPEC section 9): PENDING → RUNNING → COMPLETED | FAILED | INTERRUPTED.
public enum RunStatus: String, Sendable, CaseIterable, Codable {
    case pending = "PENDING"
    case running = "RUNNING"
    case completed = "COMPLETED"
    /// Every window failed, or the run itself could not go on.
    case failed = "FAILED"
    /// Stopped by Ctrl-C or SIGTERM; `wfo run --resume` finishes it.
    case interrupted = "INTERRUPTED"

    /// Whether `wfo run --resume` may continue a run in this status (RUNNING covers a crash).
    public var isResumable: Bool { self == .pending || self == .running || self == .interrupted }

    /// COMPLETED and FAILED are final; INTERRUPTED waits for a resume.
    public var isFinal: Bool { self == .completed || self == .failed }
}

/// A window's status: PENDING → OPTIMIZING → TESTING → COMPLETED | FAILED.
public enum WindowStatus: String, Sendable, CaseIterable, Codable {
    case pending = "PENDING"
    case optimizing = "OPTIMIZING"
    case testing = "TESTING"
    case completed = "COMPLETED"
    case failed = "FAILED"

    /// Whether the window's results are final.
    public var isFinished: Bool { self == .completed || self == .failed }
}
