import PeerLog

/// A parsed `application/x-www-form-urlencoded` body. Only the expected fields count, each once;
/// anything else is noted as a problem rather than ignored, so nothing a client adds (a note, a
/// member's name) can slip through unnoticed. Parsing never fails on an unknown or repeated field:
/// the anti-forgery token has to be read first, and only after it has been checked may the page
/// say anything about what was sent.
struct FormBody {
    /// What is wrong with the body as a whole, beyond a field left empty.
    enum Flaw: Equatable {
        /// A field the usage form does not have.
        case unknownField
        /// A field sent more than once.
        case repeatedField
    }

    /// The expected fields, first value of each.
    private(set) var fields: [String: String] = [:]
    /// The first flaw found, if any.
    private(set) var flaw: Flaw?

    /// - Returns: nil for a body that cannot be read at all (a bad percent-escape, invalid UTF-8,
    ///   a pair without `=`): then not even the token can be trusted to be what was sent.
    init?(_ body: [UInt8], allowed: Set<String>) {
        guard !body.isEmpty else { return }
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = Self.decode(parts[0]), let value = Self.decode(parts[1]) else { return nil }
            if !allowed.contains(name) {
                flaw = flaw ?? .unknownField
            } else if fields[name] != nil {
                flaw = flaw ?? .repeatedField
            } else {
                fields[name] = value
            }
        }
    }

    /// The field's value, or nil when it is missing or empty.
    subscript(_ name: String) -> String? {
        guard let value = fields[name], !value.isEmpty else { return nil }
        return value
    }

    /// Percent-decoding with `+` as space; nil for bad escapes or invalid UTF-8.
    static func decode(_ raw: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let byte = raw[i]
            if byte == UInt8(ascii: "+") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "%") {
                guard i + 2 < raw.endIndex, let hi = hex(raw[i + 1]), let lo = hex(raw[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(byte)
            }
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
