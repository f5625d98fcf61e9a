import Foundation

/// Files PeerLog creates are private from the first byte: the process umask is set to 077 before
/// any database, backup or output file is created, rather than chmod-ing afterwards.
public enum FileCreation {
    private static let restricted: Void = { _ = umask(0o077) }()

    public static func restrictUmask() { _ = restricted }

    /// Writes `data` to a new or truncated file readable only by its owner.
    public static func writePrivateFile(_ data: Data, to path: String) throws {
        restrictUmask()
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                guard n > 0 else { throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
                offset += n
            }
        }
    }
}
