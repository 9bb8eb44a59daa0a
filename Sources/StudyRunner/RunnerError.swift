import DataSources

/// Why a run could not start or go on.
public enum RunnerError: Error, Sendable, CustomStringConvertible {
    /// The study or its data is wrong: nothing was written (exit status 2).
    case badInput(String)
    /// The study's candles cannot be had or are wrong: nothing was written (exit status 2).
    case badData(DataSourceError)
    /// The candles could not be fetched (Binance unreachable or refusing): exit status 1, 502 from the API.
    case candlesUnavailable(String)
    /// The work itself failed (exit status 1).
    case failed(String)

    public var description: String {
        switch self {
        case let .badInput(message), let .failed(message), let .candlesUnavailable(message): message
        case let .badData(error): error.description
        }
    }

    /// ``description`` without anything read from a data file: what `wfo serve` tells its clients.
    public var contentFreeDescription: String {
        if case let .badData(error) = self { return error.contentFreeDescription }
        return description
    }

    public var isBadInput: Bool {
        switch self {
        case .badInput, .badData: true
        case .candlesUnavailable, .failed: false
        }
    }
}
