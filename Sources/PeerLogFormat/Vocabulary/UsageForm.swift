/// A Peer Support Team usage form: exactly the three things SOG 2-13 IV.D.2 allows — who served
/// (the advisor), when (date and time of service), and the type of incident/intervention — plus a
/// random id. There is no field for the person supported and none for free text, by construction.
/// `origin` says whether the advisor filed it or the coordinator entered it from paper.
public struct UsageForm: Sendable, Hashable {
    public let id: Identifier
    public let advisorID: Identifier
    public let serviceTime: ServiceTime
    public let incident: IncidentType
    public let intervention: InterventionKind
    /// Who entered it, and so whose key signed it (`.advisor` for every form before version 3).
    public let origin: FormOrigin

    public init(id: Identifier = .random(), advisorID: Identifier, serviceTime: ServiceTime,
                incident: IncidentType, intervention: InterventionKind, origin: FormOrigin = .advisor) {
        self.id = id
        self.advisorID = advisorID
        self.serviceTime = serviceTime
        self.incident = incident
        self.intervention = intervention
        self.origin = origin
    }
}
