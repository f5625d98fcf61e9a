import Foundation
import HTTPTypes
import NIOCore
import PeerLog

/// The reverse proxies whose word about the client's address is believed.
///
/// The client address (for the wrong-passphrase limit) is the address of the TCP connection. Only
/// when that connection comes from one of these proxies are `X-Forwarded-For` and `X-Real-IP`
/// read; from anyone else they are ignored, since any client can send them and would otherwise
/// pick a fresh address for every guess.
public struct TrustedProxies: Sendable, Hashable {
    let addresses: Set<String>

    /// No proxy: the connection's address is always the client's.
    public static let none = TrustedProxies(normalised: [])

    /// - Parameter addresses: IPv4 or IPv6 addresses, such as `127.0.0.1` or `::1` (no names, no ranges).
    /// - Throws: `IntakeConfigurationError.notAnAddress` naming the first one that is not an address.
    public init(_ addresses: [String]) throws {
        var normalised: Set<String> = []
        for text in addresses {
            guard let address = Self.normalise(text) else { throw IntakeConfigurationError.notAnAddress(text) }
            normalised.insert(address)
        }
        self.init(normalised: normalised)
    }

    private init(normalised: Set<String>) {
        addresses = normalised
    }

    public var isEmpty: Bool { addresses.isEmpty }

    /// The client's address for a request that came over a connection from `peer`.
    ///
    /// From a trusted proxy, `X-Forwarded-For` is read from the right (the proxy appends the address
    /// it saw last): the first address that is not itself a trusted proxy is the client. Without
    /// that header, `X-Real-IP` (which the proxy must set, overwriting any a client sent). A value
    /// that is not an address ends the walk at the last trusted hop.
    func clientAddress(peer: String?, headers: HTTPFields) -> String {
        guard let peer, let direct = Self.normalise(peer) else { return "unknown" }
        guard addresses.contains(direct), let forwardedFor = Self.forwardedFor, let realIP = Self.realIP else { return direct }
        let hops = headers[values: forwardedFor].flatMap { $0.split(separator: ",") }
        if hops.isEmpty {
            return headers[realIP].flatMap { Self.normalise($0) } ?? direct
        }
        var client = direct
        for hop in hops.reversed() {
            guard let address = Self.normalise(String(hop)) else { return client }
            client = address
            if !addresses.contains(address) { return address }
        }
        return client
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")
    static let realIP = HTTPField.Name("X-Real-IP")

    /// The canonical text of an IP address (so `::0001` and `::1` are one key), or nil.
    static func normalise(_ text: String) -> String? {
        var trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
        if trimmed.hasPrefix("["), trimmed.hasSuffix("]") { trimmed = trimmed.dropFirst().dropLast() }
        guard !trimmed.isEmpty, trimmed.count <= 64, let socket = try? SocketAddress(ipAddress: String(trimmed), port: 0) else {
            return nil
        }
        return socket.ipAddress
    }
}

/// A setting of the intake service that cannot be used. Exit status 64 (usage).
public enum IntakeConfigurationError: PeerLogError, Equatable {
    case notAnAddress(String)

    public var description: String {
        switch self {
        case let .notAnAddress(text):
            return "'\(String(text.prefix(64)))' is not an IP address; a trusted proxy is named by its address, such as 127.0.0.1 or ::1"
        }
    }

    public var exitStatus: ExitStatus { .usage }
}
