/// The role-check layer: one pure function from (role, request) to a decision. Every command goes
/// through it before touching data; its table is tested clause by clause.
public enum Policy {
    /// SOG 2-13 IV.C.1: supervisors asking about usage are referred to the Program Coordinator;
    /// advisors release no information to any member, whatever their rank.
    static let usageClause = "IV.C.1"

    public static func decide(_ role: Role, _ request: Request) -> Decision {
        switch request {
        case .listTypes, .listRoster, .verifyAudit, .createProgram, .readSettings, .runIntake:
            return .allow
        case .fileForm:
            return role == .advisor ? .allow
                : .deny(reason: "only an advisor files usage forms, as themselves, with their own passphrase")
        case .queryUsage, .coordinatorReport:
            return role == .coordinator ? .allow : .refer(clause: usageClause)
        case .manageRoster:
            return role == .coordinator ? .allow
                : .deny(reason: "only the Program Coordinator selects and manages advisors (SOG 2-13 III, IV.A.1)")
        case .manageAccess:
            return role == .coordinator ? .allow : .deny(reason: "only the Program Coordinator issues or revokes access")
        case .showAudit:
            return role == .coordinator ? .allow
                : .deny(reason: "only the Program Coordinator reads the audit trail; anyone may verify it with 'peerlog audit verify'")
        case .manageKeys, .restore, .verifyForms, .purge:
            return role == .coordinator ? .allow : .deny(reason: "only the Program Coordinator manages keys and records (SOG 2-13 III)")
        case .changeSettings:
            return role == .coordinator ? .allow : .deny(reason: "only the Program Coordinator changes the program's settings (SOG 2-13 III)")
        case .changeOwnPassphrase:
            return role == .advisor ? .allow : .deny(reason: "advisors change their own passphrase, with the current one")
        case .backup:
            return .allow
        case .readPublishedReport:
            switch role {
            case .coordinator, .commandStaff: return .allow
            case .advisor: return .refer(clause: usageClause)
            case .anyone: return .deny(reason: credentialNeeded)
            }
        case .requestReport:
            switch role {
            case .commandStaff: return .allow
            case .coordinator: return .deny(reason: "the Program Coordinator publishes a report directly ('peerlog report publish'); requests come from command staff")
            case .advisor: return .refer(clause: usageClause)
            case .anyone: return .deny(reason: credentialNeeded)
            }
        }
    }

    /// Command staff who forgot their credential are told so, not referred: the published report
    /// is theirs to read once they show it.
    static let credentialNeeded = "this needs your command-staff credential, which the Program Coordinator issues"
}
