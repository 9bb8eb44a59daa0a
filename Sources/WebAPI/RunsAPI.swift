import Foundation
import Hummingbird
import JSONText
import RunRecords
import RunViews
import StudyRunner
import Viewer
import WalkForward

/// The runs API, shaped like the original system's (`/api/walkforward/`):
///
/// | method and path | answer |
/// | --- | --- |
/// | `GET /api/walkforward/` | every run, newest first |
/// | `GET /api/walkforward/{id}/` | `{id, name, status, total_windows, completed_windows, progress_percentage, …aggregates}` |
/// | `GET /api/walkforward/{id}/windows/` | the windows with their in-sample and out-of-sample metrics |
/// | `POST /api/walkforward/` | a study body (YAML or the original JSON): 400 with the `wfo validate` messages, else 201 `{id, status}` and the run is queued |
/// | `DELETE /api/walkforward/{id}/` | 204; 409 while the run is queued or running |
/// | `POST /api/walkforward/{id}/retry/` | 202: an INTERRUPTED run resumes, a FAILED run reruns its failed windows |
/// | `GET /api/batches/`, `GET /api/batches/{id}/` | study matrices and their cells (``registerBatches(on:)``) |
///
/// A study matrix sent by POST is refused (400) with a message: matrices run from the command line.
/// Every write passes the ``WriteGuard`` first (own origin, token or loopback, a study
/// media type). A study sent here reads only what the server allows (``SubmissionRules``):
/// `csv` data inside its data folders, `binance` candles from the base URLs it allows. Errors
/// sent back never quote a file's contents (``RunnerError/contentFreeDescription``).
/// Past ``maximumBodyBytes`` a study is 413; with the queue full, 429 and `Retry-After`.
public struct RunsAPI: Sendable {
    public let queue: RunQueue
    public let runner: StudyRunner
    public let pages: RunPages?
    public let writeGuard: WriteGuard
    /// What a submitted study may read.
    public let rules: SubmissionRules
    /// Largest accepted study body.
    public let maximumBodyBytes: Int

    public init(runner: StudyRunner, pages: RunPages?, queue: RunQueue, writeGuard: WriteGuard, rules: SubmissionRules,
                maximumBodyBytes: Int = ViewerLimits().maximumBodyBytes) {
        self.runner = runner
        self.pages = pages
        self.queue = queue
        self.writeGuard = writeGuard
        self.rules = rules
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Adds the routes under `/api/walkforward`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        let api = self
        router.get("/api/walkforward") { _, _ in api.list() }
        router.post("/api/walkforward") { request, _ in try await api.create(request) }
        router.get("/api/walkforward/:id") { _, context in api.show(try Self.runID(context)) }
        router.delete("/api/walkforward/:id") { request, context in try await api.delete(request, try Self.runID(context)) }
        router.get("/api/walkforward/:id/windows") { _, context in api.windows(try Self.runID(context)) }
        router.post("/api/walkforward/:id/retry") { request, context in try await api.retry(request, try Self.runID(context)) }
        registerBatches(on: router)
    }

