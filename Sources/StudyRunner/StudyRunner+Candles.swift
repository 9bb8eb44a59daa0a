import Backtesting
import BinanceClient
import DataSources
import MarketData
import RunRecords
import Storage
import StudyFile

/// The first stage of the run pipeline, the same for every entry point (`wfo run`,
/// `wfo backtest`, the runs API): get the study's candles where the engine can read them.
///
/// For `source: binance` the candle cache is filled first with what it lacks of the study's
/// symbols over `[from − warm-up, to)` — nothing when the cache already holds it, so this
/// works offline after `wfo fetch` or `wfo import`; `csv` and `synthetic` need nothing.
extension StudyRunner {
    /// Progress of a cache fill, for a progress line.
    public typealias FetchProgress = @Sendable (CandleCacheFiller.Progress) -> Void

    /// Fills the candle cache for a `source: binance` study; nil for other sources.
    ///
    /// - Parameters:
    ///   - from: first open time to trade (default `start_date`); the warm-up before it is filled too.
    ///   - to: end of the period, exclusive (default `end_date`).
    ///   - cache: the database whose candle cache serves the study.
    /// - Throws: ``RunnerError/badInput(_:)`` without a database, ``RunnerError/candlesUnavailable(_:)``
    ///   when Binance cannot be reached or answers with an error.
    @discardableResult
    public static func fillCandleCache(for study: Study, from: Int64? = nil, to: Int64? = nil, cache: WFODatabase?,
                                       progress: @escaping FetchProgress = { _ in }) async throws(RunnerError) -> FetchStatistics? {
        guard study.data.source == .binance else { return nil }
        guard let cache else {
            throw .badInput("data.source binance reads the candle cache of a database; give one with --db")
        }
        do {
            return try await CandleCacheFiller(database: cache, baseURL: study.data.baseURL)
                .fill(study: study, from: from, to: to, progress: progress)
        } catch {
            throw .candlesUnavailable("cannot get the study's candles from \(study.data.baseURL): \(error)")
        }
    }

    /// *Prepare* for a resume: fills the cache with what the stored study of run `runID` lacks
    /// (binance only; nothing when the cache still holds it, as it normally does).
    ///
    /// - Parameter allowedBaseURLs: for a server: fetch only when the study's `data.base_url`
    ///   (without a trailing `/`) is one of these, else read the cache as it is; nil fetches from any.
    /// - Throws: ``RunnerError/badInput(_:)`` for an unknown run or a stored study that no
    ///   longer validates, ``RunnerError/candlesUnavailable(_:)`` when Binance cannot be reached.
    public func fillCandleCache(forRun runID: Int64, allowedBaseURLs: [String]? = nil,
                                progress: @escaping FetchProgress = { _ in }) async throws(RunnerError) {
        let record: RunRecord
        do { record = try database.run(id: runID) } catch { throw .storage(error) }
        let study = try storedStudy(of: record)
        if let allowedBaseURLs, !Self.fetches(study, onlyFrom: allowedBaseURLs) { return }
        try await Self.fillCandleCache(for: study, cache: database, progress: progress)
    }

    /// Whether a study's `data.base_url` is one of `allowedBaseURLs`, trailing `/` aside (for a
    /// server, which fetches only from the roots it was given).
    public static func fetches(_ study: Study, onlyFrom allowedBaseURLs: [String]) -> Bool {
        allowedBaseURLs.map { BinanceKlinesClient.normalized(baseURL: $0) }
            .contains(BinanceKlinesClient.normalized(baseURL: study.data.baseURL))
    }

    /// *Prepare*: fills the cache when the study reads Binance, then checks the study and its
    /// data (``check(_:jobs:cache:dataFolders:)``). Nothing is written but cached candles.
    public static func prepare(_ study: Study, jobs: Int = 1, cache: WFODatabase?, dataFolders: DataFolders? = nil,
                               fetchProgress: @escaping FetchProgress = { _ in }) async throws(RunnerError) -> CheckedStudy {
        let fetched = try await fillCandleCache(for: study, cache: cache, progress: fetchProgress)
        var checked = try check(study, jobs: jobs, cache: cache, dataFolders: dataFolders)
        checked.fetched = fetched
        return checked
    }

    /// What `wfo validate` checks: everything `wfo run` checks before it writes — the study,
    /// its windows, its candles loaded and validated, their coverage, every combination —
    /// without fetching or writing anything. For `source: binance` the candles are the cache's:
    /// when it lacks some, that is said in ``Validation/notes`` (`wfo run` fetches them) and the
    /// checks of the data wait for the run; when it holds them all, they are checked as for a run.
    /// - Parameter cache: the database whose candle cache a binance study reads; nil: none yet.
    /// - Throws: what ``check(_:jobs:cache:dataFolders:)`` throws for the study or its data.
    public static func validate(_ study: Study, cache: WFODatabase?) throws(RunnerError) -> Validation {
        if study.data.source == .binance {
            guard let cache else {
                return Validation(checked: nil, notes: ["no candle cache yet: `wfo run` fetches the candles from \(study.data.baseURL) "
                    + "and checks them before it writes anything"])
            }
            let missing: [(symbol: String, count: Int)]
            do { missing = try CandleCacheFiller.missingCandles(of: study, in: cache) } catch { throw .storage(error) }
            if !missing.isEmpty {
                return Validation(checked: nil, notes: missing.map {
                    "the candle cache lacks \($0.count) \(study.timeframe.rawValue) candles of \($0.symbol): `wfo run` fetches them from "
                        + "\(study.data.baseURL), then checks the data before it writes anything"
                })
            }
        }
        return Validation(checked: try check(study, cache: cache), notes: [])
    }

    /// The market of a study over `[from, to)` with its warm-up, for one backtest: the cache
    /// filled first for Binance, then the candles loaded and checked as for a run.
    public static func market(for study: Study, from: Int64, to: Int64, cache: WFODatabase?,
                              fetchProgress: @escaping FetchProgress = { _ in }) async throws(RunnerError) -> (market: Market, warnings: [String]) {
        try await fillCandleCache(for: study, from: from, to: to, cache: cache, progress: fetchProgress)
        let loaded: LoadedCandles
        do { loaded = try CandleLoader.load(study: study, from: from, to: to, cache: cache) } catch { throw .badData(error) }
        return (try Plan.market(of: study, series: loaded.series), loaded.warnings)
    }
}

/// What ``StudyRunner/validate(_:cache:)`` found: the study and its data checked, or why the
/// data could not be checked yet.
public struct Validation: Sendable {
    /// The study with its data checked; nil when the data is not here yet (binance, cache short).
    public let checked: CheckedStudy?
    public let notes: [String]
}
