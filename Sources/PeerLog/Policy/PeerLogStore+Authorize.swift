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
            throw Referral(coordinatorName: try programInfo().coordinatorName, clause: clause, deputyNames: try deputies().map(\.name))
        case let .deny(reason):
            try record(actor, action: request.rawValue, outcome: "denied")
            throw PolicyDenial(role: role, request: request, reason: reason)
        }
    }

    /// The same gate for the few requests made before there is a program to record in (setting
    /// one up, listing the vocabulary). The policy allows them to everyone; should that change,
    /// the request is refused here rather than silently let through.
    /// - Throws: `PolicyDenial` (exit 77).
    public static func authorizeWithoutProgram(_ actor: Actor, _ request: Request) throws {
        switch Policy.decide(actor.role, request) {
        case .allow:
            return
        case .refer:
            throw PolicyDenial(role: actor.role, request: request,
                               reason: "this is answered only by the Program Coordinator of an existing program")
        case let .deny(reason):
            throw PolicyDenial(role: actor.role, request: request, reason: reason)
        }
    }
}
