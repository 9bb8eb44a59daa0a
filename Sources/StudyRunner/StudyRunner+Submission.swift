import BinanceClient
import DataSources
import StudyFile

/// A study sent to `wfo serve`'s runs API goes through the pipeline's first stage like any
/// other, with the server's limits: it reads no file of the machine but csv data inside the
/// server's data folders, and fetches Binance candles only from the base URLs it allows.
extension StudyRunner {
    /// The Binance root a study fetches from when it names none.
    public static let defaultBaseURL = Study.DataSettings().baseURL

    /// Parses `text` (YAML or the original JSON body) as one study and *prepares* it
    /// (``prepare(_:jobs:cache:dataFolders:fetchProgress:)``) with this runner's database as
    /// its candle cache.
    /// - Throws: ``RunnerError/invalidStudy(_:)`` with every problem of the text (a matrix is
    ///   one: matrices run from the command line); ``RunnerError/badInput(_:)`` for a base URL
    ///   the server does not fetch from, or data outside `dataFolders`; what `prepare` throws.
    public func prepareSubmission(_ text: String, rules: SubmissionRules) async throws(RunnerError) -> CheckedStudy {
        let (allowedBaseURLs, dataFolders) = (rules.allowedBaseURLs, rules.dataFolders)
        let study: Study
        do {
            study = try StudyParser.$fileAccess.withValue(.refused("wfo serve reads no file a study names; list the holidays in the study itself")) {
                try StudyParser.parse(text, path: "request body")
            }
        } catch let error as StudyError {
            throw .invalidStudy(error.issues.map(\.description))
        } catch {
            throw .invalidStudy(["\(error)"])
        }
        if study.data.source == .binance, !Self.fetches(study, onlyFrom: allowedBaseURLs) {
            throw .invalidStudy(["data.base_url: this server fetches candles only from \(allowedBaseURLs.joined(separator: ", ")); "
                + "leave base_url out, or start wfo serve with --allowed-base-url naming the URL"])
        }
        return try await Self.prepare(study, jobs: jobs, cache: database, dataFolders: dataFolders)
    }
}

/// What a server lets the studies sent to it read: `csv` data inside its data folders only
/// (`--data-dir`; none: csv studies are refused), `binance` candles only from the API roots it
/// allows (`--allowed-base-url`; a trailing `/` does not matter).
public struct SubmissionRules: Sendable {
    public let dataFolders: DataFolders
    public let allowedBaseURLs: [String]

    /// - Parameter allowedBaseURLs: none: Binance's own (``StudyRunner/defaultBaseURL``).
    /// - Throws: ``RunnerError/badInput(_:)`` naming a data folder that is not a folder.
    public init(dataDirectories: [String], allowedBaseURLs: [String] = []) throws(RunnerError) {
        do { dataFolders = try DataFolders(dataDirectories) } catch { throw .badInput(error.description) }
        self.allowedBaseURLs = allowedBaseURLs.isEmpty ? [StudyRunner.defaultBaseURL] : allowedBaseURLs
    }
}
