import Dispatch
import Foundation
import WalkForward

/// Turns Ctrl-C and SIGTERM into a cancellation the runner checks between combinations;
/// a second signal exits at once (the database is consistent after every transaction).
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install(cancelling flag: CancellationFlag) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if flag.isCancelled { exit(130) }
                FileHandle.standardError.write(Data("\nstopping after the current window's search (press Ctrl-C again to quit now)…\n".utf8))
                flag.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }
}
