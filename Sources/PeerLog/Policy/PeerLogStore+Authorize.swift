extension PeerLogStore {
    /// The gate every front end passes before touching data: asks `Policy.decide`, records
    /// referrals and denials in the audit trail (by role only, never the subject), and throws
    /// anything but `allow`.
    /// - Throws: `Referral` (exit 3) or `PolicyDenial` (exit 77).
    public func authorize(_ role: Role, _ request: Request) throws {
        let decision = Policy.decide(role, request)
        switch decision {
        case .allow:
            return
        case let .refer(clause):
            try recordReferral(role: role, request: request)
            throw Referral(coordinatorName: try programInfo().coordinatorName, clause: clause)
        case let .deny(reason):
            try audit(role: role, action: request.rawValue, outcome: "denied")
            throw PolicyDenial(role: role, request: request, reason: reason)
        }
    }
}
