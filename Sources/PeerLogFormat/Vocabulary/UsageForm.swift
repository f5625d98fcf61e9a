/// A Peer Support Team usage form: exactly the three things SOG 2-13 IV.D.2 allows — who served
/// (the advisor), when (date and time of service), and the type of incident/intervention — plus a
/// random id. There is no field for the person supported and none for free text, by construction.
public struct UsageForm: Sendable, Hashable {
    public let id: Identifier
    public let advisorID: Identifier
    public let serviceTime: ServiceTime
    public let incident: IncidentType
    public let intervention: InterventionKind

    public init(id: Identifier = .random(), advisorID: Identifier, serviceTime: ServiceTime,
                incident: IncidentType, intervention: InterventionKind) {
        self.id = id
        self.advisorID = advisorID
        self.serviceTime = serviceTime
        self.incident = incident
        self.intervention = intervention
    }
}
