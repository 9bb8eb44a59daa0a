/// What can go wrong between the client, the work folder and the scheduler.
public enum ClusterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The user can fix it (a work folder that is missing or read-only, no sbatch, a rejected
    /// submission): exit status 2, nothing written to the database.
    case badInput(String)
    /// A work-folder file that is truncated or fails its checksum; it is discarded and recomputed.
    case damaged(String, reason: String)
    /// The scheduler or the filesystem failed while the run went on.
    case failed(String)

    public var description: String {
        switch self {
        case .badInput(let message), .failed(let message): message
        case .damaged(let path, let reason): "\(path) is damaged: \(reason)"
        }
    }
}
