import ArgumentParser
import DataSources
import Foundation
import Reporting
import RunRecords
import StudyRunner
import Viewer
import WebAPI

extension WFO {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the report site on localhost, with live run progress and the runs API.",
            discussion: """
                Serves --dir by GET and HEAD only and never a file outside it, and answers only requests whose \
                Host is localhost, 127.0.0.1, [::1] or the bound address with its port (more with --allowed-host). \
                The runs API is under /api/walkforward/: POST a study (Content-Type application/json or \
                application/yaml) to run it in the background. Writes are refused from other sites' pages (Origin), \
                are allowed on a loopback address, or anywhere with --token (sent as a bearer token). A study sent \
                to the API reads csv data only inside the --data-dir folders. The folder is written only when it is \
                wfo's (it holds .wfo-site, or nothing wfo would write). See docs/security.md. \
                Stops cleanly on Ctrl-C or SIGTERM.
                """)

        @Option(help: ArgumentHelp("The site folder to serve.", valueName: "folder"), completion: Completions.folder)
        var dir: String = "site"

        @Option(help: ArgumentHelp("The address to bind; 127.0.0.1 keeps the server private to this machine.", valueName: "address"))
        var host: String = "127.0.0.1"

        @Option(help: ArgumentHelp("The port; 0 picks a free one.", valueName: "port"))
        var port: Int = 8000

        @Option(help: ArgumentHelp("Require this bearer token on the API's writes (needed to allow writes on a non-loopback address).", valueName: "token"))
        var token: String?

        @Option(name: .customLong("allowed-host"), help: ArgumentHelp("Also answer requests whose Host is this name, with any port (repeatable; e.g. a LAN name or a reverse proxy's).", valueName: "name"))
        var allowedHosts: [String] = []

        @Option(name: .customLong("data-dir"), help: ArgumentHelp("A folder whose csv candles studies sent to the API may read (repeatable; relative data.path values start in the first). Without one, API studies with source: csv are refused.", valueName: "folder"),
                completion: Completions.folder)
        var dataDirs: [String] = []

        @Option(name: .customLong("allowed-base-url"), help: ArgumentHelp("A Binance API root that API studies may fetch from as data.base_url (repeatable; default https://api.binance.com).", valueName: "url"))
        var allowedBaseURLs: [String] = []

        @Option(help: ArgumentHelp("Studies run at once by the API.", valueName: "n"))
        var workers: Int = 1

        @Option(name: .customLong("max-pending"), help: ArgumentHelp("Runs that may wait in the API's queue; past it a POST gets 429.", valueName: "n"))
        var maxPending: Int = 32

        @Option(help: ArgumentHelp("Worker threads per study's parameter search.", valueName: "n"))
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Open the site in the default browser.")
        var open = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard workers >= 1, jobs >= 1, maxPending >= 1 else { throw ValidationError("--workers, --jobs and --max-pending must be at least 1") }
            for name in allowedHosts where !HostAllowlist.isBareName(name) {
                throw ValidationError("--allowed-host \(name) is not a host name (give the name alone, without a port, scheme or path)")
            }
            for url in allowedBaseURLs where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                throw ValidationError("--allowed-base-url \(url) must start with http:// or https://")
            }
            if let token, token.count < 8 { throw ValidationError("--token must be at least 8 characters") }
        }

        func run() async throws {
            let rules: SubmissionRules
            do { rules = try SubmissionRules(dataDirectories: dataDirs, allowedBaseURLs: allowedBaseURLs) } catch { throw CommandFailure(error) }
            // Before anything is opened or written: a folder holding someone else's index.html is left alone.
            try ReportGenerator.checkForCommand(dir)
            let runner = try database.open(jobs: jobs)
            do { try runner.reports(outputFolder: dir).renderIndex() } catch { throw CommandFailure.failed(error.description) }
            let pages = runner.pages(outputFolder: dir)
            var limits = ViewerLimits()
            limits.maximumPendingRuns = maxPending
            let server: ViewerServer
            do { server = try ViewerServer(root: dir, host: host, port: port, allowedHosts: allowedHosts, limits: limits) } catch {
                throw CommandFailure.badInput(error.description)
            }
            let queue = RunQueue(runner: runner, pages: pages, workers: workers, capacity: maxPending, rules: rules)
            RunsAPI(runner: runner, pages: pages, queue: queue, writeGuard: WriteGuard(hosts: server.hosts, token: token, boundHost: host),
                    rules: rules, maximumBodyBytes: limits.maximumBodyBytes)
                .register(on: server.router)
            ComparisonPages(pages: pages).register(on: server.router)
            if host == "0.0.0.0" || host == "::" || host == "[::]", allowedHosts.isEmpty {
                FileHandle.standardError.write(Data("note: bound to every address, but only requests for localhost, 127.0.0.1 and [::1] are answered; add the names others use with --allowed-host\n".utf8))
            }
            let open = self.open, dir = self.dir
            do {
                try await server.run { address in
                    // Unbuffered, so scripts reading the pipe see the URL (and the port) at once.
                    FileHandle.standardOutput.write(Data("Serving \(dir) at \(address.url) (Ctrl-C to stop)\n".utf8))
                    if open { Serve.openBrowser(address.url) }
                }
            } catch let error as ViewerError {
                throw CommandFailure.badInput(error.description)
            }
            print("stopped")
        }

        static func openBrowser(_ url: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["xdg-open", url]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
        }
    }
}
