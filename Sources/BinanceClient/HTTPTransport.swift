import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What came back for one GET: an answer with a status, or a transport failure.
enum HTTPOutcome: Sendable {
    case answer(status: Int, headers: [String: String], body: Data)
    /// Timeout, refused or dropped connection, DNS failure...: `problem` says which.
    case failure(problem: String)
}

/// One `URLSession` for all of a client's requests, invalidated when the client goes.
///
/// The session is ephemeral (no cache, no cookies) and its `timeoutIntervalForRequest`
/// is the policy's request timeout, rounded up to whole seconds and at least 1 s: a
/// request that takes longer fails with `URLError.timedOut`. (Linux's URLSession keeps
/// only the whole seconds, `Int(timeoutInterval) * 1000` ms, so 0.5 s would time out at once.)
final class HTTPTransport: Sendable {
    private let session: URLSession
    private let timeout: TimeInterval

    init(timeout: Duration) {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        self.timeout = max(seconds.rounded(.up), 1)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = self.timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// GETs `url`. Throws only `CancellationError`; every other failure is an outcome.
    func get(_ url: URL) async throws -> HTTPOutcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        do {
            let (body, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                return .failure(problem: "the answer is not HTTP")
            }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            return .answer(status: http.statusCode, headers: headers, body: body)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .failure(problem: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let urlError = error as? URLError else { return "\(error)" }
        switch urlError.code {
        case .timedOut: return "no answer within the request timeout"
        case .networkConnectionLost: return "the connection was dropped"
        case .cannotConnectToHost: return "cannot connect to the host"
        case .cannotFindHost, .dnsLookupFailed: return "cannot find the host"
        case .notConnectedToInternet: return "not connected to the internet"
        case .badServerResponse: return "the server's answer is not valid HTTP"
        case .secureConnectionFailed: return "the TLS connection failed"
        default: return "\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))"
        }
    }
}
