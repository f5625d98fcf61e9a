/// The on-disk protection of a usage form: canonical encoding, advisor signature, padding to one
/// fixed size, then a sealed box to the program key (sign, then seal). `docs/FORMAT.md` §5
/// specifies every byte.
///
/// Version 2 put the program id and the program key the form is sealed to inside the signed body.
/// A form that someone opened with a key swapped into the database and sealed again to the real
/// key therefore names the wrong key and is rejected. Version 3, the one written, adds the entry
/// byte (`FormOrigin`): an advisor's own form is signed by the advisor, a paper form the
/// coordinator entered for an advisor by the program root, and the byte is inside the signature,
/// so neither can be made to pass for the other. Version 1 and 2 forms, written before, are still
/// read (always as the advisor's own).
public enum SealedForm {
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
        case wrongRecipient
        /// The advisor is on the roster, but their entry is not one the program root signed.
        case unsignedRosterEntry
        /// A version-3 entry byte that is not a `FormOrigin`.
        case unknownEntry(UInt8)
        /// A form marked as entered from paper whose signature is not the program root's.
        case badRootSignature

        public var description: String {
            switch self {
            case .authenticationFailed: return "a sealed form failed authentication: it was altered, truncated, or sealed for another program"
            case let .wrongLength(n): return "a sealed form has the wrong length (\(n) bytes, expected \(SealedForm.sealedLength))"
            case let .malformed(why): return "a sealed form opened but its content is malformed (\(why))"
            case let .unsupportedVersion(v): return "a sealed form uses format version \(v), which this PeerLog does not know"
            case .idMismatch: return "a sealed form is stored under another form's id (swapped or replayed row)"
            case .unknownSigner: return "a sealed form names an advisor who is not on the roster (forged form)"
            case .badSignature: return "a sealed form's signature does not match its advisor's key (forged or altered form)"
            case .unsignedRosterEntry: return "a sealed form is signed by an advisor whose roster entry the program root did not sign (the roster was altered)"
            case .wrongRecipient: return "a sealed form was signed for another program key than the one it is sealed to: it was opened and sealed again (read by someone holding a key swapped into the database)"
            case let .unknownEntry(b): return "a sealed form says it was entered in a way this PeerLog does not know (entry byte \(b))"
            case .badRootSignature: return "a sealed form marked as entered from paper by the coordinator is not signed by the program root (forged, or an advisor's form relabelled)"
            }
        }
        /// The case and its detail, as known-answer vectors and tests name it: `wrongLength(303)`.
        public var name: String {
            switch self {
            case .authenticationFailed: return "authenticationFailed"
            case let .wrongLength(n): return "wrongLength(\(n))"
            case let .malformed(why): return "malformed(\(why))"
            case let .unsupportedVersion(v): return "unsupportedVersion(\(v))"
            case .idMismatch: return "idMismatch"
            case .unknownSigner: return "unknownSigner"
            case .badSignature: return "badSignature"
            case .wrongRecipient: return "wrongRecipient"
            case .unsignedRosterEntry: return "unsignedRosterEntry"
            case let .unknownEntry(b): return "unknownEntry(\(b))"
            case .badRootSignature: return "badRootSignature"
            }
        }

