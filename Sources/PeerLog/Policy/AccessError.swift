/// Refusals: the credential presented does not permit the action. Exit status 77.
public enum AccessError: PeerLogError, Equatable {
    case wrongCoordinatorPassphrase
    case wrongRecoveryCode
    case wrongAdvisorPassphrase(advisor: String)
    case wrongDeputyPassphrase(deputy: String)
    case retiredAdvisor(String)
    case badCredential

    public var description: String {
        switch self {
        case .wrongCoordinatorPassphrase: return "the coordinator passphrase is not correct; nothing was changed"
        case .wrongRecoveryCode: return "the recovery code is not the one for this program; nothing was changed"
        case let .wrongAdvisorPassphrase(name): return "the passphrase for advisor '\(name)' is not correct; nothing was filed"
        case let .wrongDeputyPassphrase(name): return "the passphrase for deputy coordinator '\(name)' is not correct; nothing was changed"
        case let .retiredAdvisor(name): return "advisor '\(name)' is retired and can no longer file forms"
        case .badCredential: return "that credential was not issued by this program or has been revoked"
        }
    }

    public var hint: String? {
        switch self {
        case .retiredAdvisor: return "forms you filed before stay valid; if you still serve, ask the Program Coordinator to enrol you again"
        case .wrongDeputyPassphrase: return "check Caps Lock and try again; if it is lost, the Program Coordinator removes you as deputy and appoints you again"
        case .wrongAdvisorPassphrase: return "check Caps Lock and try again; if it is lost, the Program Coordinator retires this roster entry and enrols you again; if you are sure it is right, tell the coordinator: the file may have been changed behind PeerLog's back"
        default: return nil
        }
    }

    public var exitStatus: ExitStatus { .notPermitted }

    /// A secret typed wrong, which a person at a terminal may try again.
    public var isWrongSecret: Bool {
        switch self {
        case .wrongCoordinatorPassphrase, .wrongRecoveryCode, .wrongAdvisorPassphrase, .wrongDeputyPassphrase: return true
        case .retiredAdvisor, .badCredential: return false
        }
    }
}
