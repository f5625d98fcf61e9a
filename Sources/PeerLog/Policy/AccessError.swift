/// Refusals: the credential presented does not permit the action. Exit status 77.
public enum AccessError: PeerLogError, Equatable {
    case wrongCoordinatorPassphrase
    case wrongRecoveryCode
    case wrongAdvisorPassphrase(advisor: String)
    case retiredAdvisor(String)
    case badCredential

    public var description: String {
        switch self {
        case .wrongCoordinatorPassphrase: return "the coordinator passphrase is not correct; nothing was changed"
        case .wrongRecoveryCode: return "the recovery code is not the one for this program; nothing was changed"
        case let .wrongAdvisorPassphrase(name): return "the passphrase for advisor '\(name)' is not correct; nothing was filed"
        case let .retiredAdvisor(name): return "advisor '\(name)' is retired and can no longer file forms"
        case .badCredential: return "that credential was not issued by this program or has been revoked"
        }
    }

    public var hint: String? {
        switch self {
        case .retiredAdvisor: return "ask the Program Coordinator if this is a mistake"
        case .wrongAdvisorPassphrase: return "if the passphrase is lost, ask the Program Coordinator to retire this roster entry and enrol you under a new one; if you are sure it is right, tell the coordinator: the database may have been changed behind PeerLog's back"
        default: return nil
        }
    }

    public var exitStatus: ExitStatus { .notPermitted }
}
