/// Who is acting, with the proof that establishes it. The cases that carry a proof can only be
/// made from what the unlocking code returns (`ProgramKeyring`, `AdvisorCredential` and
/// `CommandStaffSession` have no public initialisers), so a caller cannot claim a role it has not
/// proven. Everyone else is `anyone`.
public enum Actor: Sendable {
    /// Unlocked the program keys: the coordinator (passphrase or recovery code) or a deputy
    /// coordinator (their own key); the keyring says which (`ProgramKeyring.holder`).
    case coordinator(ProgramKeyring)
    /// Unlocked their own signing key with their passphrase.
    case advisor(AdvisorCredential)
    /// Presented a credential the coordinator issued.
    case commandStaff(CommandStaffSession)
    /// No secret at all: a supervisor, another member, a stranger with the file.
    case anyone

    public var role: Role {
        switch self {
        case let .coordinator(keyring): return keyring.role
        case .advisor: return .advisor
        case .commandStaff: return .commandStaff
        case .anyone: return .anyone
        }
    }
}
