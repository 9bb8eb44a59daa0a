import Backtesting
import StudyFile
import Testing

@Suite struct ParameterAssignmentsTests {
    @Test func valuesAreTypedByTheStrategysSpecs() throws {
        let set = try ParameterAssignments.parse("rsi_period=14, sides=long,exit_on_opposite=false,stop_loss_pct=2.5", strategy: StrategyDefinition.rsi)
        #expect(set == ParameterSet([("rsi_period", .number(14)), ("sides", .text("long")),
                                     ("exit_on_opposite", .flag(false)), ("stop_loss_pct", .number(2.5))]))
        #expect(try ParameterAssignments.parse("", strategy: StrategyDefinition.rsi).isEmpty)
    }

    @Test(arguments: [
        ("rsi_period", "is not name=value"),
        ("rsi_period=", "is not name=value"),
        ("rsi_perio=14", "did you mean rsi_period?"),
        ("rsi_period=fourteen", "rsi_period must be a number, got fourteen"),
        ("rsi_period=14.5", "rsi_period must be a whole number"),
        ("rsi_period=1", "rsi_period must be between 2 and 1000"),
        ("sides=up", "sides must be one of both, long, short"),
        ("exit_on_opposite=maybe", "must be true or false"),
        ("rsi_period=14,rsi_period=21", "rsi_period is given twice"),
    ])
    func badAssignmentsSayWhatIsWrong(text: String, expected: String) throws {
        let error = try #require(throws: BacktestError.self) { try ParameterAssignments.parse(text, strategy: StrategyDefinition.rsi) }
        #expect(error.description.contains(expected), "\(error.description)")
    }
}
