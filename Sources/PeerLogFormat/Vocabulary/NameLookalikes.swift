import Foundation

/// Names that look alike but are different strings: "Zebulon" and "Zebulоn" (with a Cyrillic о)
/// would be two advisors on the roster, and a form could be filed, or a credential granted, under
/// the one a person did not mean. Two defences, after Unicode Technical Standard 39:
///
/// - a name's letters come from one script (Han may go with Hiragana and Katakana, or with
///   Hangul), so a Latin name cannot hide a Cyrillic letter;
/// - a *skeleton* maps letters that look alike to one prototype, so a new name whose skeleton
///   equals an enrolled name's is refused as confusable with it.
///
/// The script ranges and the look-alike table cover the scripts and letters a roster meets; they
/// are a subset of Unicode's data, chosen for names, not the whole of it.
package enum NameLookalikes {
    enum Script: Hashable {
        case latin, greek, cyrillic, armenian, hebrew, arabic, devanagari, thai, georgian, ethiopic
        case hangul, hiragana, katakana, han
        case other(UInt32)
    }

    /// The script of a letter; nil for what belongs to every script (digits, marks, punctuation).
    static func script(of scalar: Unicode.Scalar) -> Script? {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: break
        default: return nil
        }
        let v = scalar.value
        switch v {
        case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0x24F, 0x250...0x2AF, 0x1D00...0x1D7F, 0x1E00...0x1EFF,
             0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            return .latin
        case 0x2B0...0x2FF: return nil // spacing modifier letters (ʼ ˈ): used with any script
        case 0x370...0x3FF, 0x1F00...0x1FFF: return .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return .cyrillic
        case 0x530...0x58F: return .armenian
        case 0x590...0x5FF: return .hebrew
        case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .arabic
        case 0x900...0x97F: return .devanagari
        case 0xE00...0xE7F: return .thai
        case 0x10A0...0x10FF, 0x2D00...0x2D2F: return .georgian
        case 0x1200...0x139F: return .ethiopic
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
        case 0x3040...0x309F: return .hiragana
        case 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return .katakana
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return .han
        default: return .other(v >> 8)
        }
    }

    /// Whether the letters of `text` come from one script, or from one of the combinations
    /// writing systems use together (Japanese, Korean).
    static func isSingleScript(_ text: String) -> Bool {
        let scripts = Set(text.unicodeScalars.compactMap(script(of:)))
        if scripts.count <= 1 { return true }
        let japanese: Set<Script> = [.han, .hiragana, .katakana], korean: Set<Script> = [.han, .hangul]
        return scripts.isSubset(of: japanese) || scripts.isSubset(of: korean)
    }

    /// The look-alike prototype of each character that has one (before lower-casing, so that a
    /// capital I and a small l meet).
    static let prototypes: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [:]
        let pairs: [(String, String)] = [
            // Cyrillic
            ("а", "a"), ("А", "a"), ("В", "b"), ("в", "b"), ("е", "e"), ("Е", "e"), ("ѕ", "s"), ("Ѕ", "s"), ("і", "i"),
            ("І", "l"), ("ј", "j"), ("Ј", "j"), ("к", "k"), ("К", "k"), ("М", "m"), ("м", "m"), ("Н", "h"), ("н", "h"),
            ("о", "o"), ("О", "o"), ("р", "p"), ("Р", "p"), ("с", "c"), ("С", "c"), ("Т", "t"), ("т", "t"), ("у", "y"),
            ("У", "y"), ("х", "x"), ("Х", "x"), ("ԁ", "d"), ("ԛ", "q"), ("ԝ", "w"), ("ӏ", "l"), ("Ӏ", "l"), ("ү", "y"),
            ("һ", "h"), ("ɡ", "g"), ("Ԍ", "g"), ("Ү", "y"), ("Ꮃ", "w"),
            // Greek
            ("α", "a"), ("Α", "a"), ("Β", "b"), ("β", "b"), ("ε", "e"), ("Ε", "e"), ("Ζ", "z"), ("η", "n"), ("Η", "h"),
            ("ι", "i"), ("Ι", "l"), ("κ", "k"), ("Κ", "k"), ("Μ", "m"), ("ν", "v"), ("Ν", "n"), ("ο", "o"), ("Ο", "o"),
            ("ρ", "p"), ("Ρ", "p"), ("τ", "t"), ("Τ", "t"), ("υ", "u"), ("Υ", "y"), ("χ", "x"), ("Χ", "x"),
            // Latin letters and digits that pass for others
            ("I", "l"), ("ı", "i"), ("ɩ", "i"), ("ʟ", "l"), ("0", "o"), ("1", "l"), ("|", "l"), ("ƒ", "f"), ("ß", "ss"),
            ("’", "'"), ("ʼ", "'"),
        ]
        for (from, to) in pairs {
            if let scalar = from.unicodeScalars.first { table[scalar] = to }
        }
        return table
    }()

    /// The skeleton names are compared by: each character replaced by its prototype, lower-cased,
    /// with "rn" read as "m" and "vv" as "w" (they look alike in most typefaces).
    package static func skeleton(_ text: String) -> String {
        var mapped = ""
        for scalar in text.unicodeScalars {
            if let prototype = prototypes[scalar] { mapped += prototype } else { mapped.unicodeScalars.append(scalar) }
        }
        return mapped.lowercased().replacingOccurrences(of: "rn", with: "m").replacingOccurrences(of: "vv", with: "w")
    }
}
