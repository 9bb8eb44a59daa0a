extension StrategyDefinition {
    /// RSI mean reversion (SPEC section 4), written in Swift.
    public static let rsi = StrategyDefinition(RSIStrategy.self)
    /// The confluence of several indicators (SPEC section 4), written in Swift.
    public static let confluence = StrategyDefinition(ConfluenceStrategy.self)
    /// A portfolio's rotation, which has no rules of its own.
    public static let rotation = StrategyDefinition(RotationStrategy.self)

    /// The strategies written in Swift; the catalogue of every strategy a study can name,
    /// these and the ones defined by rules, is `StrategyCatalog` in the Rules module.
    public static let builtIns: [StrategyDefinition] = [rsi, confluence]
}
