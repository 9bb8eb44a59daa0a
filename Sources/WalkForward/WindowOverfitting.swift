import Backtesting
import Overfitting

/// The overfitting statistics of one window's search: the probability of backtest overfitting
/// over its trials' in-sample daily returns, and the deflated Sharpe ratio of the selected one.
public struct WindowOverfitting: Sendable {
    /// nil when it could not be computed; ``problem`` says why.
    public var pbo: CombinatoriallySymmetricCrossValidation.Result?
    public var problem: String?
    public var deflatedSharpe: DeflatedSharpe.Result?
    /// White's Reality Check and Hansen's SPA of the search against the study's benchmark;
    /// nil when not asked for or not computable.
    public var snooping: SuperiorPredictiveAbility.Result?

    public init(pbo: CombinatoriallySymmetricCrossValidation.Result?, problem: String?, deflatedSharpe: DeflatedSharpe.Result?,
                snooping: SuperiorPredictiveAbility.Result? = nil) {
        self.pbo = pbo
        self.problem = problem
        self.deflatedSharpe = deflatedSharpe
        self.snooping = snooping
    }

    /// The CSCV metric that stands for the study's objective: total return for `roi`, the
    /// Sharpe ratio of daily returns for every other objective (they are not functions of
    /// daily returns alone).
    public static func metric(for objective: Objective) -> CombinatoriallySymmetricCrossValidation.Metric {
        objective == .roi ? .totalReturn : .sharpe
    }

    /// Daily returns of every combination on `training` (on `jobs` threads), then CSCV with
    /// `blocks` and the DSR of `selected` among all trials (N = trials, V = the variance of
    /// their daily Sharpe ratios).
    static func compute(combinations: [Combination], training: Range<Int>, selected: Int, settings: SearchSettings,
                        blocks: Int, benchmark: [Double]?, window: Int) -> WindowOverfitting {
        evaluate(returns: dailyReturns(of: combinations, training: training, jobs: settings.jobs), selected: selected,
                 settings: settings, blocks: blocks, benchmark: benchmark, window: window)
    }

    /// Each combination's daily returns on `training`, in combination order: the costly half of
    /// ``compute(combinations:training:selected:settings:blocks:)``, which a cluster task does
    /// for its unit's block (``WindowEvaluator/execute(_:window:market:combinations:settings:cancellation:)``).
    static func dailyReturns(of combinations: some Collection<Combination>, training: Range<Int>, jobs: Int) -> [[Double]] {
        Optimizer.map(combinations.map(\.backtester), jobs: jobs) { $0.dailyReturns(range: training) }
    }

    /// CSCV, DSR and the data-snooping tests (against `benchmark`'s daily returns, nil: zero)
    /// from every combination's daily returns (in combination order).
    static func evaluate(returns: [[Double]], selected: Int, settings: SearchSettings, blocks: Int, benchmark: [Double]?,
                         window: Int) -> WindowOverfitting {
        let sharpes = returns.map { DeflatedSharpe.moments($0)?.sharpe ?? .nan }
        let deflated = DeflatedSharpe.evaluate(selected: returns[selected], trialSharpes: sharpes)
        // With threads to spare, the SPA (its resamples are drawn from one stream, one after
        // another) runs on its own thread beside CSCV's workers, which share the rest.
        let snoopingTest: @Sendable (Int) -> SuperiorPredictiveAbility.Result? = { jobs in
            settings.snooping?.test(returns: returns, benchmark: benchmark, window: window, jobs: jobs)
        }
        let concurrentSnooping = settings.jobs > 1 && settings.snooping != nil ? Concurrent { snoopingTest(1) } : nil
        let serialSnooping = concurrentSnooping == nil ? snoopingTest(settings.jobs) : nil
        let pbo = Result { () throws(CombinatoriallySymmetricCrossValidation.Problem) in
            try CombinatoriallySymmetricCrossValidation.evaluate(returns: returns, blocks: blocks, metric: metric(for: settings.objective),
                                                                 jobs: settings.jobs)
        }
        let snooping = concurrentSnooping?.value ?? serialSnooping
        switch pbo {
        case let .success(pbo): return WindowOverfitting(pbo: pbo, problem: nil, deflatedSharpe: deflated, snooping: snooping)
        case let .failure(error): return WindowOverfitting(pbo: nil, problem: error.description, deflatedSharpe: deflated, snooping: snooping)
        }
    }
}
