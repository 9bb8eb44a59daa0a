import Foundation

/// Runs a scheduler command (`sbatch`, `squeue`, ...) and captures what it printed.
struct ProcessOutput: Sendable {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// The first non-empty of standard error and standard output, trimmed: what to quote in a message.
    var message: String {
        let error = standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        return error.isEmpty ? standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) : error
    }
}

enum ProcessRunner {
    /// The absolute path of `command` on `$PATH`, or nil.
    static func find(_ command: String) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(command)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// - Throws: ``ClusterError/badInput(_:)`` when `command` is not on `$PATH`.
    static func run(_ command: String, _ arguments: [String]) throws(ClusterError) -> ProcessOutput {
        guard let executable = find(command) else {
            throw .badInput("\(command) is not on PATH: the slurm executor needs Slurm's client commands (Debian: apt-get install slurm-client) and a cluster to talk to")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .failed("cannot start \(executable): \(error.localizedDescription)") }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                             standardError: String(decoding: errorData, as: UTF8.self))
    }
}
