/// The strategies a study file can name.
public enum StrategyCatalog {
    public static let rsi = StrategyDefinition(RSIStrategy.self)
    public static let confluence = StrategyDefinition(ConfluenceStrategy.self)

    public static let all: [StrategyDefinition] = [rsi, confluence]

    /// - Throws: ``BacktestError/unknownStrategy(_:)`` with the closest name.
    public static func named(_ name: String) throws(BacktestError) -> StrategyDefinition {
        guard let strategy = all.first(where: { $0.name == name }) else {
            throw .unknownStrategy("unknown strategy \(name)" + didYouMean(name, among: all.map(\.name))
                + "; choose one of \(all.map(\.name).joined(separator: ", "))")
        }
        return strategy
    }
}
