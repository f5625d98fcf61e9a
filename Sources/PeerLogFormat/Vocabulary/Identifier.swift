/// A random 16-byte identifier (forms, advisors). Random, not sequential, so ids reveal neither
/// order nor count.
public struct Identifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let length = 16
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.length else {
            throw CryptoError.wrongSize(what: "identifier", expected: Self.length, actual: bytes.count)
        }
        self.bytes = bytes
    }

    public static func random() -> Identifier {
        Identifier(random: Sodium.randomBytes(length))
    }

    /// Bytes the CSPRNG made, always `length` of them.
    private init(random bytes: [UInt8]) { self.bytes = bytes }

    public var hex: String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
    public var description: String { hex }
    public static func < (a: Identifier, b: Identifier) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
