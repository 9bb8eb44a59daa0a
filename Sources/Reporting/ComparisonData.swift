import RunRecords
import Storage
import StudyFile

/// What a comparison of runs shows, read from the database once: each run's record, its
/// stitched out-of-sample equity and its study's settings.
public struct ComparisonData: Sendable {
    /// How many runs one comparison holds at most: past that, neither the overlaid equity
    /// nor the side-by-side tables stay readable.
    public static let largestCount = 10

    public struct Entry: Sendable {
        public var run: RunRecord
        public var stitched: (times: [Int64], values: [Double])
        /// The settings of the study the run ran, flattened (``StudySettings``; a batch's run: its
        /// cell's); nil when its stored text does not read as YAML.
        public var settings: [(key: String, value: String)]?
    }

    /// In ascending run id, whatever order they were asked for in.
    public var entries: [Entry]

    /// - Throws: ``ComparisonError`` for fewer than two distinct ids, more than
    ///   ``largestCount``, or an id no run has.
    public init(database: WFODatabase, runIDs: [Int64]) throws(ComparisonError) {
        let ids = try Self.canonical(runIDs)
        var entries: [Entry] = []
        for id in ids {
            do {
                let run = try database.run(id: id)
                let points = try database.equityPoints(runID: id, series: .stitched)
                // A batch's run stored the whole matrix: its settings are its cell's study.
                let cell = try database.batchCell(ofRun: id)?.cellIndex
                entries.append(Entry(run: run, stitched: (points.map(\.time), points.map(\.value)),
                                     settings: StudySettings.flattened(run.studyText, cell: cell)))
            } catch {
                if case .noSuchRun = error { throw .noSuchRun(id) }
                throw .storage(error.description)
            }
        }
        self.entries = entries
    }

    /// The ids sorted ascending, after checking there are 2 to ``largestCount`` of them, all distinct.
    public static func canonical(_ ids: [Int64]) throws(ComparisonError) -> [Int64] {
        let sorted = ids.sorted()
        if let repeated = zip(sorted, sorted.dropFirst()).first(where: { $0 == $1 })?.0 { throw .repeated(repeated) }
        guard sorted.count >= 2 else { throw .tooFew }
        guard sorted.count <= largestCount else { throw .tooMany(sorted.count) }
        return sorted
    }

    /// The folder of a comparison, relative to the site root: `compare/1-3-7`.
    public static func folder(_ ids: [Int64]) -> String {
        "compare/" + ids.sorted().map(String.init).joined(separator: "-")
    }

    /// The ids a comparison folder name stands for (`1-3-7`), nil when it is not one.
    public static func ids(folderName: String) -> [Int64]? {
        let parts = folderName.split(separator: "-", omittingEmptySubsequences: false)
        let ids = parts.compactMap { part -> Int64? in
            guard !part.isEmpty, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber), part.first != "0" else { return nil }
            return Int64(part)
        }
        return ids.count == parts.count ? ids : nil
    }
}

/// Why runs cannot be compared.
public enum ComparisonError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooFew
    case tooMany(Int)
    case repeated(Int64)
    case noSuchRun(Int64)
    case storage(String)

    public var description: String {
        switch self {
        case .tooFew: "a comparison needs at least two runs: give two or more run ids"
        case let .tooMany(count): "\(count) runs are too many to compare at once; pick at most \(ComparisonData.largestCount)"
        case let .repeated(id): "run \(id) is given twice; give each run once"
        case let .noSuchRun(id): "there is no run \(id); `wfo runs` lists the runs"
        case let .storage(message): message
        }
    }
}
