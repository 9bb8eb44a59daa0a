/// A fault the fake server can answer a klines request with, instead of candles.
public enum Fault: Sendable, Equatable, CustomStringConvertible {
    /// An error status with a Binance-style JSON body, and a `Retry-After` header (seconds)
    /// when given: `.status(429, retryAfter: 2)`, `.status(418, retryAfter: 7200)`, `.status(503)`.
    case status(Int, retryAfter: Int? = nil)
    /// Waits this long, then answers normally: set it past the client's request timeout.
    case delay(seconds: Double)
    /// Sends the answer's head (with its full `Content-Length`) and half its body, then
    /// closes the connection: a connection dropped mid-answer.
    ///
    /// Closing before sending a byte would not do: libcurl, under Linux's URLSession,
    /// quietly re-sends a request whose reused keep-alive connection closed unanswered,
    /// so the client would never see that fault (the server would see two requests).
    case dropConnection
    /// Answers 200 with the JSON cut in the middle (a consistent `Content-Length`).
    case truncatedBody
    /// Answers 200 with an HTML error page instead of JSON.
    case garbage

    public var description: String {
        switch self {
        case let .status(code, retryAfter): "HTTP \(code)" + (retryAfter.map { " Retry-After \($0)" } ?? "")
        case let .delay(seconds): "delay \(seconds) s"
        case .dropConnection: "dropped connection"
        case .truncatedBody: "truncated body"
        case .garbage: "garbage body"
        }
    }
}

/// A fault and the requests it hits: the fake server's fault script.
///
/// ```swift
/// let script: [ScriptedFault] = [
///     .onRequest(1, .status(503)),                            // the very first request
///     .onStartTime(januaryTenth, .truncatedBody, times: 2),   // the page starting then, twice
///     .always(.status(500)),                                  // every request after the above
/// ]
/// ```
public struct ScriptedFault: Sendable, Equatable {
    /// Which requests a fault hits.
    public enum Trigger: Sendable, Equatable {
        /// The request with this number (1 for the first request the server gets).
        case requestNumber(Int)
        /// Requests whose `startTime` parameter is this (epoch milliseconds).
        case startTime(Int64)
        /// Any request.
        case everyRequest
    }

    public var fault: Fault
    public var trigger: Trigger
    /// How many matching requests still get the fault.
    public var remaining: Int

    public init(_ fault: Fault, trigger: Trigger, times: Int = 1) {
        self.fault = fault
        self.trigger = trigger
        self.remaining = times
    }

    /// `fault` for request number `number` (1-based).
    public static func onRequest(_ number: Int, _ fault: Fault) -> ScriptedFault {
        ScriptedFault(fault, trigger: .requestNumber(number))
    }

    /// `fault` for the next `times` requests with this `startTime`.
    public static func onStartTime(_ startTime: Int64, _ fault: Fault, times: Int = 1) -> ScriptedFault {
        ScriptedFault(fault, trigger: .startTime(startTime), times: times)
    }

    /// `fault` for every request (that no earlier script entry claimed).
    public static func always(_ fault: Fault) -> ScriptedFault {
        ScriptedFault(fault, trigger: .everyRequest, times: .max)
    }

    func matches(number: Int, startTime: Int64?) -> Bool {
        guard remaining > 0 else { return false }
        switch trigger {
        case let .requestNumber(wanted): return number == wanted
        case let .startTime(wanted): return startTime == wanted
        case .everyRequest: return true
        }
    }
}
