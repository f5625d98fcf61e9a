/// The training every member of the Peer Support Team receives (SOG 2-13 IV.A.2).
public enum TrainingTopic: String, CaseIterable, Sendable, Hashable, Codable {
    case stressAwareness = "stress-awareness"
    case secondaryTrauma = "secondary-trauma"
    case referrals = "referrals"
    case crisisIntervention = "crisis-intervention"
    case deescalation = "de-escalation"

    public var code: String { rawValue }

    public var label: String {
        switch self {
        case .stressAwareness: return "Stress awareness"
        case .secondaryTrauma: return "Secondary trauma"
        case .referrals: return "Referrals"
        case .crisisIntervention: return "Crisis intervention"
        case .deescalation: return "De-escalation"
        }
    }

    /// - Throws: `InputError.unknownTrainingTopic`.
    public init(code: String) throws {
        guard let value = TrainingTopic(rawValue: code) else { throw InputError.unknownTrainingTopic(code) }
        self = value
    }
}
