/// The on-disk protection of a usage form: canonical encoding, advisor signature, padding to one
/// fixed size, then a sealed box to the program key (sign, then seal). `docs/FORMAT.md` specifies
/// every byte.
public enum SealedForm {
    /// "PLUF": PeerLog usage form.
    static let magic: [UInt8] = [0x50, 0x4C, 0x55, 0x46]
    static let version: UInt8 = 1
    /// Domain separation for the advisor's signature.
    static let signatureContext = Array("peerlog usage form v1".utf8) + [0]
    /// Every padded plaintext is exactly this long, so every sealed form has one length.
    public static let paddedLength = 256
    public static var sealedLength: Int { paddedLength + SealedBox.overhead }
    static let maximumCodeLength = 40

    /// Why a stored form could not be accepted, each with its own name so tampering is diagnosable.
    public enum Rejection: PeerLogError, Equatable {
        case authenticationFailed
        case wrongLength(Int)
        case malformed(String)
        case unsupportedVersion(UInt8)
        case idMismatch
        case unknownSigner
        case badSignature

        public var description: String {
            switch self {
            case .authenticationFailed: return "a sealed form failed authentication: it was altered, truncated, or sealed for another program"
            case let .wrongLength(n): return "a sealed form has the wrong length (\(n) bytes, expected \(SealedForm.sealedLength))"
            case let .malformed(why): return "a sealed form opened but its content is malformed (\(why))"
            case let .unsupportedVersion(v): return "a sealed form uses format version \(v), which this PeerLog does not know"
            case .idMismatch: return "a sealed form is stored under another form's id (swapped or replayed row)"
            case .unknownSigner: return "a sealed form names an advisor who is not on the roster (forged form)"
            case .badSignature: return "a sealed form's signature does not match its advisor's key (forged or altered form)"
            }
        }
        public var exitStatus: ExitStatus { .invalidData }
        public var hint: String? { "the database may have been tampered with: keep a copy as evidence and run 'peerlog audit verify'" }
    }

    /// The bytes the advisor signs.
    static func encodeBody(_ form: UsageForm) -> [UInt8] {
        var out = magic
        out.append(version)
        out += form.id.bytes
        out += form.advisorID.bytes
        out += bigEndian(UInt64(bitPattern: form.serviceTime.epochSeconds))
        let offset = UInt16(bitPattern: form.serviceTime.utcOffsetMinutes)
        out += [UInt8(offset >> 8), UInt8(offset & 0xFF)]
        for code in [form.incident.code, form.intervention.code] {
            let bytes = Array(code.utf8)
            out.append(UInt8(bytes.count))
            out += bytes
        }
        return out
    }

    /// Signs, pads and seals `form` to `programPublicKey`.
    public static func seal(_ form: UsageForm, signer: SigningKey, programPublicKey: [UInt8]) throws -> [UInt8] {
        let body = encodeBody(form)
        let signature = try signer.sign(signatureContext + body)
        let padded = try Padding.pad(body + signature, toMultipleOf: paddedLength)
        precondition(padded.count == paddedLength, "form encoding outgrew its fixed size")
        return try SealedBox.seal(padded, to: programPublicKey)
    }

    /// Opens a stored form and checks everything: authentication, length, version, that the id
    /// inside matches the row, and the advisor's signature.
    /// - Parameter signerKey: returns the roster public key for an advisor id, or nil.
    /// - Throws: `Rejection`, each case naming what failed.
    public static func open(_ sealed: [UInt8], rowID: Identifier, keys: ProgramKeyPair,
                            signerKey: (Identifier) -> [UInt8]?) throws -> UsageForm {
        guard sealed.count == sealedLength else { throw Rejection.wrongLength(sealed.count) }
        let padded: [UInt8]
        do { padded = try SealedBox.open(sealed, with: keys) } catch { throw Rejection.authenticationFailed }
        let plain: [UInt8]
        do { plain = try Padding.unpad(padded, blockSize: paddedLength) } catch { throw Rejection.malformed("padding") }
        guard plain.count > SigningKey.signatureLength else { throw Rejection.malformed("too short") }
        let body = Array(plain.dropLast(SigningKey.signatureLength))
        let signature = Array(plain.suffix(SigningKey.signatureLength))
        let form = try decodeBody(body)
        guard form.id == rowID else { throw Rejection.idMismatch }
        guard let publicKey = signerKey(form.advisorID) else { throw Rejection.unknownSigner }
        guard SigningKey.verify(signature, of: signatureContext + body, publicKey: publicKey) else {
            throw Rejection.badSignature
        }
        return form
    }

    /// Strict decoder: rejects anything `encodeBody` would not have produced.
    static func decodeBody(_ body: [UInt8]) throws -> UsageForm {
        var reader = ByteReader(body)
        guard try reader.take(4) == magic else { throw Rejection.malformed("magic") }
        let v = try reader.byte()
        guard v == version else { throw Rejection.unsupportedVersion(v) }
        let id = try Identifier(bytes: reader.take(16))
        let advisor = try Identifier(bytes: reader.take(16))
        let seconds = Int64(bitPattern: try reader.uint64())
        let offset = Int16(bitPattern: try reader.uint16())
        let incidentCode = try reader.shortString()
        let interventionCode = try reader.shortString()
        guard reader.isAtEnd else { throw Rejection.malformed("trailing bytes") }
        guard let incident = IncidentType(rawValue: incidentCode) else { throw Rejection.malformed("incident code") }
        guard let intervention = InterventionKind(rawValue: interventionCode) else { throw Rejection.malformed("intervention code") }
        let time: ServiceTime
        do { time = try ServiceTime(epochSeconds: seconds, utcOffsetMinutes: offset) } catch {
            throw Rejection.malformed("time of service")
        }
        return UsageForm(id: id, advisorID: advisor, serviceTime: time, incident: incident, intervention: intervention)
    }

    private static func bigEndian(_ v: UInt64) -> [UInt8] { (0..<8).reversed().map { UInt8((v >> (UInt64($0) * 8)) & 0xFF) } }
}

/// Bounds-checked reading of an encoded form; every overrun is a `malformed` rejection.
struct ByteReader {
    private let bytes: [UInt8]
    private var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var isAtEnd: Bool { position == bytes.count }

    mutating func take(_ n: Int) throws -> [UInt8] {
        guard n >= 0, bytes.count - position >= n else { throw SealedForm.Rejection.malformed("truncated") }
        defer { position += n }
        return Array(bytes[position..<position + n])
    }
    mutating func byte() throws -> UInt8 { try take(1)[0] }
    mutating func uint16() throws -> UInt16 { try take(2).reduce(0) { $0 << 8 | UInt16($1) } }
    mutating func uint64() throws -> UInt64 { try take(8).reduce(0) { $0 << 8 | UInt64($1) } }
    mutating func shortString() throws -> String {
        let n = Int(try byte())
        guard n > 0, n <= SealedForm.maximumCodeLength else { throw SealedForm.Rejection.malformed("code length") }
        let raw = try take(n)
        guard raw.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }) else { throw SealedForm.Rejection.malformed("code characters") }
        return String(decoding: raw, as: UTF8.self)
    }
}
