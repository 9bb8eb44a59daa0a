import Hummingbird
import NIOCore

/// The request context of the fake server: Hummingbird's basics plus the connection, so
/// a ``Fault/dropConnection`` can close it without answering.
struct FakeBinanceContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
