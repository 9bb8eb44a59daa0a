import Backtesting
import WalkForward

/// One array task's results: the ``UnitResult`` of each of its units, sealed with a SHA-256
/// (`results/task-<index>.bin` in the work folder). A task writes it under a temporary name
/// and renames it when whole, so the client sees either nothing or the complete file; a file
/// that fails its checksum was damaged afterwards and is discarded and recomputed.
///
/// Layout (``ByteWriter``): `WFOUNITS1`, the task index, the unit count, then per unit its
/// window, first and end combination, and either `1` with the summaries (each as its 19
/// ``PerformanceSummary/namedValues`` and the gross profit and loss) and the daily returns
/// (a count of -1 when absent), `2` with the first and end permutation and each one's best
/// objective, or `0` with the failure message.
public enum UnitResultFile {
    static let magic = "WFOUNITS1"

    public static func encode(task: Int, results: [UnitResult]) -> [UInt8] {
        var writer = ByteWriter(magic: magic)
        writer.int(task)
        writer.int(results.count)
        for result in results {
            writer.int(result.unit.windowIndex)
            writer.int(result.unit.combinations.lowerBound)
            writer.int(result.unit.combinations.upperBound)
            switch result.outcome {
            case .failed(let message):
                writer.int(0)
                writer.string(message)
            case .permuted(let bests):
                let permutations = result.unit.permutations ?? 0..<bests.count
                writer.int(2)
                writer.int(permutations.lowerBound)
                writer.int(permutations.upperBound)
                writer.doubles(bests)
            case .searched(let summaries, let returns):
                writer.int(1)
                writer.int(summaries.count)
                for summary in summaries {
                    for named in summary.namedValues { writer.optionalDouble(named.value) }
                    writer.double(summary.grossProfit)
                    writer.double(summary.grossLoss)
                }
                if let returns {
                    writer.int(returns.count)
                    for series in returns { writer.doubles(series) }
                } else {
                    writer.int64(-1)
                }
            }
        }
        return writer.sealed()
    }

    /// - Throws: ``ClusterError/damaged(_:reason:)`` naming `path` for anything but a whole
    ///   file of task `task`.
    public static func decode(_ bytes: [UInt8], task: Int, path: String) throws(ClusterError) -> [UnitResult] {
        do throws(ByteReader.Damaged) {
            var reader = try ByteReader(sealed: bytes, magic: magic)
            let written = try reader.int()
            guard written == task else { throw ByteReader.Damaged(description: "it holds task \(written), not \(task)") }
            var results: [UnitResult] = []
            for _ in 0..<(try reader.int()) {
                let window = try reader.int(), lower = try reader.int(), upper = try reader.int()
                guard lower < upper else { throw ByteReader.Damaged(description: "an empty unit") }
                let unit = WorkUnit(windowIndex: window, combinations: lower..<upper)
                switch try reader.int() {
                case 0:
                    results.append(UnitResult(unit: unit, outcome: .failed(try reader.string())))
                case 2:
                    let first = try reader.int(), end = try reader.int()
                    guard first < end else { throw ByteReader.Damaged(description: "an empty block of permutations") }
                    let bests = try reader.doubles()
                    guard bests.count == end - first else { throw ByteReader.Damaged(description: "\(bests.count) bests for \(end - first) permutations") }
                    results.append(UnitResult(unit: WorkUnit(windowIndex: window, combinations: lower..<upper, permutations: first..<end),
                                              outcome: .permuted(bests: bests)))
                case 1:
                    let count = try reader.int()
                    guard count == upper - lower else { throw ByteReader.Damaged(description: "\(count) summaries for \(upper - lower) combinations") }
                    var summaries: [PerformanceSummary] = []
                    for _ in 0..<count {
                        let values = try PerformanceSummary.metricNames.map { _ throws(ByteReader.Damaged) in try reader.optionalDouble() }
                        let grossProfit = try reader.double(), grossLoss = try reader.double()
                        guard let summary = PerformanceSummary(namedValues: values, grossProfit: grossProfit, grossLoss: grossLoss) else {
                            throw ByteReader.Damaged(description: "a summary that does not decode")
                        }
                        summaries.append(summary)
                    }
                    var returns: [[Double]]?
                    let returnCount = try reader.int64()
                    if returnCount >= 0 {
                        guard returnCount == count else { throw ByteReader.Damaged(description: "returns of \(returnCount) combinations for \(count)") }
                        returns = try (0..<count).map { _ throws(ByteReader.Damaged) in try reader.doubles() }
                    }
                    results.append(UnitResult(unit: unit, outcome: .searched(summaries: summaries, dailyReturns: returns)))
                default:
                    throw ByteReader.Damaged(description: "an unknown outcome")
                }
            }
            guard reader.isAtEnd else { throw ByteReader.Damaged(description: "bytes after the last unit") }
            return results
        } catch {
            throw .damaged(path, reason: error.description)
        }
    }
}
