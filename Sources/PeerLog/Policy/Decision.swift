/// What the role-check layer answers.
public enum Decision: Sendable, Hashable {
    case allow
    /// Not an error: the person is told where such requests go (SOG 2-13 IV.C.1, III).
    case refer(clause: String)
    /// Not permitted, with the reason in plain words.
    case deny(reason: String)

    public var outcome: String {
        switch self {
        case .allow: return "allowed"
        case .refer: return "referred"
        case .deny: return "denied"
        }
    }
}

/// A referral to the Program Coordinator, as shown to the person who asked.
public struct Referral: PeerLogError, Equatable {
    public let coordinatorName: String
    public let clause: String
    /// Deputy coordinators, who answer while the coordinator is away.
    public let deputyNames: [String]

    public init(coordinatorName: String, clause: String, deputyNames: [String] = []) {
        self.coordinatorName = coordinatorName
        self.clause = clause
        self.deputyNames = deputyNames
    }

    private var deputies: String {
        switch deputyNames.count {
        case 0: return ""
        case 1: return " (or the deputy coordinator, \(deputyNames[0]))"
        default: return " (or a deputy coordinator: \(deputyNames.dropLast().joined(separator: ", ")) or \(deputyNames.last ?? ""))"
        }
    }

    /// Referrals are answers: the CLI prints this on stdout.
    public var message: String {
        """
        Requests for information about peer support usage go to the Program Coordinator, \(coordinatorName)\(deputies).
        PeerLog does not release usage information to anyone else, regardless of rank (SOG 2-13 \(clause)).
        Please contact the Program Coordinator directly.
        """
    }

    public var description: String { "referred to the Program Coordinator, \(coordinatorName) (SOG 2-13 \(clause))" }
    public var exitStatus: ExitStatus { .referred }
}

/// A refusal by the role-check layer.
public struct PolicyDenial: PeerLogError, Equatable {
    public let role: Role
    public let request: Request
    public let reason: String
    public var description: String { reason }
    public var exitStatus: ExitStatus { .notPermitted }

    /// What to do next, where the refusal is usually a forgotten option rather than a wrong person.
    public var hint: String? {
        switch (role, request) {
        case (.anyone, .readPublishedReport), (.anyone, .requestReport):
            return "give the file holding it: --credential-file PATH"
        case (.anyone, .fileForm), (.coordinator, .fileForm):
            return "an advisor names themselves with --advisor NAME (or advisor=NAME on standard input) and gives their own passphrase"
        case (.advisor, .fileOnPaper):
            return "leave out --on-behalf-of and --batch to file your own form; hand a paper form to the Program Coordinator"
        case (.anyone, .changeOwnPassphrase), (.coordinator, .changeOwnPassphrase):
            return "name yourself: 'peerlog advisor passphrase NAME' or --advisor NAME"
        default:
            return nil
        }
    }
}
