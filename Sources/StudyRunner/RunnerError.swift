import DataSources
import RunRecords
import Storage

/// Why a run could not start or go on, by what the caller should do about it.
///
/// | case | exit status | HTTP |
/// | --- | --- | --- |
/// | ``badInput(_:)``, ``invalidStudy(_:)``, ``badData(_:)``, ``storage(_:)`` of a missing run or an unusable file | 2 | 400 (404 for a missing run) |
/// | ``busy(_:)``, ``storage(_:)`` of a database held by another process | 75 | 503 with `Retry-After` |
/// | ``candlesUnavailable(_:)`` | 1 | 502 |
/// | ``damaged(_:)``, ``failed(_:)``, other ``storage(_:)`` | 1 | 500 |
public enum RunnerError: Error, Sendable, CustomStringConvertible {
    /// The study or its data is wrong: nothing was written.
    case badInput(String)
    /// A study text that does not parse: every problem, each naming its line and key.
    case invalidStudy([String])
    /// The study's candles cannot be had or are wrong: nothing was written.
    case badData(DataSourceError)
    /// The candles could not be fetched (Binance unreachable or refusing).
    case candlesUnavailable(String)
    /// The database: held by another process, damaged, failing, or without that run.
    case storage(StorageError)
    /// Another process runs this run right now; the same command once it has ended goes through.
    case busy(String)
    /// Something wfo wrote and reads back (a setting stored with a run, a work folder's file)
    /// is damaged: the message names it and says what to do.
    case damaged(String)
    /// The work itself failed.
    case failed(String)

    public var description: String {
        switch self {
        case let .badInput(message), let .failed(message), let .candlesUnavailable(message), let .busy(message), let .damaged(message):
            message
        case let .badData(error): error.description
        case let .storage(error): error.description
        case let .invalidStudy(problems): problems.joined(separator: "\n")
        }
    }

    /// Each problem on its own: the study's issues, else the one message (the API's `errors`).
    public var problems: [String] {
        if case let .invalidStudy(problems) = self { return problems }
        return [contentFreeDescription]
    }

    /// ``description`` without anything read from a data file and without the database's
    /// path: what `wfo serve` tells its clients.
    public var contentFreeDescription: String {
        switch self {
        case let .badData(error): error.contentFreeDescription
        case let .storage(error): error.descriptionWithoutPath
        default: description
        }
    }

    public var isBadInput: Bool { exitStatus == 2 }

    /// Worth trying again later: the database or the run is held by another process.
    public var isBusy: Bool { exitStatus == 75 }

    /// `wfo`'s exit status for this error: 2 bad input, 75 busy (try again, `EX_TEMPFAIL`), 1 a failure.
    public var exitStatus: Int32 {
        switch self {
        case .badInput, .badData, .invalidStudy: 2
        case .busy: 75
        case .candlesUnavailable, .damaged, .failed: 1
        case let .storage(error):
            switch error {
            case .busy: 75
            case .cannotOpen, .newerVersion, .noSuchRun, .noSuchBatch: 2
            case .damaged, .failed: 1
            }
        }
    }
}
