import Testing
@testable import WalkForward

@Suite struct ConsistencyScoreTests {
    /// Two ROIs `1 ∓ cv` have mean 1 and population standard deviation `cv`.
    static func rois(cv: Double) -> [Double] { [1 - cv, 1 + cv] }

    @Test(arguments: [
        (0.2, 95.0), (0.25, 95), (0.4, 80), (0.5, 80), (0.6, 65), (0.75, 65), (0.9, 50), (1, 50),
        (1.5, 35), (2, 20), (3, 20),
    ])
    func scoreFollowsTheCoefficientOfVariationTable(cv: Double, score: Double) {
        #expect(Aggregates.consistency(outOfSampleROIs: Self.rois(cv: cv)) == score)
    }

    @Test func scaleDoesNotChangeTheScore() {
        // mean 10, population σ 4: cv 0.4; mean 100, σ 90: cv 0.9.
        #expect(Aggregates.consistency(outOfSampleROIs: [6, 14]) == 80)
        #expect(Aggregates.consistency(outOfSampleROIs: [10, 190]) == 50)
    }

    @Test func usesThePopulationStandardDeviation() {
        // [0.3, 1.7]: mean 1, population σ 0.7 (65); the sample σ would be 0.99 (50).
        #expect(Aggregates.consistency(outOfSampleROIs: [0.3, 1.7]) == 65)
    }

    @Test(arguments: [[Double](), [5], [-3]])
    func fewerThanTwoWindowsScoreFifty(rois: [Double]) {
        #expect(Aggregates.consistency(outOfSampleROIs: rois) == 50)
    }

    @Test(arguments: [[-1.0, 1], [-2, -1], [0, 0], [-5, 4.9]])
    func meanAtOrBelowZeroScoresZero(rois: [Double]) {
        #expect(Aggregates.consistency(outOfSampleROIs: rois) == 0)
    }

    /// SPEC seed example: OOS ROIs 4.2, 3.9, 4.5, 3.8, 4.3 (cv ≈ 0.06).
    @Test func specSeedExampleScoresNinetyFive() {
        #expect(Aggregates.consistency(outOfSampleROIs: [4.2, 3.9, 4.5, 3.8, 4.3]) == 95)
    }
}