    static func runID<Context: RequestContext>(_ context: Context) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else {
            throw HTTPError(.badRequest, message: "the run id must be a positive whole number")
        }
        return id
    }

    // MARK: Reads

    /// Every run as ``RunView/json``, the shape `wfo runs --json` prints.
    func list() -> Response {
        do { return Self.json(.array(try runner.runViews().map(\.json))) } catch { return Self.failure(error) }
    }

    /// The run as ``RunView/json``: exactly what `wfo status RUN --json` prints, cluster block included.
    func show(_ id: Int64) -> Response {
        do { return Self.json(try runner.view(ofRun: id).json) } catch { return Self.failure(error) }
    }

    func windows(_ id: Int64) -> Response {
        do {
            _ = try runner.run(id: id)
            return Self.json(.array(try runner.windows(ofRun: id).map { window throws(RunnerError) in
                window.json(inSample: try runner.performance(ofWindow: window.id, sample: .inSample).map(PerformanceSummaryJSON.init),
                            outOfSample: try runner.performance(ofWindow: window.id, sample: .outOfSample).map(PerformanceSummaryJSON.init))
            }))
        } catch {
            return Self.failure(error)
        }
    }

    // MARK: Writes

    func create(_ request: Request) async throws -> Response {
        if let refusal = writeGuard.refusal(for: request, needsBody: true) { return refusal }
        // Refused before the body is read or anything is written.
        guard await queue.hasRoom() else { return Self.queueFull() }
        let body = try await request.body.collect(upTo: maximumBodyBytes)
        let text = String(buffer: body)
        let checked: CheckedStudy
        // The pipeline's first stage: the study parsed with the server's limits, the cache
        // filled (binance), the study and its data checked.
        do { checked = try await runner.prepareSubmission(text, rules: rules) } catch {
            return Self.failure(error)
        }
        let prepared: PreparedRun
        do { prepared = try runner.createRun(checked) } catch { return Self.failure(error) }
        let id = prepared.record.id
        pages?.runChanged(id)
        do { try await queue.enqueue(id, .start(prepared)) } catch {
            // Filled up while this study was being checked.
            try? runner.recordFailure(runID: id, reason: "the server's queue was full; retry the run")
            return Self.queueFull()
        }
        return Self.json(.object([("id", .integer(id)), ("status", .string(RunStatus.pending.rawValue))]), status: .created)
    }

    func delete(_ request: Request, _ id: Int64) async throws -> Response {
        if let refusal = writeGuard.refusal(for: request, needsBody: false) { return refusal }
        let run = try existing(id)
        if await queue.isBusy(id) || StudyRunner.isBeingRun(runID: id, databasePath: runner.databasePath) {
            return Self.failure(.conflict, "run \(id) is running; wait for it to end or stop it first")
        }
        do { _ = try runner.delete(runID: id) } catch {
            if error.isBusy { return Self.failure(.conflict, "run \(id) is running; wait for it to end or stop it first") }
            return Self.failure(error)
        }
        pages?.runDeleted(run)
        return Response(status: .noContent)
    }

    func retry(_ request: Request, _ id: Int64) async throws -> Response {
        if let refusal = writeGuard.refusal(for: request, needsBody: false) { return refusal }
        let run = try existing(id)
        if await queue.isBusy(id) || StudyRunner.isBeingRun(runID: id, databasePath: runner.databasePath) {
            return Self.failure(.conflict, "run \(id) is already running")
        }
        guard await queue.hasRoom() else { return Self.queueFull() }
        if run.status == .completed {
            return Self.failure(.conflict, "run \(id) is COMPLETED; there is nothing to retry")
        }
        // The pipeline's first stage again: a binance run's cache filled with anything it lacks.
        if run.dataSource == "binance" {
            do { try await runner.fillCandleCache(forRun: id, allowedBaseURLs: rules.allowedBaseURLs) } catch {
                return Self.failure(error)
            }
        }
        // PENDING at once, so a client polling after the 202 sees the retry, not the old status.
        do { try runner.markForRetry(runID: id) } catch { return Self.failure(error) }
        do { try await queue.enqueue(id, .resume(id)) } catch {
            return Self.queueFull()
        }
        return Self.json(.object([("id", .integer(id)), ("status", .string(RunStatus.pending.rawValue))]), status: .accepted)
    }

    // MARK: Helpers

    /// A pipeline error as the API answers it, never naming a path of this machine or quoting a
    /// data file: 404 for a run or batch that is not there, 400 with the message for bad input,
    /// 503 with `Retry-After` when the database or the run is held by another process, 502 when
    /// Binance cannot be had, else 500.
    static func failure(_ error: RunnerError) -> Response {
        switch error {
        case .storage(.noSuchRun), .storage(.noSuchBatch): return failure(.notFound, error.contentFreeDescription)
        case .candlesUnavailable: return failure(.badGateway, error.description)
        default: break
        }
        if error.isBusy { return failure(.serviceUnavailable, error.contentFreeDescription, retryAfter: 5) }
        return error.isBadInput ? errors(error.problems) : failure(.internalServerError, error.contentFreeDescription)
    }

    /// 429 with `Retry-After`: the queue of pending runs is full.
    static func queueFull() -> Response {
        failure(.tooManyRequests, "the server's queue of pending runs is full; try again later", retryAfter: 30)
    }

    func existing(_ id: Int64) throws -> RunRecord {
        do { return try runner.run(id: id) } catch { throw Self.httpError(error) }
    }

    /// A pipeline error as an HTTP error the router answers (``failure(_:)``'s statuses, no path).
    func answering<T>(_ body: () throws(RunnerError) -> T) throws -> T {
        do { return try body() } catch { throw Self.httpError(error) }
    }

    static func httpError(_ error: RunnerError) -> HTTPError {
        let response = failure(error)
        var headers = HTTPFields()
        if let retryAfter = response.headers[.retryAfter] { headers[.retryAfter] = retryAfter }
        return HTTPError(response.status, headers: headers, message: error.contentFreeDescription)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.rendered(pretty: true) + "\n")))
    }

    /// 400 `{"errors": [...]}` with the messages `wfo validate` prints.
    static func errors(_ messages: [String]) -> Response {
        json(.object([("errors", .array(messages.map(JSONValue.string)))]), status: .badRequest)
    }

    static func failure(_ status: HTTPResponse.Status, _ message: String, retryAfter: Int? = nil) -> Response {
        var response = json(.object([("error", .string(message))]), status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
