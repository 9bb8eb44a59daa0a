import StudyFile
import WalkForward

/// How a portfolio study traded (its `portfolio:` block, docs/portfolio.md), as its report
/// shows it: mode, max positions, rank_by, filter, rebalance, sizing and the cap on a position.
///
/// Read from the study text stored with the run, flattened as a comparison reads it
/// (``StudySettings/flattened(_:cell:)``; a batch's run: its cell's study), with the defaults
/// docs/portfolio.md states for what the block leaves out. Values stay as written: they are the
/// user's text, escaped where shown.
public struct PortfolioSettings: Sendable {
    /// `max positions`, `rank by`, … and their values, in the order the report shows them.
    public var rows: [(label: String, value: String)]
    /// `max_positions` as written: a number (`5`) or a searched parameter's name (`top_n`);
    /// nil when the study could not be read.
    public var maxPositions: String?

    /// The settings of a study whose text (stored with the run) holds a `portfolio:` block; nil
    /// for a study without one, or whose text does not read as YAML.
    /// - Parameters:
    ///   - cell: For a batch's run, its cell (the stored text is the whole matrix).
    ///   - parameters: The searched parameters, to say which values a named one took.
    public init?(studyText: String, cell: Int?, parameters: [ParameterSpace.Dimension]) {
        guard let pairs = StudySettings.flattened(studyText, cell: cell) else { return nil }
        let settings = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        func portfolio(_ key: String) -> String? { settings["portfolio." + key] }
        guard pairs.contains(where: { $0.key.hasPrefix("portfolio.") }) else { return nil }
        /// A number as written, or a parameter's name with the values searched.
        func quantity(_ written: String) -> String {
            guard let searched = parameters.first(where: { $0.name == written }) else { return written }
            return written + " (searched: " + searched.values.map(\.description).joined(separator: ", ") + ")"
        }
        let mode = portfolio("mode") ?? "signals"
        let model = portfolio("sizing.model")
        let sizing: String
        if let model {
            let fields = pairs.filter { $0.key.hasPrefix("portfolio.sizing.") && $0.key != "portfolio.sizing.model" }
                .map { "\($0.key.dropFirst("portfolio.sizing.".count)) \(quantity($0.value))" }
            sizing = fields.isEmpty ? model : model + ": " + fields.joined(separator: ", ")
        } else if let percent = settings["position_size_pct"] {
            sizing = "percent: position_size_pct \(percent) (the study's sizing)"
        } else {
            sizing = "fixed: " + (settings["position_size"].map { "position_size \($0) (the study's sizing)" } ?? "the study's position_size")
        }
        maxPositions = portfolio("max_positions")
        rows = [
            ("Mode", mode == "rotation" ? "rotation: hold the best-ranked symbols, re-ranked on a schedule"
                : "\(mode): each symbol's strategy enters and exits; the best-ranked fill the free slots"),
            ("Max positions", maxPositions.map(quantity) ?? Formatting.missing),
            ("Rank by", portfolio("rank_by") ?? "0 (none: ties in the order of symbols)"),
            ("Filter", portfolio("filter") ?? "none"),
            ("Rebalance", portfolio("rebalance").map(quantity) ?? (mode == "rotation" ? Formatting.missing : "— (signals trade when their strategy says)")),
            ("Sizing", sizing),
            ("Max weight", portfolio("max_weight_pct").map { quantity($0) + " % of equity a position" } ?? (model == "volatility" ? "100 % of equity a position" : "none")),
        ]
    }

    /// The settings of a run whose stored facts show a portfolio (its holdings, its skipped
    /// entries) but whose stored study does not read: said, not guessed.
    static let unreadable = PortfolioSettings(rows: [("Settings", "not readable from the study stored with the run")], maxPositions: nil)

    private init(rows: [(label: String, value: String)], maxPositions: String?) {
        self.rows = rows
        self.maxPositions = maxPositions
    }
}
