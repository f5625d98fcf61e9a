import Foundation

/// Reads a whole file that holds confidential text (a batch of paper forms), the way secret
/// files are read: never through a symbolic link (`O_NOFOLLOW`, so a link planted at the name
/// cannot point PeerLog at another file), only a regular file, only up to a limit, and with a
/// warning when others may read it.
public enum PrivateFileReading {
    /// Why the file could not be read. Never quotes the content.
    public enum Failure: PeerLogError, Equatable {
        case symbolicLink(path: String)
        case notARegularFile(path: String)
        case tooLarge(path: String, limit: Int)
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case let .symbolicLink(path): return "\(path) is a symbolic link; PeerLog reads this file only under its own name"
            case let .notARegularFile(path): return "\(path) is not a regular file"
            case let .tooLarge(path, limit): return "\(path) is larger than \(limit / 1024) KiB"
            case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
            }
        }
        public var hint: String? {
            switch self {
            case .symbolicLink: return "give the path of the file itself"
            case .tooLarge: return "split it into several files"
            case .notARegularFile, .unreadable: return nil
            }
        }
        public var exitStatus: ExitStatus {
            switch self {
            case .tooLarge: return .invalidData
            case .symbolicLink, .notARegularFile, .unreadable: return .ioError
            }
        }
    }

    /// The whole content of `path`.
    /// - Parameter warn: receives a warning when the file is readable by group or others.
    /// - Throws: `Failure`.
    public static func contents(of path: String, limit: Int, warn: (String) -> Void) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ELOOP { throw Failure.symbolicLink(path: path) }
            throw Failure.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure.unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure.notARegularFile(path: path) }
        if info.st_mode & 0o077 != 0 {
            warn("\(path) is readable by others; restrict it with 'chmod 600 \(path)', and destroy it once the forms are filed")
        }
        guard info.st_size <= limit else { throw Failure.tooLarge(path: path, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var length = 0
        try bytes.withUnsafeMutableBytes { raw in
            while length <= limit {
                let n = read(fd, raw.baseAddress! + length, limit + 1 - length)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure.unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                if n == 0 { break }
                length += n
            }
        }
        guard length <= limit else { throw Failure.tooLarge(path: path, limit: limit) }
        return Array(bytes[0..<length])
    }
}
