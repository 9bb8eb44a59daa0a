/// Why a Binance klines fetch failed, with a message a user can act on. Every case
/// names the request (`url`).
public enum BinanceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Binance refused the request itself (a 4xx other than 408, 418 and 429), e.g.
    /// `{"code":-1121,"msg":"Invalid symbol."}`; not retried. `code` and `message` are
    /// Binance's own when the body has them.
    case invalidRequest(status: Int, code: Int?, message: String, url: String)
    /// A 429 or 418 asked to wait `seconds`, longer than ``RetryPolicy/retryAfterCap``.
    case banned(status: Int, seconds: Int, url: String)
    /// `attempts` attempts in a row failed with transient faults (5xx, timeouts, dropped
    /// connections, 429s); `lastProblem` says what the last one was.
    case gaveUp(attempts: Int, lastProblem: String, url: String)
    /// Every attempt got an answer that is not a valid klines page (truncated or
    /// garbled JSON, a bad row, candles out of order or off the grid).
    case malformed(detail: String, url: String)
    /// The base URL does not make a valid request URL.
    case invalidBaseURL(String)

    public var description: String {
        switch self {
        case let .invalidRequest(status, code?, message, url):
            return "Binance rejected the request (HTTP \(status), code \(code)): \(message) Check the symbol, interval and dates. Request: \(url)"
        case let .invalidRequest(status, nil, message, url):
            return "The server refused the request (HTTP \(status): \(message)); is --base-url a Binance API root such as https://api.binance.com? Request: \(url)"
        case let .banned(status, seconds, url):
            let reason = status == 418 ? "this IP is banned for too many requests" : "too many requests"
            return "Binance asks to wait \(seconds) s (HTTP \(status): \(reason)); try later or use another --base-url. Request: \(url)"
        case let .gaveUp(attempts, lastProblem, url):
            return "Binance did not answer after \(attempts) attempts (last problem: \(lastProblem)); check the network or try later. Request: \(url)"
        case let .malformed(detail, url):
            return "Binance's answer is not a valid klines page: \(detail). Request: \(url)"
        case let .invalidBaseURL(base):
            return "'\(base)' is not a usable base URL; pass something like https://api.binance.com to --base-url"
        }
    }
}
