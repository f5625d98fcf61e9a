/// The role-check layer: one pure function from (role, request) to a decision. Every command goes
/// through it before touching data; its table is tested clause by clause.
public enum Policy {
    /// SOG 2-13 IV.C.1: supervisors asking about usage are referred to the Program Coordinator;
    /// advisors release no information to any member, whatever their rank.
    static let usageClause = "IV.C.1"

    public static func decide(_ role: Role, _ request: Request) -> Decision {
        switch request {
        case .listTypes, .listRoster, .verifyAudit:
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
        case .changeOwnPassphrase:
            return role == .advisor ? .allow : .deny(reason: "advisors change their own passphrase, with the current one")
        case .backup:
            return .allow
        case .readPublishedReport, .requestReport:
            return role == .coordinator || role == .commandStaff ? .allow : .refer(clause: usageClause)
        }
    }

    /// Decides, and turns anything but `allow` into the error the front end shows.
    /// - Throws: `Referral` (exit 3) or `PolicyDenial` (exit 77).
    public static func require(_ role: Role, _ request: Request, coordinatorName: String) throws {
        switch decide(role, request) {
        case .allow: return
        case let .refer(clause): throw Referral(coordinatorName: coordinatorName, clause: clause)
        case let .deny(reason): throw PolicyDenial(role: role, request: request, reason: reason)
        }
    }
}
