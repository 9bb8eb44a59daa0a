import NIOCore
import NIOHTTPTypes

/// Closes a connection that keeps the server waiting: the slow-client (slowloris) and idle
/// timeout of the viewer.
///
/// The clock runs whenever the server is waiting on the client — from the moment the
/// connection opens, and again after each response ends — and stops when a whole request
/// (head and body) has arrived. A client that has not delivered a whole request within
/// `timeout` is disconnected, however slowly it trickles bytes; NIO's idle timer alone
/// would be reset by every byte. Requests already received are always answered first
/// (pipelined requests keep the clock stopped until their responses are out).
///
/// Sits after the HTTP codec, in Hummingbird's `additionalChannelHandlers`.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let timeout: TimeAmount
    /// Requests received whole whose responses have not ended yet.
    private var pending = 0
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        if self.deadline == nil, self.pending == 0 { self.arm(context) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = self.unwrapInboundIn(data) {
            self.pending += 1
            self.disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = self.unwrapOutboundIn(data) {
            self.pending = max(0, self.pending - 1)
            if self.pending == 0 { self.arm(context) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        self.disarm()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: self.timeout) {
            loopBound.value.close(promise: nil)
        }
    }

    private func disarm() {
        self.deadline?.cancel()
        self.deadline = nil
    }
}
