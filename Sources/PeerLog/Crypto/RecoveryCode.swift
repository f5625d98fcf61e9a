/// The one-time recovery code printed at set-up: 144 random bits plus a 16-bit checksum, written
/// as 32 Crockford base-32 characters in eight groups of four, so a person can copy it by hand and a
/// mistyped code is told apart from a wrong one.
public struct RecoveryCode: Sendable {
    static let randomLength = 18
    static let checksumLength = 2
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// The canonical form (32 characters, no separators) as secret bytes: the KDF input.
    public let secret: SecretBytes

    /// A fresh random code.
    public static func generate() throws -> (code: RecoveryCode, printable: String) {
        var raw = Sodium.randomBytes(randomLength)
        raw += try checksum(raw)
        var canonical = Array(encode(raw).utf8)
        raw.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = 0 } }
        let printable = group(String(decoding: canonical, as: UTF8.self))
        return (RecoveryCode(secret: try SecretBytes(consuming: &canonical)), printable)
    }

    /// Parses what a person typed: case, spaces and dashes do not matter; O reads as 0, I and L as 1.
    /// - Throws: `InputError.malformedRecoveryCode` for wrong length, characters or checksum.
    public init(typed: SecretBytes) throws {
        var symbols: [UInt8] = []
        symbols.reserveCapacity(32)
        defer { symbols.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = 0 } } }
        try typed.withUnsafeBytes { bytes in
            for byte in bytes {
                switch byte {
                case 0x20, 0x2D, 0x09, 0x0A, 0x0D: continue
                default:
                    var c = byte
                    if c >= 0x61 && c <= 0x7A { c -= 0x20 }
                    if c == 0x4F { c = 0x30 }
                    if c == 0x49 || c == 0x4C { c = 0x31 }
                    guard Self.alphabet.contains(Character(UnicodeScalar(c))) else {
                        throw InputError.malformedRecoveryCode("it contains a character that is not in a recovery code")
                    }
                    symbols.append(c)
                }
            }
        }
        guard symbols.count == 32 else {
            throw InputError.malformedRecoveryCode("it has \(symbols.count) characters, a recovery code has 32")
        }
        var raw = Self.decode(symbols)
        defer { raw.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = 0 } } }
        let body = Array(raw[0..<Self.randomLength])
        guard Sodium.constantTimeEqual(try Self.checksum(body), Array(raw[Self.randomLength...])) else {
            throw InputError.malformedRecoveryCode("its checksum does not match, so it was probably mistyped")
        }
        var copy = symbols
        secret = try SecretBytes(consuming: &copy)
    }

    private init(secret: SecretBytes) { self.secret = secret }

    private static func checksum(_ body: [UInt8]) throws -> [UInt8] {
        Array(try Digest.blake2b(Array("peerlog recovery code".utf8) + body, length: 16).prefix(checksumLength))
    }

    private static func encode(_ bytes: [UInt8]) -> String {
        var out = ""
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
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
