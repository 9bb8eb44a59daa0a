/// Which array task this process is: `wfo task run --index I`, else the index an array
/// scheduler sets: Slurm's `SLURM_ARRAY_TASK_ID`, Kubernetes Indexed Jobs'
/// `JOB_COMPLETION_INDEX`, AWS Batch's `AWS_BATCH_JOB_ARRAY_INDEX`, in that order.
public enum ArrayTaskIndex {
    public static let environmentNames = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"]

    /// - Throws: ``ClusterError/badInput(_:)`` when no index is given or it is not a whole number ≥ 0.
    public static func resolve(option: Int?, environment: [String: String]) throws(ClusterError) -> Int {
        if let option {
            guard option >= 0 else { throw .badInput("--index must be 0 or more, not \(option)") }
            return option
        }
        for name in environmentNames {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let index = Int(text), index >= 0 else { throw .badInput("$\(name) is \(text), not an array index (0 or more)") }
            return index
        }
        throw .badInput("no array index: pass --index I, or run under an array scheduler that sets one of $\(environmentNames.joined(separator: ", $"))")
    }
}
