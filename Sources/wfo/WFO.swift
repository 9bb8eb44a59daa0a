import ArgumentParser
import Foundation
import StudyRunner

/// The `wfo` command line: walk-forward optimization of trading strategies.
struct WFO: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wfo",
        abstract: "Walk-forward optimization of trading strategies on OHLCV candles.",
        discussion: """
            Quick start: `wfo run examples/quickstart.yaml` runs a study into wfo.sqlite and renders \
            its report into site/; `wfo serve --open` browses it.

            Environment: WFO_DB names the database when --db is not given (else wfo.sqlite in the \
            current folder).

            Exit status: 0 on success; 1 when the work failed (a run or a cell FAILED) or a file or \
            database is damaged (the message names it and what to do); 2 for bad usage or bad input, \
            with the file, line or field at fault and nothing written; 75 when the database or the run \
            is held by another process (nothing was changed: try again); 130 when interrupted \
            (`wfo run --resume RUN` finishes it).

            Shell completion: `wfo --generate-completion-script bash|zsh|fish`; `make install` puts \
            the scripts and this manual where the shells and man look.
            """,
        version: WFOVersion.current,
        subcommands: [Run.self, Validate.self, Backtest.self, Status.self, Runs.self, Report.self, Serve.self, Fetch.self, Import.self, DataList.self, Cancel.self, Task.self])
}

/// The build, as `wfo --version` prints it and every run, report and status carries it:
/// `0.1.0 (commit f62e209c1a2b)`, with `, dirty` when tracked files differed from the commit
/// (`BuildStamp` is written by the BuildStamp plugin from `VERSION` and git on every build).
enum WFOVersion {
    static let current = describe(version: BuildStamp.version, commit: BuildStamp.commit, dirty: BuildStamp.dirty)

    static func describe(version: String, commit: String, dirty: Bool) -> String {
        "\(version) (commit \(commit)\(dirty ? ", dirty" : ""))"
    }
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

extension CommandFailure {
    /// The pipeline's error with its exit status (``RunnerError/exitStatus``): 2, 75 or 1.
    init(_ error: RunnerError) {
        self.init(message: error.description, status: error.exitStatus)
    }

}
