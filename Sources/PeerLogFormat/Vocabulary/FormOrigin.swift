/// Who put a usage form into PeerLog: the advisor, with their own key, or the Program Coordinator
/// (or a deputy) entering a paper form the advisor handed in (SOG 2-13 IV.D.2: advisors forward
/// forms to the coordinator). It is the "entry" byte of a version-3 body, inside what is signed
/// and sealed, and it decides which key must have signed: the advisor's, or the program root. So
/// nobody who can write the file can pass an advisor's form off as a paper one, or the reverse:
/// flipping the byte breaks the signature, and re-signing needs the other key.
public enum FormOrigin: UInt8, CaseIterable, Sendable, Hashable {
    /// Filed by the advisor, signed by the advisor's key (every form before version 3).
    case advisor = 0x00
    /// Entered from paper by the coordinator or a deputy, signed by the program root.
    case paper = 0x01

    /// The word the coordinator report and `--dry-run` use.
    public var code: String {
        switch self {
        case .advisor: return "advisor"
        case .paper: return "paper"
        }
    }
}
