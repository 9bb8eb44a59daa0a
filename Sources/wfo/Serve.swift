import ArgumentParser
import Foundation
import Reporting
import Storage
import StudyRunner
import Viewer

extension WFO {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the report site on localhost, with live run progress and the runs API.",
            discussion: """
                Serves --dir by GET and HEAD only and never a file outside it. The runs API is under \
                /api/walkforward/: POST a study (YAML or the original JSON body) to run it in the background. \
                Writes are allowed on a loopback address, or anywhere with --token (sent as a bearer token). \
                Stops cleanly on Ctrl-C or SIGTERM.
                """)

        @Option(help: "The site folder to serve.")
        var dir: String = "site"

        @Option(help: "The address to bind; 127.0.0.1 keeps the server private to this machine.")
        var host: String = "127.0.0.1"

        @Option(help: "The port; 0 picks a free one.")
        var port: Int = 8000

        @Option(help: "Require this bearer token on the API's writes (needed to allow writes on a non-loopback address).")
        var token: String?

        @Option(help: "Studies run at once by the API.")
        var workers: Int = 1

        @Option(help: "Worker threads per study's parameter search.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Open the site in the default browser.")
        var open = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard workers >= 1, jobs >= 1 else { throw ValidationError("--workers and --jobs must be at least 1") }
            if let token, token.count < 8 { throw ValidationError("--token must be at least 8 characters") }
        }

        func run() async throws {
            let database = try self.database.open()
            let reports = ReportGenerator(database: database, outputFolder: dir, version: WFOVersion.current)
            do { try reports.renderIndex() } catch { throw CommandFailure.failed(error.description) }
            let server: ViewerServer
            do { server = try ViewerServer(root: dir, host: host, port: port) } catch {
                throw CommandFailure.badInput(error.description)
            }
            let runner = StudyRunner(database: database, jobs: jobs, version: WFOVersion.current)
            let queue = RunQueue(runner: runner, reports: reports, workers: workers)
            RunsAPI(database: database, runner: runner, reports: reports, queue: queue, token: token, host: host)
                .register(on: server.router)
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
