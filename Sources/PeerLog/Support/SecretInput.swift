import Foundation

/// Where passphrases come from: a file the person names, or the terminal with echo off. Never
/// argv, never the environment. Bytes go straight from the kernel into guarded memory.
public enum SecretInput {
    /// Longest secret accepted from a file or a prompt.
    static let limit = 4096

    public enum Failure: PeerLogError, Equatable {
        case noTerminal(option: String)
        case unreadable(path: String, reason: String)
        case empty(what: String)
        case mismatch

        public var description: String {
            switch self {
            case .noTerminal: return "a passphrase is needed and there is no terminal to ask on"
            case let .unreadable(path, reason): return "cannot read the secret file \(path): \(reason)"
            case let .empty(what): return "the \(what) is empty"
            case .mismatch: return "the two passphrases typed do not match; nothing was changed"
            }
        }
        public var hint: String? {
            switch self {
            case let .noTerminal(option): return "give it with \(option) PATH (first line of the file)"
            default: return nil
            }
        }
        public var exitStatus: ExitStatus {
            switch self {
            case .noTerminal: return .usage
            case .unreadable: return .ioError
            case .empty, .mismatch: return .invalidData
            }
        }
    }

    /// Reads the first line of `path`.
    /// - Parameter warn: receives a warning when the file is readable by group or others.
    public static func fromFile(_ path: String, what: String, warn: (String) -> Void) throws -> SecretBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR {
                throw Failure.unreadable(path: path, reason: "it is a directory")
            }
            if info.st_mode & 0o077 != 0 {
                warn("\(path) is readable by others; restrict it with 'chmod 600 \(path)'")
            }
        }
        let buffer = try SecretBytes(count: limit)
        var length = 0
        try buffer.withUnsafeMutableBytes { raw in
            while length < limit {
                let n = read(fd, raw.baseAddress! + length, limit - length)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure.unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                if n == 0 { break }
                length += n
                if raw[0..<length].contains(0x0A) { break }
            }
        }
        return try firstLine(of: buffer, length: length, what: what)
    }

    /// Whether a controlling terminal is there to ask on.
    public static var hasTerminal: Bool {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// Prompts on the controlling terminal without echo. With `confirm`, asks twice.
    /// - Throws: `Failure.noTerminal(option:)` when there is no terminal (scripts, CI).
    public static func prompt(_ text: String, confirm: Bool, fileOption: String, what: String) throws -> SecretBytes {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw Failure.noTerminal(option: fileOption) }
        defer { close(fd) }
        let first = try readHidden(fd: fd, prompt: text, what: what)
        if confirm {
            let second = try readHidden(fd: fd, prompt: "Again, to confirm: ", what: what)
            guard first.constantTimeEquals(second) else { throw Failure.mismatch }
        }
        return first
    }

    /// Asks on the terminal for a secret the person may not have: an empty answer (Enter), or no
    /// terminal at all, is `nil`. For commands anyone may run that the coordinator can take further.
    public static func promptOptional(_ text: String, what: String) throws -> SecretBytes? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        do {
            return try readHidden(fd: fd, prompt: text, what: what)
        } catch Failure.empty {
            return nil
        }
    }

    private static func readHidden(fd: Int32, prompt: String, what: String) throws -> SecretBytes {
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var saved = termios()
        let isTerminal = tcgetattr(fd, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ECHONL)
            _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer { if isTerminal { _ = tcsetattr(fd, TCSAFLUSH, &saved) } }
        let buffer = try SecretBytes(count: limit)
        var length = 0
        buffer.withUnsafeMutableBytes { raw in
            var byte: UInt8 = 0
            while length < limit {
                let n = read(fd, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 || byte == 0x0A { break }
                raw[length] = byte
                length += 1
            }
            byte = 0
        }
        return try firstLine(of: buffer, length: length, what: what)
    }

    private static func firstLine(of buffer: SecretBytes, length: Int, what: String) throws -> SecretBytes {
        var end = 0
        buffer.withUnsafeBytes { raw in
            while end < length, raw[end] != 0x0A { end += 1 }
            if end > 0, raw[end - 1] == 0x0D { end -= 1 }
        }
        guard end > 0 else { throw Failure.empty(what: what) }
        let line = try SecretBytes(count: end)
        line.withUnsafeMutableBytes { out in
            buffer.withUnsafeBytes { raw in out.baseAddress!.copyMemory(from: raw.baseAddress!, byteCount: end) }
        }
        return line
    }
}
