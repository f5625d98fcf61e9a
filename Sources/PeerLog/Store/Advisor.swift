/// One advisor on the roster as anyone may see it: name, status, dates, training.
/// Never which forms they filed.
public struct Advisor: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable { case active, retired }

    public struct Training: Sendable, Hashable, Comparable {
        public let topic: TrainingTopic
        public let on: CalendarDate
        public static func < (a: Training, b: Training) -> Bool { (a.on, a.topic.rawValue) < (b.on, b.topic.rawValue) }
    }

    public let id: Identifier
    public let name: String
    public let status: Status
    public let enrolledOn: CalendarDate
    public let retiredOn: CalendarDate?
    public let training: [Training]
    /// The Ed25519 key forms by this advisor must verify under.
    public let signingPublicKey: [UInt8]

    /// IV.A.2 topics this advisor has no training record for.
    public var missingTraining: [TrainingTopic] {
        TrainingTopic.allCases.filter { topic in !training.contains { $0.topic == topic } }
    }
}

/// An advisor whose signing key is unlocked: the only thing that can file a form as them.
public struct AdvisorCredential: Sendable {
    public let advisorID: Identifier
    public let name: String
    let programID: Identifier
    let signingKey: SigningKey
    /// The wrapped seed as stored when this credential was unlocked: a passphrase change commits
    /// only if it is still the one stored.
    let wrapSeen: [UInt8]
    /// The program root this advisor's wrapped key is bound to (its public key was in the
    /// associated data the unlock verified), or nil before the program has a root.
    let boundRoot: [UInt8]?
    /// True when this unlock bound a key wrapped before the program root existed to the root now
    /// pinned (first unlock after an upgrade): the advisor should compare `rootFingerprint`.
    public let justBound: Bool

    /// The fingerprint of the root this advisor is bound to, for comparing with the coordinator's.
    public var rootFingerprint: String? { boundRoot.map(ProgramRoot.fingerprint) }
}
