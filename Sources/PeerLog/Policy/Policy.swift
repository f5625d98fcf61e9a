/// The role-check layer: one pure function from (role, request) to a decision. Every command goes
/// through it before touching data; its table is tested clause by clause.
public enum Policy {
    /// SOG 2-13 IV.C.1: supervisors asking about usage are referred to the Program Coordinator;
    /// advisors release no information to any member, whatever their rank.
    static let usageClause = "IV.C.1"

    public static func decide(_ role: Role, _ request: Request) -> Decision {
        // The deputy coordinator acts for the coordinator (who is away, ill, or busy), except in
        // what decides who holds the program: keys, the recovery code, restores and deputies.
        let holdsKeys = role == .coordinator || role == .deputy
        switch request {
        case .listTypes, .listRoster, .verifyAudit, .createProgram, .readSettings, .runIntake:
            return .allow
        case .fileForm:
            return role == .advisor ? .allow
                : .deny(reason: "only an advisor files usage forms, as themselves, with their own passphrase")
        case .fileOnPaper:
            // SOG 2-13 IV.D.2: advisors forward their forms to the coordinator, who enters them.
            switch role {
            case .coordinator, .deputy: return .allow
            case .advisor:
                return .deny(reason: "an advisor files their own forms, as themselves ('peerlog file'); a paper form goes to the Program Coordinator, who enters it")
            case .commandStaff:
                return .deny(reason: "only the Program Coordinator (or a deputy) enters paper usage forms, which advisors forward to them (SOG 2-13 IV.D.2)")
            case .anyone: return .refer(clause: usageClause)
            }
        case .queryUsage, .coordinatorReport, .listForms:
            return holdsKeys ? .allow : .refer(clause: usageClause)
        case .voidForm:
            // Correcting the records is the coordinator's (SOG 2-13 III); an advisor who filed a
            // form wrong asks them. Anyone else asking about forms is referred, as for usage.
            switch role {
            case .coordinator, .deputy: return .allow
            case .advisor, .commandStaff:
                return .deny(reason: "only the Program Coordinator voids a form (SOG 2-13 III); an advisor who filed one wrong asks the coordinator to void it and files it again")
            case .anyone: return .refer(clause: usageClause)
            }
        case .manageRoster:
            return holdsKeys ? .allow
                : .deny(reason: "only the Program Coordinator selects and manages advisors (SOG 2-13 III, IV.A.1)")
        case .manageAccess:
            return holdsKeys ? .allow : .deny(reason: "only the Program Coordinator issues or revokes access")
        case .showAudit:
            return holdsKeys ? .allow
                : .deny(reason: "only the Program Coordinator reads the audit trail; anyone may verify it with 'peerlog audit verify'")
        case .verifyForms, .purge:
            return holdsKeys ? .allow : .deny(reason: "only the Program Coordinator manages keys and records (SOG 2-13 III)")
        case .manageKeys, .restore:
            switch role {
            case .coordinator: return .allow
            case .deputy: return .deny(reason: deputyLimit)
            default: return .deny(reason: "only the Program Coordinator manages keys and records (SOG 2-13 III)")
            }
        case .appointCoordinators:
            switch role {
            case .coordinator: return .allow
            case .deputy: return .deny(reason: deputyLimit)
            default: return .deny(reason: "only the Program Coordinator appoints a deputy or renames the coordinator (SOG 2-13 III)")
            }
        case .changeSettings:
            return holdsKeys ? .allow : .deny(reason: "only the Program Coordinator changes the program's settings (SOG 2-13 III)")
        case .changeOwnPassphrase:
            return role == .advisor ? .allow : .deny(reason: "advisors change their own passphrase, with the current one")
        case .changeDeputyPassphrase:
            return role == .deputy ? .allow : .deny(reason: "a deputy coordinator changes their own passphrase, with the current one (--deputy NAME)")
        case .backup:
            return .allow
        case .readPublishedReport:
            switch role {
            case .coordinator, .deputy, .commandStaff: return .allow
            case .advisor: return .refer(clause: usageClause)
            case .anyone: return .deny(reason: credentialNeeded)
            }
        case .requestReport:
            switch role {
            case .commandStaff: return .allow
            case .coordinator, .deputy:
                return .deny(reason: "the Program Coordinator publishes a report directly ('peerlog report publish'); requests come from command staff")
            case .advisor: return .refer(clause: usageClause)
            case .anyone: return .deny(reason: credentialNeeded)
            }
        }
    }

    /// What a deputy may not do: change the keys, the recovery code or the database as a whole,
    /// or who coordinates.
    static let deputyLimit = "a deputy coordinator acts for the Program Coordinator but does not change the program's keys, recovery code, deputies or coordinator, and does not restore backups"

    /// Command staff who forgot their credential are told so, not referred: the published report
    /// is theirs to read once they show it.
    static let credentialNeeded = "this needs your command-staff credential, which the Program Coordinator issues"
}
