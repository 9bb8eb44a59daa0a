import ArgumentParser
import Foundation

/// The `wfo` command line: walk-forward optimization of trading strategies.
struct WFO: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wfo",
        abstract: "Walk-forward optimization of trading strategies on OHLCV candles.",
        version: WFOVersion.current,
        subcommands: [Run.self, Validate.self, Backtest.self, Status.self, Runs.self, Report.self, Serve.self, Fetch.self, Import.self, DataList.self])
}

enum WFOVersion {
    static let current = "0.1.0"
}

@main
struct Entry {
    /// Runs the command; exit status 0 on success, 1 when the work failed, 2 for bad usage
    /// or bad input (ArgumentParser's own usage errors included).
    static func main() async {
        do {
            var command = try WFO.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
            exit(failure.status)
        } catch {
            let code = WFO.exitCode(for: error)
            if code == .success || error is ExitCode { WFO.exit(withError: error) }
            FileHandle.standardError.write(Data((WFO.fullMessage(for: error) + "\n").utf8))
            exit(2)
        }
    }
}

/// An error the user can act on, with the exit status it deserves.
struct CommandFailure: Error {
    var message: String
    var status: Int32

    /// Bad usage or bad input: exit status 2.
    static func badInput(_ message: String) -> CommandFailure { CommandFailure(message: message, status: 2) }
    /// The work itself failed: exit status 1.
    static func failed(_ message: String) -> CommandFailure { CommandFailure(message: message, status: 1) }
}
