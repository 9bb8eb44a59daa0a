import Backtesting
import DataSources
import Digest
import MarketData
import RunRecords
import Storage
import StudyFile
import WalkForward

/// A study turned into what the engine needs: windows, candles, one backtester per
/// combination (rules built once, shared by every window), and the run's units of work.
struct Plan: Sendable {
    let study: Study
    let windows: [Window]
    /// The units of work, window by window (``WorkUnit/plan(windows:combinations:blockSize:)``):
    /// one per window locally, where the search is spread over `jobs` threads instead.
    let units: [WorkUnit]
    let market: Market
    /// The candles as loaded, warm-up included: what a cluster's work folder carries.
    let series: [CandleSeries]
    /// Grid and random: every window's combinations, bound once. Empty for TPE, whose windows
    /// bind what they propose (``binder``).
    let combinations: [Combination]
    /// Trials per window: the combinations, or a TPE search's budget (at most the grid).
    let combinationCount: Int
    /// When each of ``combinations`` was drawn, for a random search; nil otherwise.
    let proposalOrder: [Int]?
    let search: SearchSettings
    /// What the data loader warned about (gaps under `data.on_gap: warn`).
    let dataWarnings: [String]
    /// What a person should know about how the study and its data were read: dates moved to a
    /// session, candles outside the calendar's sessions left out.
    let notes: [String]

    /// - Throws: ``RunnerError/badInput(_:)`` for windows that do not fit, data that is
    ///   missing, malformed or does not cover the study, or bad parameter combinations.
    ///   Studies sent to a server pass `dataFolders`, the only folders their csv data may come from.
    init(study: Study, jobs: Int = 1, cache: WFODatabase? = nil, dataFolders: DataFolders? = nil) throws(RunnerError) {
        let windows: [Window]
        do { windows = try study.windowLayout.windows() } catch { throw .badInput("\(study.sourcePath): \(error.description)") }
        let loaded: LoadedCandles
        do {
            loaded = try CandleLoader.load(study: study, from: study.startDate, to: windows.last!.testingEnd, cache: cache,
                                           dataFolders: dataFolders)
        } catch {
            throw .badData(error)
        }
        try self.init(study: study, series: loaded.series, warnings: loaded.warnings, notes: loaded.notes, jobs: jobs)
    }

    /// A plan from candles already loaded: what a cluster task builds from the work folder's
    /// `candles.bin`, the very candles the client loaded, so it is the client's plan.
    init(study: Study, series: [CandleSeries], warnings: [String] = [], notes: [String] = [], jobs: Int = 1) throws(RunnerError) {
        self.study = study
        do { windows = try study.windowLayout.windows() } catch { throw .badInput("\(study.sourcePath): \(error.description)") }
        self.series = series
        dataWarnings = warnings
        self.notes = study.notes + notes
        try Self.checkCoverage(series, study: study, windows: windows)
        do { market = try Market(series.map { SeriesContext(series: $0, calendar: study.calendar) }) } catch {
            throw .badInput(error.description)
        }
        var combinations: [Combination] = []
        for searched in study.combinations {
            do { combinations.append(try Self.bind(searched, study: study, market: market)) } catch {
                throw .badInput("\(study.sourcePath): parameter_ranges: \(error.description)")
            }
        }
        if study.optimizationMethod == .tpe {
            // A TPE search binds its combinations as it proposes them: every value of every
            // parameter is bound once here, so a bad value is bad input before anything runs.
            let space = study.parameterSpace
            for dimension in space.dimensions {
                for value in dimension.values {
                    var searched = space.combination(at: 0)
                    searched[dimension.name] = value
                    do { _ = try Self.bind(searched, study: study, market: market) } catch {
                        throw .badInput("\(study.sourcePath): parameter_ranges: \(error.description)")
                    }
                }
            }
            combinationCount = study.tpeSampler(window: 0).trialCount
        } else {
            guard !combinations.isEmpty else { throw .badInput("\(study.sourcePath): parameter_ranges: no combination to search") }
            combinationCount = combinations.count
        }
        self.combinations = combinations
        proposalOrder = study.proposalOrder
        units = WorkUnit.plan(windows: windows.count, combinations: combinationCount)
        search = SearchSettings(objective: study.objective, minimumTrades: study.minTrades, jobs: jobs,
                                cscvBlocks: study.overfitting.cscvBlocks > 0 ? study.overfitting.cscvBlocks : nil,
                                snooping: study.dataSnooping)
    }

