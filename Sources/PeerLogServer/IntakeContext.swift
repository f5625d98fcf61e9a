import HTTPTypes
import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the address of the TCP connection (for
/// the rate limit; `TrustedProxies` decides whether a proxy's headers replace it).
struct IntakeContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Request bodies over this are refused: a usage form is a few hundred bytes.
    var maxUploadSize: Int { IntakeServer.maximumBody }
}
