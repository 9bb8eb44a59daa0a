import Backtesting
import DataSources
import Digest
import MarketData
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
    let combinations: [Combination]
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
            do {
                let backtester = try Backtester(strategy: study.strategy, parameters: searched.overriding(study.strategyParams),
                                                market: market, settings: study.simulationSettings)
                combinations.append(Combination(searched: searched, backtester: backtester))
            } catch {
                throw .badInput("\(study.sourcePath): parameter_ranges: \(error.description)")
            }
        }
        guard !combinations.isEmpty else { throw .badInput("\(study.sourcePath): parameter_ranges: no combination to search") }
        self.combinations = combinations
        units = WorkUnit.plan(windows: windows.count, combinations: combinations.count)
        search = SearchSettings(objective: study.objective, minimumTrades: study.minTrades, jobs: jobs,
                                cscvBlocks: study.overfitting.cscvBlocks > 0 ? study.overfitting.cscvBlocks : nil)
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
    /// The PENDING run record of this plan's study, with what reports show of the study
    /// stored so that nothing downstream re-parses it.
    func newRunRecord(version: String) -> RunRecord {
        var record = RunRecord(
            name: study.name, status: .pending, createdAt: WFODatabase.now(), studyText: study.sourceText,
            studyHash: SHA256.hexDigest(of: Array(study.sourceText.utf8)), studyPath: study.sourcePath,
            strategy: study.strategy.name, symbols: study.symbols.joined(separator: ","), timeframe: study.timeframe.rawValue,
            startDate: study.startDate, endDate: study.endDate, dataSource: study.data.source.rawValue,
            totalWindows: windows.count, combinations: combinations.count, wfoVersion: version)
        record.candleCount = market.count
        record.studyDescription = study.description
        record.objective = study.objective
        record.initialCapital = study.initialCapital
        record.parameterRanges = ParameterCoding.encode(study.parameterRanges)
        record.cscvBlocks = study.overfitting.cscvBlocks
        record.calendar = study.calendar.summary
        record.tradingDaysPerYear = market.contexts[0].tradingDaysPerYear
        return record
    }

    /// The units of one window, in combination order.
    func units(ofWindow index: Int) -> [WorkUnit] {
        units.filter { $0.windowIndex == index }
    }
}
