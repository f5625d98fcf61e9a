/// A random secret a person copies by hand: 144 random bits plus a 16-bit checksum, written as 32
/// Crockford base-32 characters in eight groups of four. The checksum is domain-separated, so a
/// recovery code is never accepted as an access credential or the other way round, and a mistyped
/// code is told apart from a wrong one.
package struct HumanCode {
    static let randomLength = 18
    static let checksumLength = 2
    static let symbolCount = 32
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A fresh code: its canonical form (the secret) and the grouped form to show a person.
    package static func generate(domain: String) throws -> (canonical: SecretBytes, printable: String) {
        var random = Sodium.randomBytes(randomLength)
        defer { wipe(&random) }
        return try make(from: random, domain: domain)
    }

    /// The code made of these 18 random bytes (the generator's second half, separate so that
    /// known-answer vectors can fix the bytes).
    package static func make(from random: [UInt8], domain: String) throws -> (canonical: SecretBytes, printable: String) {
        guard random.count == randomLength else { throw CryptoError.wrongSize(what: "code", expected: randomLength, actual: random.count) }
        var raw = random
        raw += try checksum(raw, domain: domain)
        var canonical = Array(encode(raw).utf8)
        wipe(&raw)
        let printable = group(String(decoding: canonical, as: UTF8.self))
        return (try SecretBytes(consuming: &canonical), printable)
    }

    /// Parses what a person typed: case, spaces and dashes do not matter; O reads as 0, I and L as 1.
    /// - Returns: the canonical 32-character form as a secret.
    /// - Throws: `InputError.malformedCode` for wrong length, characters or checksum.
    package static func parse(_ typed: SecretBytes, domain: String, what: String) throws -> SecretBytes {
        var symbols: [UInt8] = []
        symbols.reserveCapacity(symbolCount)
        defer { wipe(&symbols) }
        try typed.withUnsafeBytes { bytes in
            for byte in bytes {
                switch byte {
                case 0x20, 0x2D, 0x09, 0x0A, 0x0D: continue
                default:
                    var c = byte
                    if c >= 0x61 && c <= 0x7A { c -= 0x20 }
                    if c == 0x4F { c = 0x30 }
                    if c == 0x49 || c == 0x4C { c = 0x31 }
                    guard alphabet.contains(Character(UnicodeScalar(c))) else {
                        throw InputError.malformedCode(what: what, why: "it contains a character that is not in a \(what)")
                    }
                    symbols.append(c)
                }
            }
        }
        guard symbols.count == symbolCount else {
            throw InputError.malformedCode(what: what, why: "it has \(symbols.count) characters, a \(what) has \(symbolCount)")
        }
        var raw = decode(symbols)
        defer { wipe(&raw) }
        let body = Array(raw[0..<randomLength])
        guard Sodium.constantTimeEqual(try checksum(body, domain: domain), Array(raw[randomLength...])) else {
            throw InputError.malformedCode(what: what, why: "its checksum does not match, so it was probably mistyped")
        }
        var copy = symbols
        return try SecretBytes(consuming: &copy)
    }

    private static func checksum(_ body: [UInt8], domain: String) throws -> [UInt8] {
        Array(try Digest.blake2b(Array(domain.utf8) + body, length: 16).prefix(checksumLength))
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = 0 } }
    }

    private static func encode(_ bytes: [UInt8]) -> String {
        var out = ""
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = ((buffer << 8) | Int(byte)) & 0xFFFF
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[(buffer >> bits) & 31])
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return out
    }

    private static func decode(_ symbols: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for symbol in symbols {
            let value = alphabet.firstIndex(of: Character(UnicodeScalar(symbol)))!
            buffer = ((buffer << 5) | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> bits) & 0xFF))
            }
        }
        return out
    }

    private static func group(_ canonical: String) -> String {
        var groups: [String] = []
        var current = ""
        for c in canonical {
            current.append(c)
            if current.count == 4 { groups.append(current); current = "" }
        }
        if !current.isEmpty { groups.append(current) }
        return groups.joined(separator: "-")
    }
}
