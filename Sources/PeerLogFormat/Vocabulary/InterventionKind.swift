/// The kinds of intervention an advisor records (SOG 2-13 III, IV.B; referrals per the
/// department's relationships with professional and social services; support to other agencies on
/// request). Codes are stable and never removed.
public enum InterventionKind: String, CaseIterable, Sendable, Hashable, Codable {
    case oneOnOne = "one-on-one"
    case referral = "referral"
    case secondaryTrauma = "secondary-trauma"
    case groupSupport = "group-support"
    case followUp = "follow-up"
    case mutualAid = "mutual-aid"
    case supervisorActivation = "supervisor-activation"

    public var code: String { rawValue }

    public var label: String {
        switch self {
        case .oneOnOne: return "One-on-one support"
        case .referral: return "Referral to a professional or social service"
        case .secondaryTrauma: return "Secondary trauma support"
        case .groupSupport: return "Group support after a critical incident"
        case .followUp: return "Follow-up"
        case .mutualAid: return "Support to another agency on request (mutual aid)"
        case .supervisorActivation: return "Activation requested through the Coordinator by a supervisor"
        }
    }

    /// A label short enough for a table column.
    public var shortLabel: String {
        switch self {
        case .oneOnOne: return "One-on-one"
        case .referral: return "Referral"
        case .secondaryTrauma: return "Secondary trauma"
        case .groupSupport: return "Group support"
        case .followUp: return "Follow-up"
        case .mutualAid: return "Other agency (mutual aid)"
        case .supervisorActivation: return "Supervisor activation"
        }
    }

    public var clause: String {
        switch self {
        case .oneOnOne: return "III, IV.B.1"
        case .referral: return "III, IV.B.1"
        case .secondaryTrauma: return "III"
        case .groupSupport: return "III (critical incident)"
        case .followUp: return "IV.B.1"
        case .mutualAid: return "III (advisor), V"
        case .supervisorActivation: return "IV.B.2"
        }
    }

    /// - Throws: `InputError.unknownIntervention`.
    public init(code: String) throws {
        guard let value = InterventionKind(rawValue: code) else { throw InputError.unknownIntervention(code) }
        self = value
    }
}
