import HTTPTypes
import Hummingbird
import MarketData
import NIOCore
import Synchronization

/// The fake server's shared state: candles, fault script, weight counter, request log.
final class FakeBinanceState: Sendable {
    private struct Mutable {
        var faults: [ScriptedFault]
        var requests: [RecordedRequest] = []
        var weightMinute: Int64 = .min
        var usedWeight = 0
    }

    /// What to do with one request, decided under the lock.
    private struct Decision {
        var number: Int
        var fault: Fault?
        var overWeightLimit: Bool
        var usedWeight: Int
        var retryAfterForLimit: Int
    }

    let candles: [String: CandleSeries]
    let options: FakeBinanceServer.Options
    private let mutable: Mutex<Mutable>

    init(candles: [String: CandleSeries], faults: [ScriptedFault], options: FakeBinanceServer.Options) {
        self.candles = candles
        self.options = options
        self.mutable = Mutex(Mutable(faults: faults))
    }

    var requests: [RecordedRequest] { mutable.withLock { $0.requests } }

    func inject(_ faults: [ScriptedFault]) {
        mutable.withLock { $0.faults += faults }
    }

    /// Answers `GET /api/v3/klines`: a scripted fault, a 429 past the weight limit, a
    /// Binance error, or the candles.
    func respondToKlines(_ request: Request, context: FakeBinanceContext) async throws -> Response {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            query[String(name)] = String(value).removingPercentEncoding ?? String(value)
        }
        let decision = record(path: request.uri.path, query: query)
        let weightHeader = String(decision.usedWeight)
        if decision.overWeightLimit {
            return Self.errorResponse(
                status: 429, code: -1003,
                message: "Too many requests; current limit of IP(127.0.0.1) is \(options.weightLimitPerMinute ?? 0) requests per minute. Please use the websocket for live updates to avoid polling the API.",
                weight: weightHeader, retryAfter: decision.retryAfterForLimit)
        }
        switch decision.fault {
        case let .status(status, retryAfter):
            return Self.faultResponse(status: status, retryAfter: retryAfter, weight: weightHeader, now: options.clock())
        case let .delay(seconds):
            try? await Task.sleep(for: .seconds(seconds))
            return serve(query, weight: weightHeader, truncated: false)
        case .dropConnection:
            return dropMidAnswer(query, weight: weightHeader, channel: context.channel)
        case .truncatedBody:
            return serve(query, weight: weightHeader, truncated: true)
        case .garbage:
            var response = Self.response(status: 200, body: Array("<html><head><title>502 Bad Gateway</title></head><body>cloudfront</body></html>".utf8),
                                         weight: weightHeader)
            response.headers[.contentType] = "text/html"
            return response
        case nil:
            return serve(query, weight: weightHeader, truncated: false)
        }
    }

    /// Logs the request, consumes a matching fault and counts its weight.
    private func record(path: String, query: [String: String]) -> Decision {
        let now = options.clock()
        return mutable.withLock { state in
            let number = state.requests.count + 1
            let startTime = query["startTime"].flatMap { Int64($0) }
            var fault: Fault?
            if let index = state.faults.firstIndex(where: { $0.matches(number: number, startTime: startTime) }) {
                fault = state.faults[index].fault
                if state.faults[index].remaining != .max { state.faults[index].remaining -= 1 }
            }
            let minute = now >= 0 ? now / 60_000 : (now - 59_999) / 60_000
            if minute != state.weightMinute {
                state.weightMinute = minute
                state.usedWeight = 0
            }
            state.usedWeight += options.klinesWeight
            let over = options.weightLimitPerMinute.map { state.usedWeight > $0 } ?? false
            let secondsToNextMinute = Int(((minute + 1) * 60_000 - now + 999) / 1_000)
            state.requests.append(RecordedRequest(
                number: number, path: path, query: query, fault: over ? nil : fault, overWeightLimit: over,
                usedWeight: state.usedWeight, receivedAt: now))
            return Decision(number: number, fault: over ? nil : fault, overWeightLimit: over,
                            usedWeight: state.usedWeight, retryAfterForLimit: secondsToNextMinute)
        }
    }

    /// The candles the query selects, or Binance's error for it.
    private func serve(_ query: [String: String], weight: String, truncated: Bool) -> Response {
        let (series, answer) = KlinesQuery(query).answer(from: candles)
        switch answer {
        case let .error(status, code, message):
            return Self.errorResponse(status: status, code: code, message: message, weight: weight, retryAfter: nil)
        case let .candles(range):
            guard let series else { return Self.response(status: 200, body: Array("[]".utf8), weight: weight) }
            var body = KlineRowEncoder.encode(series, range: range)
            if truncated { body = Array(body.prefix(max(1, body.count / 2))) }
            return Self.response(status: 200, body: body, weight: weight)
        }
    }

    /// The candles' answer with its full `Content-Length`, of which only the first half
    /// is sent before the connection is closed.
    private func dropMidAnswer(_ query: [String: String], weight: String, channel: any Channel) -> Response {
        let (series, answer) = KlinesQuery(query).answer(from: candles)
        guard let series, case let .candles(range) = answer else { return serve(query, weight: weight, truncated: false) }
        let body = KlineRowEncoder.encode(series, range: range)
        var response = Self.response(status: 200, body: [], weight: weight)
        response.body = ResponseBody(contentLength: body.count) { writer in
            try await writer.write(ByteBuffer(bytes: body.prefix(body.count / 2)))
            try? await channel.close()
            throw ConnectionDropped()
        }
        return response
    }

    private static func faultResponse(status: Int, retryAfter: Int?, weight: String, now: Int64) -> Response {
        let (code, message): (Int, String) = switch status {
        case 429: (-1003, "Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.")
        case 418: (-1003, "Way too many requests; IP(127.0.0.1) banned until \(now + Int64(retryAfter ?? 0) * 1_000). Please use the websocket for live updates to avoid bans.")
        case 500: (-1001, "Internal error; unable to process your request. Please try again.")
        case 503: (-1008, "Server is currently overloaded with other requests. Please try again in a few minutes.")
        default: (-1000, "An unknown error occurred while processing the request.")
        }
        return errorResponse(status: status, code: code, message: message, weight: weight, retryAfter: retryAfter)
    }

    static func errorResponse(status: Int, code: Int, message: String, weight: String, retryAfter: Int?) -> Response {
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var response = response(status: status, body: Array("{\"code\":\(code),\"msg\":\"\(escaped)\"}".utf8), weight: weight)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    static func response(status: Int, body: [UInt8], weight: String) -> Response {
        var headers: HTTPFields = [.contentType: "application/json;charset=UTF-8"]
        if let used = HTTPField.Name("X-MBX-USED-WEIGHT-1M") { headers[used] = weight }
        if let used = HTTPField.Name("X-MBX-USED-WEIGHT") { headers[used] = weight }
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Thrown after a ``Fault/dropConnection`` closed the connection: nothing more is sent.
struct ConnectionDropped: Error {}