    /// The data must reach from the first training start to the last testing end (a candle
    /// of slack at each edge); holes inside are left to the windows, which fail on their own.
    /// With a calendar, only expected candles count: data from a Monday's open covers a window
    /// that starts on the Saturday before.
    static func checkCoverage(_ series: [CandleSeries], study: Study, windows: [Window]) throws(RunnerError) {
        let step = study.timeframe.milliseconds
        let needFrom = windows.first!.trainingStart, needTo = windows.last!.testingEnd
        let calendar = study.calendar
        for symbolSeries in series {
            guard let first = symbolSeries.openTimes.first, let last = symbolSeries.openTimes.last else { continue }
            let tradedFirst = symbolSeries.openTimes[symbolSeries.firstIndex(openingAtOrAfter: needFrom)]
            let missesStart = calendar.isAlwaysOpen ? tradedFirst > needFrom + step
                : calendar.expectedCount(timeframe: study.timeframe, from: needFrom, to: tradedFirst) > 1
            let missesEnd = calendar.isAlwaysOpen ? last + step < needTo - step
                : calendar.expectedCount(timeframe: study.timeframe, from: last + 1, to: needTo) > 1
            if missesStart || missesEnd {
                throw .badInput("\(study.sourcePath): the \(study.data.source.rawValue) data for \(symbolSeries.symbol) covers "
                    + "\(UTCTime.format(milliseconds: first)) .. \(UTCTime.format(milliseconds: last + step)) but the windows need "
                    + "\(UTCTime.format(milliseconds: needFrom)) .. \(UTCTime.format(milliseconds: needTo)); "
                    + "add the missing candles or move start_date/end_date inside the data")
            }
        }
    }
}

extension Plan {
    var isTPE: Bool { study.optimizationMethod == .tpe }

    /// The backtester of one combination on the market.
    static func bind(_ searched: ParameterSet, study: Study, market: Market) throws(BacktestError) -> Combination {
        Combination(searched: searched, backtester: try Backtester(strategy: study.strategy, parameters: searched.overriding(study.strategyParams),
                                                                   market: market, settings: study.simulationSettings))
    }

    /// Binds a TPE proposal (a grid index).
    var binder: WindowEvaluator.Binder {
        let (study, market) = (study, market)
        let space = study.parameterSpace
        return { index throws(WindowFailure) in
            do { return try Plan.bind(space.combination(at: index), study: study, market: market) } catch {
                throw WindowFailure("combination \(space.combination(at: index)) cannot be evaluated: \(error)")
            }
        }
    }

