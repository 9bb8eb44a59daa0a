import Backtesting
@testable import Cluster
import Foundation
import MarketData
import Testing
import WalkForward

/// The work folder's files: exact round trips, and damage always detected, never a crash.
@Suite struct ClusterFileTests {
    static func summary(_ seed: Double, undefined: Bool) -> PerformanceSummary {
        PerformanceSummary(totalTrades: 12, winningTrades: 7, losingTrades: 5, winRate: undefined ? nil : 58.333333333333336,
                           roi: seed * 1e-7, totalProfitLoss: -0.0, initialEquity: 10_000, finalEquity: 10_000.000000000002,
                           maxDrawdown: 3.14159, sharpeRatio: undefined ? nil : .infinity, sortinoRatio: -.infinity,
                           calmarRatio: .nan, profitFactor: Double.leastNonzeroMagnitude, expectancy: nil, sqn: 1.0 / 3.0,
                           exposure: 42, buyAndHold: -12.5, candles: 2_160, days: 90, grossProfit: 123.456, grossLoss: 0.1 + 0.2)
    }

    static let results: [UnitResult] = [
        UnitResult(unit: WorkUnit(windowIndex: 0, combinations: 0..<2),
                   outcome: .searched(summaries: [summary(1, undefined: false), summary(2, undefined: true)],
                                      dailyReturns: [[0.01, -0.02, .nan], []])),
        UnitResult(unit: WorkUnit(windowIndex: 3, combinations: 5..<6), outcome: .searched(summaries: [summary(3, undefined: false)], dailyReturns: nil)),
        UnitResult(unit: WorkUnit(windowIndex: 4, combinations: 0..<9), outcome: .failed("the training period has no candles — é")),
        UnitResult(unit: WorkUnit(windowIndex: 2, combinations: 0..<9, permutations: 40..<43),
                   outcome: .permuted(bests: [1.25, -.infinity, 0.1 + 0.2])),
    ]

    /// Equal bit for bit (NaN compares unequal to itself, so compare the bit patterns).
    static func bits(_ results: [UnitResult]) -> String {
        results.map { result in
            switch result.outcome {
            case .failed(let message): return "\(result.unit.id) failed \(message)"
            case .permuted(let bests): return "\(result.unit.id) permuted \(bests.map { String($0.bitPattern) })"
            case .searched(let summaries, let returns):
                let values = summaries.flatMap { $0.namedValues.map { $0.value.map { String($0.bitPattern) } ?? "nil" } + [String($0.grossProfit.bitPattern), String($0.grossLoss.bitPattern)] }
                let daily = returns.map { $0.map { $0.map { String($0.bitPattern) }.joined(separator: ",") }.joined(separator: ";") } ?? "none"
                return "\(result.unit.id) \(values.joined(separator: " ")) | \(daily)"
            }
        }.joined(separator: "\n")
    }

    @Test func unitResultsComeBackExactly() throws {
        let bytes = UnitResultFile.encode(task: 7, results: Self.results)
        let decoded = try UnitResultFile.decode(bytes, task: 7, path: "task-7.bin")
        #expect(Self.bits(decoded) == Self.bits(Self.results))
        #expect(decoded.map(\.unit) == Self.results.map(\.unit))
    }

    @Test func aTruncatedFlippedOrForeignResultIsDamagedNamingTheFile() {
        let bytes = UnitResultFile.encode(task: 7, results: Self.results)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x01
        for (damaged, reason) in [(Array(bytes.prefix(bytes.count / 2)), "SHA-256"), (flipped, "SHA-256"), ([], "too short")] {
            #expect(throws: ClusterError.self) { try UnitResultFile.decode(damaged, task: 7, path: "results/task-7.bin") }
            do { _ = try UnitResultFile.decode(damaged, task: 7, path: "results/task-7.bin") } catch {
                #expect(error.description.hasPrefix("results/task-7.bin is damaged"))
                #expect(error.description.contains(reason), "\(error.description)")
            }
        }
        // Another task's file, or a candle file where a result should be.
        #expect(throws: ClusterError.damaged("x", reason: "it holds task 7, not 8")) { try UnitResultFile.decode(bytes, task: 8, path: "x") }
        #expect(throws: ClusterError.self) { try UnitResultFile.decode(CandleFile.encode([]), task: 0, path: "x") }
    }

    /// A permutation unit's bests must match its block: one short is damage, not a shorter block.
    @Test func permutationBestsOfTheWrongCountAreDamaged() {
        let unit = WorkUnit(windowIndex: 0, combinations: 0..<4, permutations: 0..<3)
        let bytes = UnitResultFile.encode(task: 1, results: [UnitResult(unit: unit, outcome: .permuted(bests: [1, 2]))])
        #expect(throws: ClusterError.damaged("x", reason: "2 bests for 3 permutations")) { try UnitResultFile.decode(bytes, task: 1, path: "x") }
    }

