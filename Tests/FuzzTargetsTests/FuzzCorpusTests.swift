import Foundation
import FuzzTargets
import TestSupport
import Testing

/// Replays every committed fuzz input: the seeds `make fuzz` starts from and every input
/// that once crashed, hung or was refused without saying where (`regressions/`). Each must
/// be accepted or refused with a message naming the input; `FuzzTarget.run` traps otherwise.
@Suite struct FuzzCorpusTests {
    static let corpus = SharedData.projectRoot.appendingPathComponent("Tests/FuzzTargetsTests/Corpus")

    static func inputs(_ target: FuzzTarget, _ kind: String) -> [URL] {
        let folder = corpus.appendingPathComponent(target.rawValue).appendingPathComponent(kind)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everySeedIsReadAndAtLeastOneIsAccepted(_ target: FuzzTarget) throws {
        let seeds = Self.inputs(target, "seeds")
        #expect(!seeds.isEmpty, "no seeds for \(target.rawValue)")
        var accepted = 0
        for seed in seeds where target.run(try Data(contentsOf: seed)) == .accepted { accepted += 1 }
        #expect(accepted > 0, "every seed of \(target.rawValue) is refused: the fuzzer would start from nothing valid")
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyRegressionIsAcceptedOrRefusedWithAPlace(_ target: FuzzTarget) throws {
        for input in Self.inputs(target, "regressions") {
            let clock = ContinuousClock()
            let start = clock.now
            let outcome = target.run(try Data(contentsOf: input))
            #expect(clock.now - start < .seconds(10), "\(input.lastPathComponent) took too long: a hang is back")
            if case let .refused(message) = outcome { #expect(!message.isEmpty) }
        }
    }

    @Test func aMessageThatDoesNotSayWhereIsCaught() {
        #expect(FuzzTarget.csv.saysWhere("fuzz.csv:3: column 2 is empty"))
        #expect(!FuzzTarget.csv.saysWhere("column 2 is empty"))
        #expect(!FuzzTarget.study.saysWhere("not valid YAML"))
        #expect(FuzzTarget.klines.saysWhere("unexpected 'x' (at byte 3 of 9)"))
    }
}
