extension PeerLogStore {
    /// The gate every front end passes before touching data: asks `Policy.decide` for the role the
    /// actor has proven, records referrals and denials (by role only, never the subject), and
    /// throws anything but `allow`.
    /// - Throws: `Referral` (exit 3) or `PolicyDenial` (exit 77).
    public func authorize(_ actor: Actor, _ request: Request) throws {
        let role = actor.role
        switch Policy.decide(role, request) {
        case .allow:
            return
        case let .refer(clause):
            try recordReferral(actor, request: request)
            throw Referral(coordinatorName: try programInfo().coordinatorName, clause: clause)
        case let .deny(reason):
            try record(actor, action: request.rawValue, outcome: "denied")
            throw PolicyDenial(role: role, request: request, reason: reason)
        }
    }
}
