/// What an advisor fills in for one form (SOG 2-13 IV.D.2): the time of service and the types.
/// Used to file several forms at once with `PeerLogStore.file(batch:as:)`.
public struct FormEntry: Sendable, Hashable {
    public let time: ServiceTime
    public let incident: IncidentType
    public let intervention: InterventionKind

    public init(time: ServiceTime, incident: IncidentType, intervention: InterventionKind) {
        self.time = time
        self.incident = incident
        self.intervention = intervention
    }
}
