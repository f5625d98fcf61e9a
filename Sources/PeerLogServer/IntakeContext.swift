import HTTPTypes
import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the client's address (for rate limits).
struct IntakeContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Request bodies over this are refused: a usage form is a few hundred bytes.
    var maxUploadSize: Int { IntakeServer.maximumBody }

    /// The client for rate limiting. Behind a reverse proxy on this machine every connection comes
    /// from loopback, so the proxy's `X-Real-IP` is used then (and only then: a remote client
    /// cannot choose its own key by sending the header).
    func clientKey(_ request: Request) -> String {
        let direct = remoteAddress?.ipAddress ?? "unknown"
        if direct == "127.0.0.1" || direct == "::1", let real = request.headers[HTTPField.Name("X-Real-IP")!], !real.isEmpty {
            return "client:" + real.prefix(64)
        }
        return "client:" + direct
    }
}
