import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Where a connection is in its request/response cycle, as told by `RequestProgressHandler` (which
/// sees HTTP messages) to `ConnectionDeadlineHandler` (which sees raw bytes), so one deadline at a
/// time can be kept for each phase.
enum RequestProgress {
    case headRead
    case requestRead
    case responseWritten
}

/// Closes a connection that does not make progress in time (`ConnectionLimits`): a request head
/// that takes longer than the header timeout, a body that takes longer than the body timeout, or a
/// kept-alive connection that stays silent past the idle timeout. Each is a total deadline for the
/// phase, not a gap between bytes, so trickling one byte at a time does not extend it.
///
/// It sits first in the pipeline, before the HTTP decoder, because the decoder says nothing until
/// a whole head has arrived: only raw bytes show that a request has started.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private enum Phase {
        /// Between requests on a kept-alive connection, nothing of the next one yet.
        case waiting
        /// Reading a request head.
        case head
        /// Reading a request body.
        case body
        /// The request is in; the service is answering it (its own work has its own limits).
        case handling
    }

    private let limits: ConnectionLimits
    private var phase = Phase.head
    private var heads = 0, requestsRead = 0, responsesWritten = 0
    private var timer: Scheduled<Void>?
    private var started = false

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .waiting {
            phase = .head
            arm(context, limits.headerTimeout)
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let progress = event as? RequestProgress else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch progress {
        case .headRead:
            heads += 1
            phase = .body
            arm(context, limits.bodyTimeout)
        case .requestRead:
            requestsRead += 1
            settle(context)
        case .responseWritten:
            responsesWritten += 1
            settle(context)
        }
        promise?.succeed(())
    }

    /// After a request was read or answered: wait for the next one once both are done, else the
    /// service is still answering (no deadline) or the body is still coming (its deadline stands).
    private func settle(_ context: ChannelHandlerContext) {
        guard requestsRead >= heads else { return }
        if responsesWritten >= heads {
            phase = .waiting
            arm(context, limits.idleTimeout)
        } else {
            phase = .handling
            cancel()
        }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        phase = .head
        arm(context, limits.headerTimeout)
    }

    private func arm(_ context: ChannelHandlerContext, _ timeout: Duration) {
        cancel()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
            bound.value.close(promise: nil)
        }
    }

    private func cancel() {
        timer?.cancel()
        timer = nil
    }
}

/// Tells `ConnectionDeadlineHandler` when a request head and a whole request have been read and
/// when a response has been written. Sits after the HTTP decoder; passes everything on unchanged.
final class RequestProgressHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: context.triggerUserOutboundEvent(RequestProgress.headRead, promise: nil)
        case .body: break
        case .end: context.triggerUserOutboundEvent(RequestProgress.requestRead, promise: nil)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let isEnd: Bool
        if case .end = unwrapOutboundIn(data) { isEnd = true } else { isEnd = false }
        context.write(data, promise: promise)
        if isEnd { context.triggerUserOutboundEvent(RequestProgress.responseWritten, promise: nil) }
    }
}

/// Hummingbird's HTTP/1.1 channel with the two handlers above around its HTTP decoder.
struct DeadlineHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let limits: ConnectionLimits

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ConnectionLimits) {
        inner = HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers: [RequestProgressHandler()]))
        self.limits = limits
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = self.limits
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ConnectionDeadlineHandler(limits: limits), position: .first)
        }.flatMap { self.inner.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
