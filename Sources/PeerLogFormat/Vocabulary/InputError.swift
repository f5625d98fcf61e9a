/// Invalid input from a person: bad dates, unknown codes or advisors, names that cannot be names.
/// Exit status 65 (usage errors of the command line itself are 64 and belong to the CLI).
public enum InputError: PeerLogError, Equatable {
    case emptyName(field: String)
    case nameTooLong(field: String, limit: Int)
    case nameCharacters(field: String)
    case invisibleCharacters(field: String)
    case mixedScripts(field: String)
    case confusableName(field: String, with: String)
    case unknownIncident(String)
    case unknownIntervention(String)
    case unknownTrainingTopic(String)
    case unknownAdvisor(String)
    case duplicateAdvisor(String)
    case malformedDate(String)
    case impossibleDate(String)
    case futureDate(String)
    case dateRange(from: String, to: String)
    case malformedCode(what: String, why: String)
    case badPassphrase(String)
    case duplicateAccess(String)
    case unknownAccess(String)
    case unsupportedRole(String)
    case thresholdTooLow(Int, minimum: Int)
    case thresholdTooHigh(Int)
    case tooManyPeriods(limit: Int)
    case malformedRetention(String)
    case unknownTimeZone(String)
    case unknownDeputy(String)
    case duplicateDeputy(String)
    /// The date and time of service is not usable; `why` never quotes it (it is a form field).
    case badServiceTime(why: String)

    public var description: String {
        switch self {
        case let .emptyName(field): return "the \(field) is empty"
        case let .nameTooLong(field, limit): return "the \(field) is longer than \(limit) characters"
        case let .nameCharacters(field): return "the \(field) may hold only letters, digits, spaces and . , ' -"
        case let .invisibleCharacters(field): return "the \(field) holds invisible characters"
        case let .mixedScripts(field): return "the \(field) mixes letters of different alphabets (such as a Cyrillic о among Latin letters)"
        case let .confusableName(field, existing): return "the \(field) looks like '\(Self.sanitised(existing))', who is already there: the two would be mistaken for each other"
        // A form's fields are never repeated back: the message may reach a log or a shared screen.
        case .unknownIncident: return "that is not an incident code"
        case .unknownIntervention: return "that is not an intervention code"
        case let .unknownTrainingTopic(code): return "unknown training topic '\(Self.sanitised(code))'"
        case let .unknownAdvisor(name): return "no advisor named '\(Self.sanitised(name))' is on the roster"
        case let .duplicateAdvisor(name): return "an advisor named '\(Self.sanitised(name))' is already on the roster"
        case let .malformedDate(text): return "'\(Self.sanitised(text))' is not a date and time PeerLog understands"
        case let .impossibleDate(text): return "'\(Self.sanitised(text))' is not a real calendar date or time"
        case let .futureDate(text): return "'\(Self.sanitised(text))' is more than a day in the future"
        case let .dateRange(from, to): return "the period starts (\(from)) after it ends (\(to))"
        case let .malformedCode(what, why): return "that is not a valid \(what): \(why)"
        case let .badPassphrase(why): return "passphrase refused: \(why)"
        case let .duplicateAccess(name): return "'\(Self.sanitised(name))' already holds an active credential"
        case let .unknownAccess(name): return "'\(Self.sanitised(name))' holds no active credential"
        case let .thresholdTooLow(k, minimum): return "a minimum cell size of \(k) would let small groups be singled out; it must be at least \(minimum)"
        case let .malformedRetention(text): return "'\(Self.sanitised(text))' is not a retention period: write 3y, 18m or off"
        case let .unknownDeputy(name): return "there is no deputy coordinator named '\(Self.sanitised(name))'"
        case let .duplicateDeputy(name): return "'\(Self.sanitised(name))' is already the coordinator or a deputy"
        case let .unknownTimeZone(text): return "'\(Self.sanitised(text))' is not a time zone this system knows: write it as Area/City, e.g. America/Chicago"
        case let .tooManyPeriods(limit): return "the report would have more than \(limit) periods; choose a shorter span or a coarser --by"
        case let .thresholdTooHigh(k): return "a minimum cell size of \(k) is not sensible"
        case let .badServiceTime(why): return "the date and time of service \(why)"
        case let .unsupportedRole(role): return "credentials can be issued for command staff only, not '\(Self.sanitised(role))'"
        }
    }

    public var hint: String? {
        switch self {
        case .unknownIncident, .unknownIntervention, .unknownTrainingTopic:
            return "run 'peerlog types' to see the codes"
        case .unknownAdvisor: return "run 'peerlog advisor list' to see the roster"
        case .malformedDate, .impossibleDate, .badServiceTime:
            return "write it as \"YYYY-MM-DD HH:MM\" (local time) or ISO 8601 such as 2026-03-14T09:30-06:00"
        case .nameCharacters, .nameTooLong, .emptyName, .invisibleCharacters, .mixedScripts:
            return "names are names only: no notes, no other text, typed in one alphabet"
        case .confusableName:
            return "add a middle initial or another part of the name to tell the two apart"
        case .badPassphrase: return Self.passphraseHint
        default: return nil
        }
    }

    public var exitStatus: ExitStatus { .invalidData }

    /// The words of the passphrase hint's example (refused themselves: people copy examples).
    package static let passphraseExampleWords = ["walnut", "glacier", "anchor", "velvet"]

    /// What to do instead of a refused passphrase.
    public static var passphraseHint: String {
        "use four or more random, unrelated words, like '\(passphraseExampleWords.joined(separator: " "))' (choose your own)"
    }

    /// Echoes user text back safely: control characters replaced, length capped.
    package static func sanitised(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format ? "?" : $0
        }))
        return cleaned.count > 60 ? String(cleaned.prefix(60)) + "…" : cleaned
    }
}
