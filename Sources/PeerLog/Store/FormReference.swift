import Foundation

/// The short reference (`REF`) the coordinator reads in `peerlog forms` and types to `peerlog
/// void`: the form id's leading hex digits, at least eight and as many more as it takes to tell
/// the form from every other in the program. Ids are random, so eight digits almost always do;
/// when two forms share them, both are shown longer. Typed back in either case, and any longer
/// prefix of the id works too; a prefix that fits more than one form is refused, never guessed.
public enum FormReference {
    /// The digits shown when nothing else in the program shares them.
    public static let minimumLength = 8

    /// The leading eight hex digits of an id, as a row is named in messages (no lookup).
    static func shortHex(_ id: Identifier) -> String { String(id.hex.prefix(minimumLength)) }

    /// The shortest unambiguous reference (at least `minimumLength` digits) for each id.
    public static func references(for ids: [Identifier]) -> [Identifier: String] {
        let sorted = ids.map(\.hex).sorted()
        // Each id's place in the sorted list, found once (a search per id grows with the square).
        let place = Dictionary(sorted.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func shared(_ a: String, _ b: String) -> Int { zip(a, b).prefix { $0 == $1 }.count }
        var refs: [Identifier: String] = [:]
        for id in ids {
            let hex = id.hex
            guard let index = place[hex] else { continue }
            var needed = 0
            if index > 0 { needed = max(needed, shared(sorted[index - 1], hex) + 1) }
            if index + 1 < sorted.count { needed = max(needed, shared(sorted[index + 1], hex) + 1) }
            refs[id] = String(hex.prefix(min(hex.count, max(minimumLength, needed))))
        }
        return refs
    }

    /// The one id among `ids` that `typed` (hex digits, any case, at least `minimumLength` of
    /// them) begins.
    /// - Throws: `VoidError.malformedReference`, `.unknownReference`, `.ambiguousReference`.
    public static func resolve(_ typed: String, among ids: [Identifier]) throws -> Identifier {
        let text = typed.trimmingCharacters(in: .whitespaces).lowercased()
        guard text.count >= minimumLength, text.count <= Identifier.length * 2, text.allSatisfy(\.isHexDigit) else {
            throw VoidError.malformedReference(InputError.sanitised(typed))
        }
        let matches = ids.filter { $0.hex.hasPrefix(text) }
        guard let first = matches.first else { throw VoidError.unknownReference(text) }
        guard matches.count == 1 else { throw VoidError.ambiguousReference(text, count: matches.count) }
        return first
    }
}
