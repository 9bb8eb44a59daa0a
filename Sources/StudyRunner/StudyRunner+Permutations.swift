import RunRecords
import Storage
import WalkForward

extension StudyRunner {
    /// The permutation test of a window whose search just finished (``PermutationTest``): the
    /// permutations not yet stored run in chunks of `4 × jobs`, one search per thread, each
    /// chunk stored as it finishes, so a killed run resumes after the last stored chunk.
    /// - Throws: the cancelled failure when interrupted (the stored chunks stay), a window
    ///   failure when a permutation cannot be made (``Plan/permutedBest(_:number:test:seeds:)``),
    ///   storage errors.
    func permutationPValue(_ record: WindowRecord, plan: Plan, evaluation: WindowEvaluation,
                           test: PermutationTest) throws -> Double {
        var bests = try database.permutationBests(windowID: record.id)
        let missing = (0..<test.permutations).filter { bests[$0] == nil }
        let seeds = try warmStartSeeds(for: record, plan: plan)
        let chunk = 4 * plan.search.jobs
        for start in stride(from: 0, to: missing.count, by: chunk) {
            if cancellation.isCancelled { throw WindowFailure.cancelled }
            let numbers = Array(missing[start..<min(start + chunk, missing.count)])
            let found = try PermutationTest.bests(of: numbers, jobs: plan.search.jobs, cancellation: cancellation) { number throws(WindowFailure) in
                try plan.permutedBest(record.window, number: number, test: test, seeds: seeds)
            }
            guard found.count == numbers.count else { throw WindowFailure.cancelled }
            try database.savePermutationBests(windowID: record.id, Array(zip(numbers, found)))
            for (number, best) in zip(numbers, found) { bests[number] = best }
        }
        let permuted = (0..<test.permutations).map { bests[$0] ?? -.infinity }
        return PermutationTest.pValue(real: PermutationTest.bestValue(of: evaluation.trials), permuted: permuted) ?? 1
    }
}
