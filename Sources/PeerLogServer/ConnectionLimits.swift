/// How long a connection may take and how many may be open, so that slow or idle clients cannot
/// hold the service: every connection either makes progress within these times or is closed.
///
/// - `headerTimeout`: from a connection's first byte of a request (or from the connection opening)
///   until the request head is complete.
/// - `bodyTimeout`: from the complete head until the whole body has arrived (a usage form is a
///   few hundred bytes; the cap is 8 KiB).
/// - `idleTimeout`: how long a kept-alive connection may wait for the next request to start.
/// - `maximumConnections`: open connections at once; past it new ones wait in the kernel's queue
///   until one closes (which the timeouts above guarantee happens).
public struct ConnectionLimits: Sendable, Hashable {
    public var headerTimeout: Duration
    public var bodyTimeout: Duration
    public var idleTimeout: Duration
    public var maximumConnections: Int

    public init(headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(10),
                idleTimeout: Duration = .seconds(30), maximumConnections: Int = 256) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = max(1, maximumConnections)
    }

    /// The limits `peerlog serve` runs with.
    public static let standard = ConnectionLimits()
}