    /// The manifest keeps a permutation unit's block as two more numbers, under format 2, so a
    /// wfo that reads only format 1 refuses it instead of taking it for a search; a manifest
    /// without permutations stays format 1, and a later format is refused with what to do.
    @Test func theManifestKeepsPermutationUnitsUnderFormatTwo() throws {
        let units = [WorkUnit(windowIndex: 0, combinations: 0..<27), WorkUnit(windowIndex: 0, combinations: 0..<27, permutations: 0..<50)]
        let manifest = WorkManifest(runID: 3, runName: "r", studyPath: "s.yaml", cell: nil, tasks: [units])
        #expect(manifest.format == 2 && manifest.tasks == [[[0, 0, 27], [0, 0, 27, 0, 50]]])
        #expect(WorkManifest(runID: 3, runName: "r", studyPath: "s.yaml", cell: nil, tasks: [[units[0]]]).format == 1)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wfo-manifest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = WorkFolder(path: root)
        try folder.create(manifest: manifest, studyText: "name: x", candles: [], binary: "/bin/wfo")
        #expect(try folder.manifest().units(ofTask: 0) == units)
        var later = manifest
        later.format = 3
        try folder.create(manifest: later, studyText: "name: x", candles: [], binary: "/bin/wfo")
        #expect(throws: ClusterError.badInput("\(root)/manifest.json has format 3; this wfo reads formats 1 to 2 (run the same wfo on every node)")) {
            try folder.manifest()
        }
    }

    @Test func candlesComeBackExactlyAndDamageIsDetected() throws {
        let series = [SyntheticMarket(seed: 3).candles(symbol: "BTCUSDT", timeframe: .oneHour, from: SyntheticMarket.origin,
                                                       to: SyntheticMarket.origin + 500 * 3_600_000),
                      SyntheticMarket(seed: 4).candles(symbol: "ETHUSDT", timeframe: .oneHour, from: SyntheticMarket.origin,
                                                       to: SyntheticMarket.origin + 10 * 3_600_000),
                      CandleSeries(symbol: "EMPTY", timeframe: .fiveMinutes)]
        let bytes = CandleFile.encode(series)
        #expect(try CandleFile.decode(bytes, path: "candles.bin") == series)
        #expect(throws: ClusterError.self) { try CandleFile.decode(Array(bytes.dropLast(1)), path: "candles.bin") }
    }

    @Test func arrayListsAreRangesWithTheParallelLimit() {
        #expect(Slurm.arrayList([0, 1, 2, 3], maxParallel: nil) == "0-3")
        #expect(Slurm.arrayList([5, 1, 4, 6, 9], maxParallel: 2) == "1,4-6,9%2")
        #expect(Slurm.arrayList([3], maxParallel: 1) == "3%1")
    }

    @Test func theIndexComesFromTheOptionThenEachSchedulersVariable() throws {
        #expect(try ArrayTaskIndex.resolve(option: 4, environment: ["SLURM_ARRAY_TASK_ID": "9"]) == 4)
        #expect(try ArrayTaskIndex.resolve(option: nil, environment: ["SLURM_ARRAY_TASK_ID": "9", "JOB_COMPLETION_INDEX": "2"]) == 9)
        #expect(try ArrayTaskIndex.resolve(option: nil, environment: ["JOB_COMPLETION_INDEX": "2"]) == 2)
        #expect(try ArrayTaskIndex.resolve(option: nil, environment: ["AWS_BATCH_JOB_ARRAY_INDEX": "0"]) == 0)
        #expect(throws: ClusterError.self) { try ArrayTaskIndex.resolve(option: nil, environment: [:]) }
        #expect(throws: ClusterError.self) { try ArrayTaskIndex.resolve(option: nil, environment: ["SLURM_ARRAY_TASK_ID": "x"]) }
        #expect(throws: ClusterError.self) { try ArrayTaskIndex.resolve(option: -1, environment: [:]) }
    }

    @Test func unitsAreGroupedIntoConsecutiveEvenTasks() {
        let units = WorkUnit.plan(windows: 3, combinations: 10, blockSize: 5)
        let groups = WorkManifest.group(units, tasks: 4)
        #expect(groups.map(\.count) == [1, 2, 1, 2])
        #expect(groups.flatMap { $0 } == units)
        #expect(WorkManifest.group(units, tasks: 99).count == units.count)
        let manifest = WorkManifest(runID: 3, runName: "r", studyPath: "s.yaml", cell: nil, tasks: groups)
        #expect(manifest.units(ofTask: 1) == groups[1])
    }

    @Test func aMissingOrFileWorkDirectoryIsBadInput() throws {
        #expect(throws: ClusterError.self) { try WorkFolder.checkUsable("/no/such/folder") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wfo-cluster-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: file, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(throws: ClusterError.badInput("--work-dir \(file) is a file, not a folder")) { try WorkFolder.checkUsable(file) }
        try WorkFolder.checkUsable(FileManager.default.temporaryDirectory.path)
    }
}
