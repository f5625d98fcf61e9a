/// The exact bytes the program root signs, one function per kind of record (docs/FORMAT.md §9).
/// Each starts with its own context and the program id, so a signature made for one kind of record
/// or one program is never accepted for another. Strings are UTF-8 with a 2-byte length, so no two
/// records encode alike.
package enum RootSigned {
    /// Vouches that `publicKey` is program key `keyID`, in force from `validFrom` (YYYY-MM-DD).
    package static func programKeyCertificate(programID: Identifier, keyID: Int64, publicKey: [UInt8], validFrom: String) -> [UInt8] {
        var out = CanonicalBytes(Domain.programKeyCertificate, programID)
        out.u64(UInt64(bitPattern: keyID))
        out.raw(publicKey)
        out.string(validFrom)
        return out.bytes
    }

    /// One advisor as the coordinator enrolled them: id, signing key, name, status, dates and every
    /// training record (as `(topic, YYYY-MM-DD)`, in any order: they are sorted here).
    package static func rosterEntry(programID: Identifier, advisorID: Identifier, signingPublicKey: [UInt8], name: String,
                            status: String, enrolledOn: String, retiredOn: String?, training: [(topic: String, day: String)]) -> [UInt8] {
        var out = CanonicalBytes(Domain.rosterEntry, programID)
        out.raw(advisorID.bytes)
        out.raw(signingPublicKey)
        out.string(name)
        out.string(status)
        out.string(enrolledOn)
        out.string(retiredOn ?? "")
        let sorted = training.sorted { ($0.day, $0.topic) < ($1.day, $1.topic) }
        out.u32(UInt32(sorted.count))
        for record in sorted {
            out.string(record.topic)
            out.string(record.day)
        }
        return out.bytes
    }

    /// One command-staff credential: who holds it, its verifier, and whether it was revoked.
    package static func credentialEntry(programID: Identifier, nameKey: String, name: String, role: String, verifier: [UInt8],
                                grantedOn: String, revokedOn: String?) -> [UInt8] {
        var out = CanonicalBytes(Domain.credentialEntry, programID)
        out.string(nameKey)
        out.string(name)
        out.string(role)
        out.raw(verifier)
        out.string(grantedOn)
        out.string(revokedOn ?? "")
        return out.bytes
    }

    /// One program setting (retention) as the coordinator set it.
    package static func settingEntry(programID: Identifier, name: String, value: String) -> [UInt8] {
        var out = CanonicalBytes(Domain.settingEntry, programID)
        out.string(name)
        out.string(value)
        return out.bytes
    }

    /// One deputy coordinator as the coordinator appointed them: id, name, public key, day.
    package static func deputyEntry(programID: Identifier, deputyID: Identifier, name: String, publicKey: [UInt8], addedOn: String) -> [UInt8] {
        var out = CanonicalBytes(Domain.deputyEntry, programID)
        out.raw(deputyID.bytes)
        out.string(name)
        out.raw(publicKey)
        out.string(addedOn)
        return out.bytes
    }

    /// The audit head a coordinator action left, and the digest of the program's signed state then.
    package static func signedHead(programID: Identifier, seq: Int64, hash: [UInt8], state: [UInt8]) -> [UInt8] {
        var out = CanonicalBytes(Domain.signedHead, programID)
        out.u64(UInt64(bitPattern: seq))
        out.raw(hash)
        out.raw(state)
        return out.bytes
    }

    /// A published report (scheme 2): the program, the time of publication and the body, which
    /// names its own publication number and the audit head it was made at.
    package static func publishedReportV2(programID: Identifier, publishedAt: String, body: [UInt8]) -> [UInt8] {
        var out = CanonicalBytes(Domain.publishedReportV2, programID)
        out.string(publishedAt)
        out.u32(UInt32(body.count))
        out.raw(body)
        return out.bytes
    }

    /// A publication withdrawn for readers: which one, and when (the UTC minute).
    package static func publicationWithdrawal(programID: Identifier, reportID: Int64, withdrawnAt: String) -> [UInt8] {
        var out = CanonicalBytes(Domain.publicationWithdrawal, programID)
        out.u64(UInt64(bitPattern: reportID))
        out.string(withdrawnAt)
        return out.bytes
    }

    /// A void as stored: its id, the program key it is sealed to, and the sealed bytes. The root
    /// signs the ciphertext, never what it holds, so anyone can check the signature and no one
    /// without the program key learns which form was voided, even by guessing (§5.5).
    package static func formVoid(programID: Identifier, voidID: Identifier, keyID: Int64, sealed: [UInt8]) -> [UInt8] {
        var out = CanonicalBytes(Domain.formVoidEntry, programID)
        out.raw(voidID.bytes)
        out.u64(UInt64(bitPattern: keyID))
        out.u32(UInt32(sealed.count))
        out.raw(sealed)
        return out.bytes
    }

    /// A published report (scheme 1, before the root): no program id, the time then a zero byte.
    package static func publishedReportV1(publishedAt: String, body: [UInt8]) -> [UInt8] {
        Domain.publishedReportV1 + Array(publishedAt.utf8) + [0] + body
    }
}

/// Builds canonical byte strings: a context, the program id, then fixed-size integers (big-endian),
/// raw bytes of fixed length, and strings with a 2-byte length.
package struct CanonicalBytes {
    package private(set) var bytes: [UInt8]

    package init(_ context: [UInt8], _ programID: Identifier) {
        bytes = context + programID.bytes
    }

    package mutating func raw(_ data: [UInt8]) { bytes += data }
    package mutating func u8(_ v: UInt8) { bytes.append(v) }
    package mutating func u32(_ v: UInt32) { bytes += (0..<4).reversed().map { UInt8((v >> (UInt32($0) * 8)) & 0xFF) } }
    package mutating func u64(_ v: UInt64) { bytes += (0..<8).reversed().map { UInt8((v >> (UInt64($0) * 8)) & 0xFF) } }
    package mutating func string(_ s: String) {
        let utf8 = Array(s.utf8.prefix(Int(UInt16.max)))
        bytes += [UInt8(utf8.count >> 8), UInt8(utf8.count & 0xFF)]
        bytes += utf8
    }
}
