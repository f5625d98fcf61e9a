/// A file PeerLog was asked to write could not be written safely. Exit status 74.
public enum FileWriteError: PeerLogError, Equatable {
    /// A symbolic link is at the name: PeerLog does not write through links.
    case symbolicLink(path: String)
    /// A directory, device or pipe is at the name.
    case notARegularFile(path: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .symbolicLink(path):
            return "\(path) is a symbolic link; PeerLog does not write through links, so nothing was written"
        case let .notARegularFile(path):
            return "\(path) is not a regular file (a directory or a device); nothing was written"
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .symbolicLink, .notARegularFile:
            return "give the path of a file in a directory of your own (the file itself is replaced, created readable by you only)"
        case .cannotWrite:
            return "check that the directory exists and that you may write in it"
        }
    }

    public var exitStatus: ExitStatus { .ioError }
}
