import Foundation

/// The Probabilistic and Deflated Sharpe Ratios (Bailey & López de Prado, "The Deflated Sharpe
/// Ratio: Correcting for Selection Bias, Backtest Overfitting and Non-Normality", Journal of
/// Portfolio Management 40(5), 2014).
///
/// All Sharpe ratios here are per observation (daily, not annualized): `SR = mean / std` of
/// the daily returns, `std` with `n − 1`.
public enum DeflatedSharpe {
    /// The Euler–Mascheroni constant γ.
    public static let eulerGamma = 0.577_215_664_901_532_9

    /// The expected maximum Sharpe ratio of `trials` independent trials whose Sharpe ratios
    /// have variance `variance` and mean 0:
    /// `E[max SR] = √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))`. 0 for one trial.
    public static func expectedMaximumSharpe(trials: Int, variance: Double) -> Double {
        guard trials > 1, variance > 0 else { return 0 }
        let n = Double(trials)
        return variance.squareRoot() * ((1 - eulerGamma) * NormalDistribution.quantile(1 - 1 / n)
            + eulerGamma * NormalDistribution.quantile(1 - 1 / (n * M_E)))
    }

    /// PSR(SR*) = Φ( (SR − SR*) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 · SR²) ): the probability
    /// that the true Sharpe ratio exceeds `benchmark`, given `observations` returns with
    /// skewness γ₃ and (non-excess) kurtosis γ₄. Nil when fewer than 2 observations or the
    /// denominator is not positive.
    public static func probabilistic(sharpe: Double, benchmark: Double, observations: Int,
                                     skewness: Double, kurtosis: Double) -> Double? {
        guard observations >= 2, sharpe.isFinite else { return nil }
        let spread = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe
        guard spread > 0 else { return nil }
        return NormalDistribution.cdf((sharpe - benchmark) * Double(observations - 1).squareRoot() / spread.squareRoot())
    }

    /// Mean, Sharpe ratio (mean / sample std), skewness and kurtosis (population moments,
    /// non-excess: 3 for a normal distribution) of `returns`; nil with fewer than 2 or no spread.
    public static func moments(_ returns: [Double]) -> (sharpe: Double, skewness: Double, kurtosis: Double)? {
        let n = Double(returns.count)
        guard returns.count >= 2 else { return nil }
        let mean = returns.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for value in returns {
            let d = value - mean
            m2 += d * d
            m3 += d * d * d
            m4 += d * d * d * d
        }
        guard m2 > 0 else { return nil }
        let sampleStd = (m2 / (n - 1)).squareRoot()
        let populationVariance = m2 / n
        return (mean / sampleStd, (m3 / n) / pow(populationVariance, 1.5), (m4 / n) / (populationVariance * populationVariance))
    }

    /// DSR and PSR(0) of a selected trial, and what they were computed from.
    public struct Result: Sendable, Equatable {
        /// Probability that the selected trial's true Sharpe exceeds the expected maximum of
        /// `trials` trials with no skill.
        public var deflated: Double?
        /// Probability that its true Sharpe exceeds 0.
        public var probabilistic: Double?
        public var sharpe: Double
        public var expectedMaximumSharpe: Double
        public var trials: Int
        public var sharpeVariance: Double
        public var skewness: Double
        public var kurtosis: Double
        public var observations: Int

        public init(deflated: Double?, probabilistic: Double?, sharpe: Double, expectedMaximumSharpe: Double, trials: Int,
                    sharpeVariance: Double, skewness: Double, kurtosis: Double, observations: Int) {
            self.deflated = deflated
            self.probabilistic = probabilistic
            self.sharpe = sharpe
            self.expectedMaximumSharpe = expectedMaximumSharpe
            self.trials = trials
            self.sharpeVariance = sharpeVariance
            self.skewness = skewness
            self.kurtosis = kurtosis
            self.observations = observations
        }
    }

    /// DSR of `selected` among trials whose per-observation Sharpe ratios are `trialSharpes`
    /// (N = their count, V = their sample variance). Nil when `selected` has no spread.
    public static func evaluate(selected: [Double], trialSharpes: [Double]) -> Result? {
        guard let moments = moments(selected) else { return nil }
        let finite = trialSharpes.filter(\.isFinite)
        let mean = finite.isEmpty ? 0 : finite.reduce(0, +) / Double(finite.count)
        let variance = finite.count > 1 ? finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count - 1) : 0
        let benchmark = expectedMaximumSharpe(trials: finite.count, variance: variance)
        return Result(
            deflated: probabilistic(sharpe: moments.sharpe, benchmark: benchmark, observations: selected.count,
                                    skewness: moments.skewness, kurtosis: moments.kurtosis),
            probabilistic: probabilistic(sharpe: moments.sharpe, benchmark: 0, observations: selected.count,
                                         skewness: moments.skewness, kurtosis: moments.kurtosis),
            sharpe: moments.sharpe, expectedMaximumSharpe: benchmark, trials: finite.count, sharpeVariance: variance,
            skewness: moments.skewness, kurtosis: moments.kurtosis, observations: selected.count)
    }
}
