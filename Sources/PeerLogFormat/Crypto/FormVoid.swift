/// A void record (docs/FORMAT.md §5.5): the coordinator's correction of a mis-coded form, appended,
/// never an edit. Which form, why and when are sealed to a program key, so the file says only that
/// a void exists; the root signs the sealed bytes under the row's id, so a void cannot be forged,
/// moved to another row or altered without the program keys, and anyone can check that it was not.
package struct FormVoid: Sendable, Hashable {
    /// The row's random id (`form_void.void_id`), repeated inside the sealed bytes.
    package let voidID: Identifier
    /// The form it voids (`usage_form.form_id`).
    package let formID: Identifier
    package let reason: VoidReason
    /// The UTC minute of the void, `YYYY-MM-DDTHH:MMZ`, as the audit trail writes times.
    package let voidedAt: String

    package init(voidID: Identifier, formID: Identifier, reason: VoidReason, voidedAt: String) {
        (self.voidID, self.formID, self.reason, self.voidedAt) = (voidID, formID, reason, voidedAt)
    }

    /// Why a stored void is not accepted, in the order the checks run.
    package enum Rejection: PeerLogError, Equatable {
        case wrongLength(Int)
        /// The root's signature does not cover this row's id, key and sealed bytes.
        case badSignature
        case unknownKey(Int64)
        case authenticationFailed
        /// Opened, but names another program or key, or is not laid out as §5.5 says.
        case malformed(String)
        /// Opened, but names another void id than its row: moved, which only a root holder could sign.
        case idMismatch

        package var description: String {
            switch self {
            case let .wrongLength(n): return "a void record has the wrong length (\(n) bytes, expected \(FormVoid.sealedLength))"
            case .badSignature: return "a void record is not signed by the program root as it stands: it was forged, altered or moved to another row"
            case let .unknownKey(id): return "a void record is sealed to program key \(id), which this program does not have"
            case .authenticationFailed: return "a void record failed authentication: it was altered or sealed for another program"
            case let .malformed(why): return "a void record opened but its content is malformed (\(why))"
            case .idMismatch: return "a void record is stored under another void's id"
            }
        }

        /// The case and its detail, as known-answer vectors name it.
        package var name: String {
            switch self {
            case let .wrongLength(n): return "wrongLength(\(n))"
            case .badSignature: return "badSignature"
            case let .unknownKey(id): return "unknownKey(\(id))"
            case .authenticationFailed: return "authenticationFailed"
            case let .malformed(why): return "malformed(\(why))"
            case .idMismatch: return "idMismatch"
            }
        }

        package var exitStatus: ExitStatus { .invalidData }
    }

    /// Length of `voidedAt`.
    static let timeLength = 17
    /// The plaintext: context, program id, key id, void id, form id, reason field, time.
    package static var plaintextLength: Int {
        Domain.formVoid.count + Identifier.length + 8 + Identifier.length * 2 + VoidReason.fieldLength + timeLength
    }
    /// Every void has this length, whatever its reason, so the length tells nothing.
    package static var sealedLength: Int { plaintextLength + SealedBox.overhead }

    /// The bytes sealed to the program key.
    /// - Throws: `CryptoError.wrongSize` for a time not 17 bytes long.
    package func plaintext(programID: Identifier, keyID: Int64) throws -> [UInt8] {
        let time = Array(voidedAt.utf8)
        guard time.count == Self.timeLength else {
            throw CryptoError.wrongSize(what: "void time", expected: Self.timeLength, actual: time.count)
        }
        var out = CanonicalBytes(Domain.formVoid, programID)
        out.u64(UInt64(bitPattern: keyID))
        out.raw(voidID.bytes)
        out.raw(formID.bytes)
        let code = Array(reason.code.utf8.prefix(VoidReason.fieldLength))
        out.raw(code + [UInt8](repeating: 0, count: VoidReason.fieldLength - code.count))
        out.raw(time)
        return out.bytes
    }

    /// Seals the void to program key `keyID` (`publicKey`).
    package func seal(programID: Identifier, keyID: Int64, publicKey: [UInt8]) throws -> [UInt8] {
        try SealedBox.seal(plaintext(programID: programID, keyID: keyID), to: publicKey)
    }

    /// Checks a stored void and opens it, in the order of §5.5: length, the root's signature over
    /// the row (needs no secret), the key, the seal, then the content against the row.
    /// - Parameters:
    ///   - signature: `form_void.signature`.
    ///   - root: the program root's public key the caller trusts.
    ///   - keys: the program key pair the row names, nil if the caller does not hold it.
    /// - Throws: `Rejection`.
    package static func open(_ sealed: [UInt8], signature: [UInt8], voidID: Identifier, keyID: Int64, programID: Identifier,
                             root: [UInt8], keys: ProgramKeyPair?) throws -> FormVoid {
        try checkSignature(sealed, signature: signature, voidID: voidID, keyID: keyID, programID: programID, root: root)
        guard let keys else { throw Rejection.unknownKey(keyID) }
        let opened: [UInt8]
        do { opened = try SealedBox.open(sealed, with: keys) } catch { throw Rejection.authenticationFailed }
        guard opened.count == plaintextLength else { throw Rejection.malformed("length") }
        // Fixed-size fields, the length checked above.
        var offset = 0
        func take(_ count: Int) -> [UInt8] { defer { offset += count }; return Array(opened[offset..<offset + count]) }
        var header = CanonicalBytes(Domain.formVoid, programID)
        header.u64(UInt64(bitPattern: keyID))
        guard take(header.bytes.count) == header.bytes else { throw Rejection.malformed("program or key") }
        guard take(Identifier.length) == voidID.bytes else { throw Rejection.idMismatch }
        let formID = try Identifier(bytes: take(Identifier.length))
        let field = take(VoidReason.fieldLength)
        let code = field.prefix { $0 != 0 }
        guard field.dropFirst(code.count).allSatisfy({ $0 == 0 }),
              let reason = VoidReason(rawValue: String(decoding: code, as: UTF8.self)) else { throw Rejection.malformed("reason") }
        let time = take(timeLength)
        guard isUTCMinute(time) else { throw Rejection.malformed("time") }
        return FormVoid(voidID: voidID, formID: formID, reason: reason, voidedAt: String(decoding: time, as: UTF8.self))
    }

    /// The checks that need no secret: the length and the root's signature over the row.
    /// - Throws: `Rejection.wrongLength`, `.badSignature`.
    package static func checkSignature(_ sealed: [UInt8], signature: [UInt8], voidID: Identifier, keyID: Int64, programID: Identifier,
                                       root: [UInt8]) throws {
        guard sealed.count == sealedLength else { throw Rejection.wrongLength(sealed.count) }
        let signed = RootSigned.formVoid(programID: programID, voidID: voidID, keyID: keyID, sealed: sealed)
        guard SigningKey.verify(signature, of: signed, publicKey: root) else { throw Rejection.badSignature }
    }

    /// `YYYY-MM-DDTHH:MMZ`, digits where digits go.
    static func isUTCMinute(_ bytes: [UInt8]) -> Bool {
        let pattern = Array("0000-00-00T00:00Z".utf8)
        guard bytes.count == pattern.count else { return false }
        for (byte, expected) in zip(bytes, pattern) {
            if expected == UInt8(ascii: "0") {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
            } else if byte != expected {
                return false
            }
        }
        return true
    }
}
