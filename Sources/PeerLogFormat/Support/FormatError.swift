/// Bytes that should be in one of PeerLog's formats but are not (a stored report body that does
/// not decode, say). Exit status 65.
public enum FormatError: PeerLogError, Equatable {
    case unreadable(String)

    public var description: String {
        switch self { case let .unreadable(what): return what }
    }

    public var exitStatus: ExitStatus { .invalidData }
}
