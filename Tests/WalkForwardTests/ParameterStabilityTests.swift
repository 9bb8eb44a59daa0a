import Backtesting
import Testing
@testable import WalkForward

@Suite struct ParameterStabilityTests {
    /// Five windows' best parameters: a number and a word.
    static let best: [ParameterSet] = [(14, "long"), (7, "both"), (14, "both"), (21, "long"), (7, "both")].map {
        ParameterSet([("rsi_period", .number($0.0)), ("sides", .text($0.1))])
    }

    @Test func oneEntryPerParameterInWrittenOrder() {
        #expect(ParameterStability.of(bestParameters: Self.best).map(\.name) == ["rsi_period", "sides"])
        #expect(ParameterStability.of(bestParameters: []).isEmpty)
    }

    /// rsi_period 14, 7, 14, 21, 7: mean 12.6, population σ √27.44 = 5.238, cv 0.4157.
    @Test func numericParameterHasMeanDeviationAndRange() throws {
        let period = try #require(ParameterStability.of(bestParameters: Self.best).first)
        #expect(period.values == [14, 7, 14, 21, 7].map { .number($0) })
        #expect(abs(period.mean! - 12.6) < 1e-12)
        #expect(abs(period.standardDeviation! - 27.44.squareRoot()) < 1e-12)
        #expect(abs(period.coefficientOfVariation! - 27.44.squareRoot() / 12.6) < 1e-12)
        #expect(period.minimum == 7)
        #expect(period.maximum == 21)
        #expect(period.distinctValues == 3)
    }

    @Test func mostFrequentValueIsTheEarliestOnATie() throws {
        let period = try #require(ParameterStability.of(bestParameters: Self.best).first)
        // 14 and 7 are both chosen twice; 14 was chosen first.
        #expect(period.mostFrequent == .number(14))
        #expect(period.mostFrequentSharePct == 40)
        let reversed = try #require(ParameterStability.of(bestParameters: Self.best.reversed()).first)
        #expect(reversed.mostFrequent == .number(7))
    }

    @Test func textParameterHasNoNumericStatistics() throws {
        let sides = try #require(ParameterStability.of(bestParameters: Self.best).last)
        #expect(sides.mostFrequent == .text("both"))
        #expect(sides.mostFrequentSharePct == 60)
        #expect(sides.distinctValues == 2)
        #expect(sides.mean == nil)
        #expect(sides.standardDeviation == nil)
        #expect(sides.coefficientOfVariation == nil)
        #expect(sides.minimum == nil)
        #expect(sides.maximum == nil)
    }

    @Test func constantParameterHasZeroSpreadAndFullShare() throws {
        let sets = (0..<4).map { _ in ParameterSet([("rsi_oversold", .number(30))]) }
        let oversold = try #require(ParameterStability.of(bestParameters: sets).first)
        #expect(oversold.standardDeviation == 0)
        #expect(oversold.coefficientOfVariation == 0)
        #expect(oversold.mostFrequentSharePct == 100)
        #expect(oversold.distinctValues == 1)
    }

    @Test func zeroMeanLeavesTheCoefficientOfVariationUndefined() throws {
        let sets = [-1.0, 1].map { ParameterSet([("offset", .number($0))]) }
        let offset = try #require(ParameterStability.of(bestParameters: sets).first)
        #expect(offset.mean == 0)
        #expect(offset.standardDeviation == 1)
        #expect(offset.coefficientOfVariation == nil)
    }
}
