import PeerLog

/// A strictly parsed `application/x-www-form-urlencoded` body: only the expected fields, each
/// once, nothing else. An unknown field is refused rather than ignored, so nothing a client adds
/// (a note, a member's name) can slip through unnoticed.
struct FormBody {
    enum Failure: Error, Equatable {
        case malformed
        case unknownField(String)
        case repeatedField(String)
        case missingField(String)
    }

    private(set) var fields: [String: String] = [:]

    init(_ body: [UInt8], allowed: Set<String>) throws {
        guard !body.isEmpty else { return }
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = Self.decode(parts[0]), let value = Self.decode(parts[1]) else { throw Failure.malformed }
            guard allowed.contains(name) else { throw Failure.unknownField(name) }
            guard fields[name] == nil else { throw Failure.repeatedField(name) }
            fields[name] = value
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = fields[name], !value.isEmpty else { throw Failure.missingField(name) }
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
