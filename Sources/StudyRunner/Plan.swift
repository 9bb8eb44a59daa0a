import Backtesting
import DataSources
import Digest
import MarketData
import RunRecords
import Storage
import StudyFile
import WalkForward

/// A study turned into what the engine needs: windows, candles, the search method (a grid's
/// or random search's combinations bound once, rules built once and shared by every window),
/// and the run's units of work.
struct Plan: Sendable {
    let study: Study
    let windows: [Window]
    /// The units of work, window by window (``WorkUnit/plan(windows:combinations:blockSize:)``):
    /// one per window locally, where the search is spread over `jobs` threads instead.
    let units: [WorkUnit]
    let market: Market
    /// The candles as loaded, warm-up included: what a cluster's work folder carries.
    let series: [CandleSeries]
    /// How each window's trials are chosen: grid, random or TPE.
    let method: any SearchMethod
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
        market = try Self.market(of: study, series: series)
        method = study.optimizationMethod == .tpe ? try TPESearch(study: study, market: market)
            : try CombinationListSearch(study: study, market: market)
        units = WorkUnit.plan(windows: windows.count, combinations: method.trialCount)
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
        // A portfolio's symbols list and delist on their own dates: the universe's first and last candles must cover.
        let checked: [CandleSeries]
        if study.strategy.portfolio == nil || series.isEmpty {
            checked = series
        } else {
            let axis = Set(series.flatMap(\.openTimes)).sorted()
            let none = [Double](repeating: 0, count: axis.count)
            checked = [CandleSeries(symbol: "the universe (\(series.count) symbols)", timeframe: study.timeframe, openTimes: axis,
                                    opens: none, highs: none, lows: none, closes: none, volumes: none)]
        }
        for symbolSeries in checked {
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
    /// The market a study trades: a universe for a portfolio (docs/portfolio.md), whose
    /// symbols may list, delist and miss candles; otherwise symbols that share every candle time.
    static func market(of study: Study, series: [CandleSeries]) throws(RunnerError) -> Market {
        let contexts = series.map { SeriesContext(series: $0, calendar: study.calendar) }
        do { return study.strategy.portfolio != nil ? try Market(universe: contexts) : try Market(contexts) } catch {
            throw .badInput("\(study.sourcePath): \(error.description)")
        }
    }

    /// The backtester of one combination on the market.
    static func bind(_ searched: ParameterSet, study: Study, market: Market) throws(BacktestError) -> Combination {
        Combination(searched: searched, backtester: try Backtester(strategy: study.strategy, parameters: searched.overriding(study.strategyParams),
                                                                   market: market, settings: study.simulationSettings))
    }

    /// The best objective of the window's whole search on permutation `number` of its training
    /// prices (``PermutationTest/permuted(_:training:seed:)``), on one thread; −∞ when nothing
    /// with enough trades was found. A TPE search starts from the same warm-start `seeds` as
    /// the real one.
    /// - Throws: a failure naming the window and permutation when its prices cannot be
    ///   permuted or a combination cannot be evaluated on them: the window fails, it is never
    ///   given a p-value from anything but a real permutation.
    func permutedBest(_ window: Window, number: Int, test: PermutationTest, seeds: [Int]) throws(WindowFailure) -> Double {
        let training = market.indexRange(fromTime: window.trainingStart, toTime: window.trainingEnd)
        let permuted: Market
        do { permuted = try PermutationTest.permuted(market, training: training, seed: test.seed(window: window.index, permutation: number)) } catch {
            throw WindowFailure("permutation \(number + 1) of window \(window.index + 1): \(error)")
        }
        let settings = SearchSettings(objective: search.objective, minimumTrades: search.minimumTrades, jobs: 1)
        do { return try method.bestObjective(window, on: permuted, settings: settings, seeds: seeds) } catch {
            throw WindowFailure("permutation \(number + 1) of window \(window.index + 1): a combination cannot be evaluated on the permuted prices: \(error)")
        }
    }

    /// *Execute* one of the run's units (``SearchMethod/execute(_:window:market:settings:seeds:cancellation:)``):
    /// the one step of a window's search that every executor runs, on this machine or a node.
    /// - Throws: only the cancelled failure.
    func execute(_ unit: WorkUnit, seeds: [Int], cancellation: CancellationFlag?) throws(WindowFailure) -> UnitResult {
        try method.execute(unit, window: windows[unit.windowIndex], market: market, settings: search, seeds: seeds,
                           cancellation: cancellation)
    }

    /// Concludes window `index` from its units' results (``SearchMethod/conclude(_:market:results:settings:seeds:)``):
    /// what every executor commits.
    func conclude(window index: Int, results: [UnitResult], seeds: [Int]) throws(WindowFailure) -> WindowEvaluation {
        try method.conclude(windows[index], market: market, results: results, settings: search, seeds: seeds)
    }

    /// The PENDING run record of this plan's study, with what reports show of the study
    /// stored so that nothing downstream re-parses it.
    func newRunRecord(version: String) -> NewRun {
        var record = NewRun(
            name: study.name, status: .pending, createdAt: WFODatabase.now(), studyText: study.sourceText,
            studyHash: SHA256.hexDigest(of: Array(study.sourceText.utf8)), studyPath: study.sourcePath,
            strategy: study.strategy.name, symbols: study.symbols.joined(separator: ","), timeframe: study.timeframe,
            startDate: study.startDate, endDate: study.endDate, dataSource: study.data.source.rawValue,
            totalWindows: windows.count, combinations: method.trialCount, wfoVersion: version)
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
