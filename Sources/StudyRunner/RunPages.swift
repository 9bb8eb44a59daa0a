import Foundation
import Reporting
import RunRecords

/// The report pages `wfo serve` keeps beside a database, in one folder: a run's page is
/// rendered when the run is created and when it ends, and removed with the run; comparison
/// pages are rendered in memory on request. What the runs API needs of `Reporting`, so that
/// the API changes pages only through the runs' owner.
///
/// Pages follow the database: a page that cannot be rendered leaves the run as it is (the
/// next render, or `wfo report`, writes it), so the changes here do not throw.
public struct RunPages: Sendable {
    let generator: ReportGenerator

    /// After run `id` was created or ended: its pages and the index rendered again.
    public func runChanged(_ id: Int64) {
        _ = try? generator.renderRun(id: id)
        try? generator.renderIndex()
    }

    /// After `run` was deleted: its folder removed and the index rendered again.
    public func runDeleted(_ run: RunRecord) {
        try? FileManager.default.removeItem(atPath: (generator.outputFolder as NSString).appendingPathComponent(ReportGenerator.runFolder(run)))
        try? generator.renderIndex()
    }

    /// The comparison of runs `ids` (sorted, distinct: ``canonicalComparison(_:)``), its files
    /// by name (`index.html`, `report.md`, `equity.svg`), rendered now and written nowhere.
    /// - Throws: ``ComparisonFailure``, whose description names no path of this machine.
    public func comparison(of ids: [Int64]) throws(ComparisonFailure) -> [String: String] {
        do {
            return Dictionary(try generator.comparisonFiles(of: ids), uniquingKeysWith: { first, _ in first })
        } catch {
            if case let .comparison(reason) = error, case .noSuchRun = reason { throw .noSuchRun(reason.description) }
            throw .failed(detail: error.description)
        }
    }

    /// `ids` sorted, as a comparison's page has them.
    /// - Throws: ``ComparisonFailure/notComparable(_:)`` saying what to pick (too few, too many, repeated).
    public static func canonicalComparison(_ ids: [Int64]) throws(ComparisonFailure) -> [Int64] {
        do { return try ComparisonData.canonical(ids) } catch { throw .notComparable(error.description) }
    }

    /// The site path of the comparison of `ids`: `compare/1-3`.
    public static func comparisonFolder(_ ids: [Int64]) -> String { ComparisonData.folder(ids) }

    /// The run ids of a comparison folder's name (`1-3`), or nil when it is not one.
    public static func comparisonIDs(folderName: String) -> [Int64]? { ComparisonData.ids(folderName: folderName) }

    /// Why a comparison page cannot be answered.
    public enum ComparisonFailure: Error, Sendable, Equatable, CustomStringConvertible {
        /// A run asked for is not in the database (its sentence names the id).
        case noSuchRun(String)
        /// The runs asked for cannot be compared; says what to pick.
        case notComparable(String)
        /// The database or a template failed. The description says so without a path of this
        /// machine; `detail` (which may name one) is for the server's own standard error.
        case failed(detail: String)

        public var description: String {
            switch self {
            case let .noSuchRun(message), let .notComparable(message): message
            case .failed: "the comparison could not be rendered; the server's standard error says why"
            }
        }
    }
}

extension StudyRunner {
    /// The pages of this database's runs in `outputFolder`, for `wfo serve`.
    public func pages(outputFolder: String) -> RunPages {
        RunPages(generator: reports(outputFolder: outputFolder))
    }
}
