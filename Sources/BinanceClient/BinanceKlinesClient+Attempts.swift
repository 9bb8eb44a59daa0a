import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MarketData

/// What one attempt at a page came to, short of a fatal error.
enum AttemptOutcome: Sendable {
    case page(KlinePage)
    /// Binance asked to wait (429/418 with an acceptable `Retry-After`).
    case waitAndRetry(Duration, problem: String)
    /// A transient fault: back off, then retry. `malformed` when the answer came but could not be read.
    case backOffAndRetry(problem: String, malformed: Bool)
}

extension BinanceKlinesClient {
    /// Gets one page, pacing, waiting and retrying per the policy.
    func fetchPage(url: URL, start: Int64, to: Int64, timeframe: Timeframe,
                   run: inout FetchRun) async throws -> KlinePage {
        var attempt = 0
        while true {
            try Task.checkCancellation()
            while let wait = pacer.wait(now: sleeper.currentTimeMilliseconds()) {
                try await sleeper.sleep(for: wait)
                run.statistics.waited += wait
            }
            attempt += 1
            run.statistics.requests += 1
            let answer = try await transport.get(url)
            if case let .answer(_, headers, _) = answer {
                pacer.record(usedWeightHeader: headers["x-mbx-used-weight-1m"], now: sleeper.currentTimeMilliseconds())
            }
            let delay: Duration
            switch try interpret(answer, url: url, start: start, to: to, timeframe: timeframe) {
            case let .page(page):
                return page
            case let .waitAndRetry(wait, problem):
                try giveUpIfLast(attempt: attempt, problem: problem, malformed: false, url: url)
                delay = wait
            case let .backOffAndRetry(problem, malformed):
                try giveUpIfLast(attempt: attempt, problem: problem, malformed: malformed, url: url)
                delay = run.backoff.delay(retry: attempt - 1)
            }
            run.statistics.retries += 1
            if delay > .zero {
                try await sleeper.sleep(for: delay)
                run.statistics.waited += delay
            }
        }
    }

    private func giveUpIfLast(attempt: Int, problem: String, malformed: Bool, url: URL) throws(BinanceError) {
        guard attempt >= max(policy.maxAttempts, 1) else { return }
        if malformed {
            throw .malformed(detail: "\(problem) (\(attempt) attempt\(attempt == 1 ? "" : "s"), all unreadable)", url: url.absoluteString)
        }
        throw .gaveUp(attempts: attempt, lastProblem: problem, url: url.absoluteString)
    }

    /// Sorts an answer into a page, a reason to retry, or a fatal ``BinanceError``.
    func interpret(_ answer: HTTPOutcome, url: URL, start: Int64, to: Int64,
                   timeframe: Timeframe) throws(BinanceError) -> AttemptOutcome {
        switch answer {
        case let .failure(problem):
            return .backOffAndRetry(problem: problem, malformed: false)
        case let .answer(status, headers, body):
            switch status {
            case 200..<300:
                do {
                    let rows = try KlinesParser.parse(body)
                    return .page(try KlinePage(rows: rows, start: start, to: to, timeframe: timeframe))
                } catch {
                    return .backOffAndRetry(problem: error.message, malformed: true)
                }
            case 418, 429:
                let seconds = Self.retryAfterSeconds(headers["retry-after"])
                if Duration.seconds(seconds) > policy.retryAfterCap {
                    throw .banned(status: status, seconds: seconds, url: url.absoluteString)
                }
                return .waitAndRetry(.seconds(seconds), problem: "HTTP \(status), Retry-After \(seconds) s")
            case 408, 500..<600:
                let message = Self.binanceMessage(body).message
                return .backOffAndRetry(problem: "HTTP \(status) (\(message))", malformed: false)
            default:
                let (code, message) = Self.binanceMessage(body)
                throw .invalidRequest(status: status, code: code,
                                      message: message,
                                      url: url.absoluteString)
            }
        }
    }

    /// Whole seconds from a `Retry-After` header; 60 when it is missing or not a number
    /// (an HTTP date, which Binance does not send).
    static func retryAfterSeconds(_ header: String?) -> Int {
        guard let header, let value = Double(header.trimmingCharacters(in: .whitespaces)),
              value.isFinite, value >= 0 else { return 60 }
        return Int(min(value.rounded(.up), 1e9))
    }

    /// Binance's `{"code":-1121,"msg":"Invalid symbol."}`, or the start of a body that is not that.
    static func binanceMessage(_ body: Data) -> (code: Int?, message: String) {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
           let message = object["msg"] as? String {
            return ((object["code"] as? NSNumber)?.intValue, message)
        }
        let text = String(decoding: body.prefix(160), as: UTF8.self)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return (nil, text.isEmpty ? "no message" : text)
    }
}
