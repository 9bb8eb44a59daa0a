import Foundation

/// A `wfo serve --port 0` process of the built binary, with the port it printed.
public struct ServeProcess {
    public let process: Process
    public let port: Int
    /// Its standard output, after the first line (the URL) was read.
    public let output: Pipe

    /// Starts `wfo serve --dir FOLDER/site --db FOLDER/wfo.sqlite --port 0 EXTRA...` and waits for its URL.
    public static func start(_ folder: URL, extra: [String] = [], environment: [String: String] = [:]) throws -> ServeProcess {
        let process = Process()
        process.executableURL = SharedData.binary
        process.arguments = ["serve", "--dir", folder.appendingPathComponent("site").path, "--port", "0",
                             "--db", folder.appendingPathComponent("wfo.sqlite").path] + extra
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":")[1]) else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no URL printed: \(text)"])
        }
        return ServeProcess(process: process, port: port, output: output)
    }

    /// SIGTERM, then waits for the exit.
    public func stop() {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}
