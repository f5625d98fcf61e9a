import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a server on loopback, for tests that play a slow or silent client:
/// it sends exactly the bytes it is given and nothing more. Its calls block, so tests run them
/// through `RawConnection.offThePool`, on threads that are not Swift's cooperative pool (which
/// also serves the server under test).
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32

    enum Failure: Error { case socket, connect(Int32) }

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.socket }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw Failure.connect(code)
        }
    }

    deinit { Glibc.close(descriptor) }

    /// Sends `text`; false once the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Whether the server has closed the connection, waiting up to `milliseconds` for it. Anything
    /// the server sent before closing is read and dropped.
    func closedByServer(waiting milliseconds: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, milliseconds)) * 1_000_000
        while true {
            let left = Int64(deadline) - Int64(DispatchTime.now().uptimeNanoseconds)
            let ready = poll(&poller, 1, Int32(max(0, left / 1_000_000)))
            if ready <= 0 { return false }
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count == 0 { return true }
            if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
        }
    }

    /// Runs blocking `work` on a thread of its own.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}
