/// Why the coordinator voided a form: a fixed list, never free text, so a void can say nothing
/// about a member, an advisor or an incident beyond which of these mistakes it corrects. The codes
/// are stored inside sealed void records (docs/FORMAT.md §5.5): never renamed or removed; new ones
/// go at the end (Tests/Vectors/vocabulary.json pins them in order).
public enum VoidReason: String, CaseIterable, Sendable, Hashable {
    /// The incident type or intervention kind was coded wrong.
    case wrongType = "wrong-type"
    /// The date or time of service was entered wrong.
    case wrongTime = "wrong-time"
    /// The same contact was filed twice.
    case duplicate = "duplicate"
    /// Filed by mistake (no such contact, or by the wrong advisor).
    case mistake = "mistake"

    public var code: String { rawValue }

    public var label: String {
        switch self {
        case .wrongType: return "Wrong incident or intervention"
        case .wrongTime: return "Wrong date or time of service"
        case .duplicate: return "Duplicate of another form"
        case .mistake: return "Filed by mistake"
        }
    }

    /// The longest code must fit the fixed-size field of the void record.
    package static let fieldLength = 16
}