    /// The best objective of the window's whole search on permutation `number` of its training
    /// prices (``PermutationTest/permuted(_:training:seed:)``), on one thread; −∞ when nothing
    /// with enough trades was found. A TPE search starts from the same warm-start `seeds` as
    /// the real one.
    /// - Throws: a failure naming the window and permutation when its prices cannot be
    ///   permuted or a combination cannot be evaluated on them: the window fails, it is never
    ///   given a p-value from anything but a real permutation.
    func permutedBest(_ window: Window, number: Int, test: PermutationTest, seeds: [Int]) throws(WindowFailure) -> Double {
        let training = market.leadSeries.indexRange(fromTime: window.trainingStart, toTime: window.trainingEnd)
        let permuted: Market
        do { permuted = try PermutationTest.permuted(market, training: training, seed: test.seed(window: window.index, permutation: number)) } catch {
            throw WindowFailure("permutation \(number + 1) of window \(window.index + 1): \(error)")
        }
        let settings = SearchSettings(objective: search.objective, minimumTrades: search.minimumTrades, jobs: 1)
        do {
            if isTPE {
                let (study, space) = (study, study.parameterSpace)
                let bind: WindowEvaluator.Binder = { index throws(WindowFailure) in
                    do { return try Plan.bind(space.combination(at: index), study: study, market: permuted) } catch {
                        throw WindowFailure("\(error)")
                    }
                }
                let searched = try WindowEvaluator.searchTPE(sampler(window: window.index, seeds: seeds), window: window, market: permuted,
                                                             bind: bind, settings: settings)
                return PermutationTest.bestValue(of: Optimizer.rank(searched.summaries, of: searched.combinations, settings: settings))
            }
            let rebound = try combinations.map { combination throws(BacktestError) in try Plan.bind(combination.searched, study: study, market: permuted) }
            return PermutationTest.bestValue(of: Optimizer.evaluate(rebound, range: training, settings: settings))
        } catch {
            throw WindowFailure("permutation \(number + 1) of window \(window.index + 1): a combination cannot be evaluated on the permuted prices: \(error)")
        }
    }

    /// The sampler of a window's TPE search, the previous window's best (grid indices) first under `warm_start`.
    func sampler(window: Int, seeds: [Int] = []) -> TPESampler {
        study.tpeSampler(window: window, seeds: seeds)
    }

    /// The backtester of a completed window's selection, to replay it out of sample: grid and
    /// random by its index, TPE by its stored parameters.
    func selection(of record: WindowRecord) throws(RunnerError) -> Backtester {
        if !isTPE {
            guard let best = record.bestCombination, best < combinations.count else {
                throw .failed("window \(record.windowIndex + 1) of run \(record.runId) is COMPLETED but its selection is missing")
            }
            return combinations[best].backtester
        }
        guard let searched = record.bestParameterSet else {
            throw .failed("window \(record.windowIndex + 1) of run \(record.runId) is COMPLETED but its best parameters are missing")
        }
        do { return try Self.bind(searched, study: study, market: market).backtester } catch {
            throw .failed("window \(record.windowIndex + 1): its best parameters \(searched) cannot be bound: \(error)")
        }
    }

    /// The PENDING run record of this plan's study, with what reports show of the study
    /// stored so that nothing downstream re-parses it.
    func newRunRecord(version: String) -> RunRecord {
        var record = RunRecord(
            name: study.name, status: .pending, createdAt: WFODatabase.now(), studyText: study.sourceText,
            studyHash: SHA256.hexDigest(of: Array(study.sourceText.utf8)), studyPath: study.sourcePath,
            strategy: study.strategy.name, symbols: study.symbols.joined(separator: ","), timeframe: study.timeframe.rawValue,
            startDate: study.startDate, endDate: study.endDate, dataSource: study.data.source.rawValue,
            totalWindows: windows.count, combinations: combinationCount, wfoVersion: version)
        record.candleCount = market.count
        record.studyDescription = study.description
        record.objective = study.objective
        record.initialCapital = study.initialCapital
        record.parameterRanges = ParameterCoding.encode(study.parameterRanges)
        record.cscvBlocks = study.overfitting.cscvBlocks
        record.calendar = study.calendar.summary
        record.tradingDaysPerYear = market.contexts[0].tradingDaysPerYear
        record.optimizationMethod = study.optimizationMethod.rawValue
        record.searchSummary = study.searchSummary
        record.spaBenchmark = study.dataSnooping?.benchmark.rawValue
        return record
    }

    /// The units of one window, in combination order.
    func units(ofWindow index: Int) -> [WorkUnit] {
        units.filter { $0.windowIndex == index }
    }
}
