import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// The role × request matrix, written out by hand, named after the SOG 2-13 clause each row
/// enforces. A new request without a row here fails `everyPairHasAnExpectedDecision`.
@Suite("Role-check layer: every role × request pair, clause by clause")
struct PolicyTests {
    enum Expected: Equatable { case allow, refer, deny }

    /// (request, clause, [coordinator, deputy, advisor, command staff, anyone])
    static let matrix: [(Request, String, [Role: Expected])] = [
        (.listTypes, "IV.D.2 (the vocabulary is public)", [.coordinator: .allow, .deputy: .allow, .advisor: .allow, .commandStaff: .allow, .anyone: .allow]),
        (.listRoster, "IV.A.1 (vacancies and the team are announced)", [.coordinator: .allow, .deputy: .allow, .advisor: .allow, .commandStaff: .allow, .anyone: .allow]),
        (.fileForm, "IV.D.2 (advisors forward usage forms)", [.coordinator: .deny, .deputy: .deny, .advisor: .allow, .commandStaff: .deny, .anyone: .deny]),
        (.fileOnPaper, "IV.D.2 (advisors forward forms to the Coordinator, who enters them)", [.coordinator: .allow, .deputy: .allow, .advisor: .deny, .commandStaff: .deny, .anyone: .refer]),
        (.queryUsage, "IV.C.1 (supervisors are referred to the Coordinator)", [.coordinator: .allow, .deputy: .allow, .advisor: .refer, .commandStaff: .refer, .anyone: .refer]),
        (.coordinatorReport, "III, IV.C.1 (the Coordinator maintains records)", [.coordinator: .allow, .deputy: .allow, .advisor: .refer, .commandStaff: .refer, .anyone: .refer]),
        (.manageRoster, "III, IV.A.1 (the Coordinator selects advisors)", [.coordinator: .allow, .deputy: .allow, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.manageAccess, "III (the Coordinator cannot be compelled)", [.coordinator: .allow, .deputy: .allow, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.showAudit, "III (records kept by the Coordinator)", [.coordinator: .allow, .deputy: .allow, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.verifyAudit, "I (promote trust)", [.coordinator: .allow, .deputy: .allow, .advisor: .allow, .commandStaff: .allow, .anyone: .allow]),
        (.readPublishedReport, "I, IV.C.1 (anonymised aggregates only; a credential shows who is command staff)", [.coordinator: .allow, .deputy: .allow, .advisor: .refer, .commandStaff: .allow, .anyone: .deny]),
        (.requestReport, "IV.C.1 (requests go to the Coordinator, who publishes)", [.coordinator: .deny, .deputy: .deny, .advisor: .refer, .commandStaff: .allow, .anyone: .deny]),
        (.manageKeys, "III (the Coordinator maintains records; succession)", [.coordinator: .allow, .deputy: .deny, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.changeDeputyPassphrase, "III (a deputy's key is theirs alone)", [.coordinator: .deny, .deputy: .allow, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.appointCoordinators, "III (the Coordinator is appointed; the deputy acts for them)", [.coordinator: .allow, .deputy: .deny, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.changeOwnPassphrase, "IV.C.1 (an advisor's key is theirs alone)", [.coordinator: .deny, .deputy: .deny, .advisor: .allow, .commandStaff: .deny, .anyone: .deny]),
        (.backup, "III (records survive; a backup is ciphertext only)", [.coordinator: .allow, .deputy: .allow, .advisor: .allow, .commandStaff: .allow, .anyone: .allow]),
        (.restore, "III (the Coordinator maintains records)", [.coordinator: .allow, .deputy: .deny, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.verifyForms, "IV.D.2 (forms go to the Coordinator alone)", [.coordinator: .allow, .deputy: .allow, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.purge, "IV.C.2 (keep nothing longer than needed)", [.coordinator: .allow, .deputy: .allow, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.createProgram, "III (whoever sets a program up is its Coordinator)", [.coordinator: .allow, .deputy: .allow, .advisor: .allow, .commandStaff: .allow, .anyone: .allow]),
        (.changeSettings, "III (the Coordinator runs the program)", [.coordinator: .allow, .deputy: .allow, .advisor: .deny, .commandStaff: .deny, .anyone: .deny]),
        (.readSettings, "IV.C.2 (the retention period is no one's usage)", [.coordinator: .allow, .deputy: .allow, .advisor: .allow, .commandStaff: .allow, .anyone: .allow]),
        (.voidForm, "III, IV.C.1 (the Coordinator keeps and corrects the records; others asking are referred)", [.coordinator: .allow, .deputy: .allow, .advisor: .deny, .commandStaff: .deny, .anyone: .refer]),
        (.listForms, "III, IV.C.1 (the forms are the Coordinator's alone)", [.coordinator: .allow, .deputy: .allow, .advisor: .refer, .commandStaff: .refer, .anyone: .refer]),
        (.runIntake, "IV.D.2 (the intake holds no secret; each visitor meets the gate)", [.coordinator: .allow, .deputy: .allow, .advisor: .allow, .commandStaff: .allow, .anyone: .allow]),
    ]

    static func kind(_ decision: Decision) -> Expected {
        switch decision {
        case .allow: return .allow
        case .refer: return .refer
        case .deny: return .deny
        }
    }

    @Test func everyPairHasAnExpectedDecision() {
        #expect(Set(Self.matrix.map(\.0)) == Set(Request.allCases))
        #expect(Self.matrix.count == Request.allCases.count)
        for (_, _, row) in Self.matrix { #expect(Set(row.keys) == Set(Role.allCases)) }
    }

    @Test("decisions match SOG 2-13", arguments: PolicyTests.matrix.map { ($0.0, $0.1) })
    func decision(request: Request, clause: String) {
        let row = Self.matrix.first { $0.0 == request }!.2
        for role in Role.allCases {
            #expect(Self.kind(Policy.decide(role, request)) == row[role], "\(role) \(request) (\(clause))")
        }
    }

    @Test func referralsNameTheCoordinatorAndClauseIVC1() throws {
        for role in Role.allCases where role != .coordinator && role != .deputy {
            #expect(Policy.decide(role, .queryUsage) == .refer(clause: "IV.C.1"))
        }
        let referral = Referral(coordinatorName: "Capt. Dana Reyes", clause: "IV.C.1")
        #expect(referral.message.contains("Capt. Dana Reyes"))
        #expect(referral.message.contains("IV.C.1"))
        #expect(referral.exitStatus.rawValue == 3)
        let withDeputy = Referral(coordinatorName: "Capt. Dana Reyes", clause: "IV.C.1", deputyNames: ["Lt. Omar Haddad"])
        #expect(withDeputy.message.contains("go to the Program Coordinator, Capt. Dana Reyes (or the deputy coordinator, Lt. Omar Haddad)."))
    }

    @Test func nothingButTheCoordinatorOrTheDeputyReadsIndividualUsage() {
        for request in Request.allCases where [.queryUsage, .coordinatorReport, .showAudit].contains(request) {
            for role in Role.allCases where role != .coordinator && role != .deputy {
                #expect(Policy.decide(role, request) != .allow, "\(role) may \(request)")
            }
        }
    }
}
