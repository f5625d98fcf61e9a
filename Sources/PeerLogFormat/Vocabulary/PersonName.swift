import Foundation

/// A person's name as PeerLog accepts it: letters, marks, digits, spaces and . , ' - only, at most
/// 64 characters, normalised (NFC, single spaces). The narrow alphabet keeps the roster from
/// becoming a place for notes.
public struct PersonName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let maximumLength = 64
    public let value: String

    /// - Throws: `InputError` naming `field` when the text cannot be a name.
    public init(_ text: String, field: String = "name") throws {
        let normalised = text.precomposedStringWithCanonicalMapping
        // Invisible characters (joiners, variation selectors, fillers) make one name into several.
        guard !normalised.unicodeScalars.contains(where: { $0.properties.isDefaultIgnorableCodePoint }) else {
            throw InputError.invisibleCharacters(field: field)
        }
        for scalar in normalised.unicodeScalars {
            let category = scalar.properties.generalCategory
            switch category {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .decimalNumber:
                continue
            default:
                if " .,'-’".unicodeScalars.contains(scalar) { continue }
                throw InputError.nameCharacters(field: field)
            }
        }
        guard NameLookalikes.isSingleScript(normalised) else { throw InputError.mixedScripts(field: field) }
        let collapsed = normalised.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        guard !collapsed.isEmpty else { throw InputError.emptyName(field: field) }
        // The schema's CHECK counts code points; a stack of combining marks is one character.
        guard collapsed.count <= Self.maximumLength, collapsed.unicodeScalars.count <= Self.maximumLength else {
            throw InputError.nameTooLong(field: field, limit: Self.maximumLength)
        }
        value = collapsed
    }

    /// What the name looks like: letters that look alike mapped to one prototype. Two names with
    /// the same skeleton would be mistaken for each other on a roster or a menu.
    public var skeleton: String { NameLookalikes.skeleton(value) }

    /// The key names are compared by: case-folded, so "ann lee" finds "Ann Lee".
    public var lookupKey: String { value.lowercased() }

    public var description: String { value }
    public static func < (a: PersonName, b: PersonName) -> Bool { a.lookupKey < b.lookupKey }
}