        public var exitStatus: ExitStatus { .invalidData }
        public var hint: String? { "the database may have been tampered with: keep a copy as evidence and run 'peerlog audit verify'" }
    }

    /// The bytes that are signed (version 3): the advisor signs their own form, the program root
    /// a paper form (`form.origin`).
    static func encodeBody(_ form: UsageForm, recipient: FormRecipient) -> [UInt8] {
        var out = Domain.formMagic
        out.append(Domain.formVersion3)
        appendHeader(form, recipient: recipient, to: &out)
        out.append(form.origin.rawValue)
        appendFields(form, to: &out)
        return out
    }

    /// The version-2 body, as releases before paper forms wrote it (no entry byte: always the
    /// advisor's own form). Only for tests and known-answer vectors: PeerLog never writes it.
    static func encodeBodyVersion2(_ form: UsageForm, recipient: FormRecipient) -> [UInt8] {
        var out = Domain.formMagic
        out.append(Domain.formVersion2)
        appendHeader(form, recipient: recipient, to: &out)
        appendFields(form, to: &out)
        return out
    }

    /// The body of `version` (1, 2 or 3), for re-encoding what was decoded; nil for another
    /// version or a missing recipient.
    static func encodeBody(_ form: UsageForm, recipient: FormRecipient?, version: UInt8) -> [UInt8]? {
        switch (version, recipient) {
        case (Domain.formVersion1, nil): return encodeBodyVersion1(form)
        case let (Domain.formVersion2, recipient?): return encodeBodyVersion2(form, recipient: recipient)
        case let (Domain.formVersion3, recipient?): return encodeBody(form, recipient: recipient)
        default: return nil
        }
    }

    private static func appendHeader(_ form: UsageForm, recipient: FormRecipient, to out: inout [UInt8]) {
        out += form.id.bytes
        out += recipient.programID.bytes
        out += bigEndian(UInt64(bitPattern: recipient.keyID))
        out += recipient.publicKey
    }

    /// The version-1 body, as releases before the program root wrote it. Only for tests and
    /// known-answer vectors: PeerLog never writes it.
    static func encodeBodyVersion1(_ form: UsageForm) -> [UInt8] {
        var out = Domain.formMagic
        out.append(Domain.formVersion1)
        out += form.id.bytes
        appendFields(form, to: &out)
        return out
    }

    private static func appendFields(_ form: UsageForm, to out: inout [UInt8]) {
        out += form.advisorID.bytes
        out += bigEndian(UInt64(bitPattern: form.serviceTime.epochSeconds))
        let offset = UInt16(bitPattern: form.serviceTime.utcOffsetMinutes)
        out += [UInt8(offset >> 8), UInt8(offset & 0xFF)]
        for code in [form.incident.code, form.intervention.code] {
            let bytes = Array(code.utf8)
            out.append(UInt8(bytes.count))
            out += bytes
        }
    }

    /// Signs, pads and seals `form` to `recipient`, naming the recipient inside the signed body.
    /// - Parameter signer: the advisor's key for the advisor's own form, the program root for a
    ///   paper form (`form.origin`); a reader accepts nothing else.
    public static func seal(_ form: UsageForm, signer: SigningKey, recipient: FormRecipient) throws -> [UInt8] {
        let body = encodeBody(form, recipient: recipient)
        return try signPadSeal(body, context: Domain.formSignatureV3, signer: signer, to: recipient.publicKey)
    }

    /// A version-2 form (no entry byte). Only for tests and vectors.
    static func sealVersion2(_ form: UsageForm, signer: SigningKey, recipient: FormRecipient) throws -> [UInt8] {
        try signPadSeal(encodeBodyVersion2(form, recipient: recipient), context: Domain.formSignatureV2, signer: signer, to: recipient.publicKey)
    }

    /// A version-1 form (no recipient inside). Only for tests and vectors.
    static func sealVersion1(_ form: UsageForm, signer: SigningKey, programPublicKey: [UInt8]) throws -> [UInt8] {
        try signPadSeal(encodeBodyVersion1(form), context: Domain.formSignatureV1, signer: signer, to: programPublicKey)
    }

    private static func signPadSeal(_ body: [UInt8], context: [UInt8], signer: SigningKey, to publicKey: [UInt8]) throws -> [UInt8] {
        let signature = try signer.sign(context + body)
        let padded = try Padding.pad(body + signature, toMultipleOf: paddedLength)
        guard padded.count == paddedLength else { throw CryptoError.operationFailed("form encoding outgrew its fixed size") }
        return try SealedBox.seal(padded, to: publicKey)
    }

    /// Opens a stored form and checks everything: authentication, length, version, that the id
    /// inside matches the row, that a version-2 or -3 form names the key it is stored under, that
    /// the advisor is on the roster, and the signature: the advisor's, or for a paper form the
    /// program root's.
    /// - Parameters:
    ///   - recipient: the program and key the row says the form is sealed to; `keys` must be that key.
    ///   - root: the program root's public key, which a paper form must verify under; without it,
    ///     no paper form opens.
    ///   - signerKey: returns the roster public key for an advisor id, or nil.
    /// - Throws: `Rejection`, each case naming what failed.
    public static func open(_ sealed: [UInt8], rowID: Identifier, recipient: FormRecipient, keys: ProgramKeyPair,
                            root: [UInt8]? = nil, signerKey: (Identifier) throws -> [UInt8]?) throws -> UsageForm {
        try openVersioned(sealed, rowID: rowID, recipient: recipient, keys: keys, root: root, signerKey: signerKey).form
    }

    /// As `open`, also telling which format version the form was written in.
    package static func openVersioned(_ sealed: [UInt8], rowID: Identifier, recipient: FormRecipient, keys: ProgramKeyPair,
                              root: [UInt8]? = nil, signerKey: (Identifier) throws -> [UInt8]?) throws -> (form: UsageForm, version: UInt8) {
        guard sealed.count == sealedLength else { throw Rejection.wrongLength(sealed.count) }
        let padded: [UInt8]
        do { padded = try SealedBox.open(sealed, with: keys) } catch { throw Rejection.authenticationFailed }
        let plain: [UInt8]
        do { plain = try Padding.unpad(padded, blockSize: paddedLength) } catch { throw Rejection.malformed("padding") }
        guard plain.count > SigningKey.signatureLength else { throw Rejection.malformed("too short") }
        let body = Array(plain.dropLast(SigningKey.signatureLength))
        let signature = Array(plain.suffix(SigningKey.signatureLength))
        let decoded = try decodeBody(body)
        guard decoded.form.id == rowID else { throw Rejection.idMismatch }
        if let named = decoded.recipient {
            guard named.programID == recipient.programID, named.keyID == recipient.keyID,
                  Sodium.constantTimeEqual(named.publicKey, keys.publicKey) else { throw Rejection.wrongRecipient }
        }
        // The advisor must be on the roster (and their entry signed) whoever signed the form.
        guard let advisorKey = try signerKey(decoded.form.advisorID) else { throw Rejection.unknownSigner }
        let context = [Domain.formVersion1: Domain.formSignatureV1, Domain.formVersion2: Domain.formSignatureV2][decoded.version]
            ?? Domain.formSignatureV3
        switch decoded.form.origin {
        case .advisor:
            guard SigningKey.verify(signature, of: context + body, publicKey: advisorKey) else { throw Rejection.badSignature }
        case .paper:
            guard let root, SigningKey.verify(signature, of: context + body, publicKey: root) else { throw Rejection.badRootSignature }
        }
        return (decoded.form, decoded.version)
    }

    /// Strict decoder: rejects anything `encodeBody` (or, for versions 1 and 2, the earlier
    /// encoders) would not have produced. A version-1 body has no recipient; versions 1 and 2
    /// have no entry byte and are the advisor's own forms.
    static func decodeBody(_ body: [UInt8]) throws -> (form: UsageForm, recipient: FormRecipient?, version: UInt8) {
        var reader = ByteReader(body)
        guard try reader.take(4) == Domain.formMagic else { throw Rejection.malformed("magic") }
        let v = try reader.byte()
        guard [Domain.formVersion1, Domain.formVersion2, Domain.formVersion3].contains(v) else { throw Rejection.unsupportedVersion(v) }
        let id = try Identifier(bytes: reader.take(16))
        var recipient: FormRecipient?
        if v != Domain.formVersion1 {
            let program = try Identifier(bytes: reader.take(16))
            let keyID = Int64(bitPattern: try reader.uint64())
            recipient = FormRecipient(programID: program, keyID: keyID, publicKey: try reader.take(ProgramKeyPair.publicKeyLength))
        }
        var origin = FormOrigin.advisor
        if v == Domain.formVersion3 {
            let entry = try reader.byte()
            guard let known = FormOrigin(rawValue: entry) else { throw Rejection.unknownEntry(entry) }
            origin = known
        }
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
        return (UsageForm(id: id, advisorID: advisor, serviceTime: time, incident: incident, intervention: intervention, origin: origin),
                recipient, v)
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
