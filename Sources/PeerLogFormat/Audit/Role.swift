/// Who is acting, as established by a credential — never by a flag the caller sets.
///
/// - coordinator: unwrapped the program key (passphrase or recovery code).
/// - deputy: a deputy coordinator, who unwrapped their own key and with it the program keys.
/// - advisor: unwrapped their own signing key with their passphrase.
/// - commandStaff: presented a credential the coordinator issued.
/// - anyone: no credential (a supervisor, another member, a stranger with the file).
public enum Role: String, CaseIterable, Sendable, Hashable {
    case coordinator
    case advisor
    case commandStaff = "command-staff"
    case anyone
    /// Added with schema 007; last so that the order of the earlier codes never changes.
    case deputy

    /// How the role is named to people and in the audit trail.
    public var label: String {
        switch self {
        case .coordinator: return "Program Coordinator"
        case .deputy: return "deputy coordinator"
        case .advisor: return "advisor"
        case .commandStaff: return "command staff"
        case .anyone: return "supervisor or other member"
        }
    }
}
