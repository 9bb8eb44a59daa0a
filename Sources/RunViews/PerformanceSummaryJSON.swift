import Backtesting
import JSONText

/// A summary's metrics as a JSON object under their SPEC names.
public struct PerformanceSummaryJSON: Sendable {
    public var summary: PerformanceSummary

    public init(_ summary: PerformanceSummary) {
        self.summary = summary
    }

    public var json: JSONValue {
        .object(summary.namedValues.map { ($0.name, JSONValue.number($0.value)) })
    }
}
