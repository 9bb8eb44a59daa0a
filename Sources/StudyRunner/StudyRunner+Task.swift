import Cluster
import Foundation
import StudyFile
import WalkForward

extension StudyRunner {
    /// One array task (`wfo task run FOLDER --index I`): executes the units the manifest gives
    /// task `index` (searches, or a window's searches on a block of its permutations), from the
    /// work folder alone (the study and candles the client wrote), and
    /// writes their results whole (``WorkFolder/writeResult(task:results:)``). A task whose
    /// valid result is already there (a requeued task that had finished) does nothing.
    /// - Returns: the number of units executed (0 when the result was there).
    /// - Throws: ``RunnerError/badInput(_:)`` for a folder this node cannot read or an index
    ///   past the manifest's tasks.
    @discardableResult
    public static func runTask(folder: WorkFolder, index: Int, jobs: Int = 1,
                               cancellation: CancellationFlag = CancellationFlag()) throws(RunnerError) -> Int {
        do {
            let manifest = try folder.manifest()
            guard index < manifest.tasks.count else {
                throw RunnerError.badInput("task \(index) is not in \(folder.path)/manifest.json, which has tasks 0 to \(manifest.tasks.count - 1)")
            }
            if (try? folder.readResult(task: index)) != nil { return 0 }
            let text = try folder.studyText()
            let study: Study
            do {
                // The holiday file and the like are read from the client's copies, never the user's paths.
                study = try Self.rebuildStudy(text, path: manifest.studyPath, cell: manifest.cell, copiesIn: folder.filesPath)
            } catch {
                throw RunnerError.badInput("the study in \(folder.path)/study.yaml does not validate with this wfo:\n\(error)")
            }
            let plan = try Plan(study: study, series: try folder.candles(), jobs: jobs)
            var results: [UnitResult] = []
            for unit in manifest.units(ofTask: index) {
                guard unit.windowIndex < plan.windows.count, plan.method.fits(unit),
                      unit.permutations.map({ $0.upperBound <= plan.study.permutationTest?.permutations ?? 0 }) ?? true else {
                    throw RunnerError.badInput("unit \(unit.id) of task \(index) does not fit the study in \(folder.path)")
                }
                let window = plan.windows[unit.windowIndex]
                if let numbers = unit.permutations, let test = plan.study.permutationTest {
                    // Warm starts are refused on a cluster: no seeds.
                    let bests: [Double]
                    do {
                        bests = try PermutationTest.bests(of: Array(numbers), jobs: jobs, cancellation: cancellation) { number throws(WindowFailure) in
                            try plan.permutedBest(window, number: number, test: test, seeds: [])
                        }
                    } catch {
                        throw RunnerError.failed("task \(index): \(error.message)")
                    }
                    guard bests.count == numbers.count else { throw RunnerError.failed("task \(index) was stopped") }
                    results.append(UnitResult(unit: unit, outcome: .permuted(bests: bests)))
                    continue
                }
                do {
                    results.append(try plan.execute(unit, seeds: [], cancellation: cancellation))
                } catch {
                    throw RunnerError.failed("task \(index) was stopped")
                }
            }
            try folder.writeResult(task: index, results: results)
            FaultInjection.damageResultOnce(folder: folder, task: index)
            return results.count
        } catch let error as ClusterError {
            if case .badInput(let message) = error { throw .badInput(message) }
            throw .failed(error.description)
        } catch let error as RunnerError {
            throw error
        } catch {
            throw .failed("\(error)")
        }
    }
}

/// Faults on purpose, for the cluster tests (as `WFO_FAULT_PAUSE_IN_COMMIT_MS` is for crashes).
enum FaultInjection {
    /// `WFO_FAULT_DAMAGE_RESULT_OF_TASK=I`: task I cuts its result file in half the first time
    /// it writes it (a marker in `results/` remembers), as a failing disk or network would.
    static func damageResultOnce(folder: WorkFolder, task: Int) {
        guard ProcessInfo.processInfo.environment["WFO_FAULT_DAMAGE_RESULT_OF_TASK"] == String(task) else { return }
        let marker = folder.resultPath(task: task) + ".damaged-once"
        guard !FileManager.default.fileExists(atPath: marker),
              let data = FileManager.default.contents(atPath: folder.resultPath(task: task)) else { return }
        _ = FileManager.default.createFile(atPath: marker, contents: Data())
        try? data.prefix(data.count / 2).write(to: URL(fileURLWithPath: folder.resultPath(task: task)))
    }
}
