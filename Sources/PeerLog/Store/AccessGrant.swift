/// A command-staff credential as listed: who holds it and whether it still works.
public struct AccessGrant: Sendable, Hashable {
    public let name: String
    public let role: Role
    public let grantedOn: CalendarDate
    public let revokedOn: CalendarDate?
    public var isActive: Bool { revokedOn == nil }
}

/// A freshly issued credential: shown once, stored only as a hash.
public struct IssuedCredential: Sendable {
    public let grant: AccessGrant
    /// The grouped form to hand to the holder (eight groups of four characters).
    public let printable: String
}
