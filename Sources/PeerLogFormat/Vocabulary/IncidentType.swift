/// The incident categories of SOG 2-13 III (personal or professional crisis, traumatic event,
/// critical incident). Codes are stable and stored inside sealed forms; a code may be retired
/// from new filings but is never removed, so old forms always decode.
public enum IncidentType: String, CaseIterable, Sendable, Hashable, Codable {
    case deadlyForce = "deadly-force"
    case assaultOnMember = "assault-on-member"
    case injuryIllnessDeath = "injury-illness-death"
    case familyDeathAssistance = "family-death-assistance"
    case crimesAgainstChildren = "crimes-against-children"
    case substanceAbuse = "substance-abuse"
    case personalProblems = "personal-problems"
    case traumaticEvent = "traumatic-event"
    case criticalIncident = "critical-incident"
    case other = "other"

    public var code: String { rawValue }

    public var label: String {
        switch self {
        case .deadlyForce: return "Use of deadly force"
        case .assaultOnMember: return "Assault on a member"
        case .injuryIllnessDeath: return "Injury, illness or death of a member or family member"
        case .familyDeathAssistance: return "Assisting family with a member's death"
        case .crimesAgainstChildren: return "Crimes against children or child death investigation"
        case .substanceAbuse: return "Substance abuse"
        case .personalProblems: return "Marital, relationship, health, financial or other personal problems"
        case .traumaticEvent: return "Traumatic event"
        case .criticalIncident: return "Critical incident"
        case .other: return "Other"
        }
    }

    /// A label short enough for a table column.
    public var shortLabel: String {
        switch self {
        case .deadlyForce: return "Deadly force"
        case .assaultOnMember: return "Assault on a member"
        case .injuryIllnessDeath: return "Injury, illness, death"
        case .familyDeathAssistance: return "Family after a death"
        case .crimesAgainstChildren: return "Crimes against children"
        case .substanceAbuse: return "Substance abuse"
        case .personalProblems: return "Personal problems"
        case .traumaticEvent: return "Traumatic event"
        case .criticalIncident: return "Critical incident"
        case .other: return "Other"
        }
    }

    /// The SOG 2-13 clause the category comes from.
    public var clause: String {
        switch self {
        case .deadlyForce: return "III (crisis 1)"
        case .assaultOnMember: return "III (crisis 2)"
        case .injuryIllnessDeath: return "III (crisis 3)"
        case .familyDeathAssistance: return "III (crisis 4)"
        case .crimesAgainstChildren: return "III (crisis 5)"
        case .substanceAbuse: return "III (crisis 6)"
        case .personalProblems: return "III (crisis 7)"
        case .traumaticEvent: return "III (traumatic event)"
        case .criticalIncident: return "III (critical incident)"
        case .other: return "III (\"not limited to\")"
        }
    }

    /// - Throws: `InputError.unknownIncident`.
    public init(code: String) throws {
        guard let value = IncidentType(rawValue: code) else { throw InputError.unknownIncident(code) }
        self = value
    }
}
