/// One request the fake server received, as tests see it afterwards.
public struct RecordedRequest: Sendable, Equatable {
    /// 1 for the first request the server got.
    public var number: Int
    /// The path, e.g. `/api/v3/klines`.
    public var path: String
    /// The query parameters as sent (the last value of a repeated one).
    public var query: [String: String]
    /// The scripted fault it was answered with; nil when it was served normally.
    public var fault: Fault?
    /// Whether it was refused with 429 for passing the server's own weight limit.
    public var overWeightLimit: Bool
    /// The `X-MBX-USED-WEIGHT-1M` sent back: the weight used in the minute, this request included.
    public var usedWeight: Int
    /// When it arrived by the server's clock (epoch milliseconds).
    public var receivedAt: Int64

    public var symbol: String? { query["symbol"] }
    public var interval: String? { query["interval"] }
    public var startTime: Int64? { query["startTime"].flatMap { Int64($0) } }
    public var endTime: Int64? { query["endTime"].flatMap { Int64($0) } }
    public var limit: Int? { query["limit"].flatMap { Int($0) } }
    /// Served with candles (no fault, not over the limit), whatever its status.
    public var wasServed: Bool { fault == nil && !overWeightLimit }
}
