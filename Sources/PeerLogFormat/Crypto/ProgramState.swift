/// Everything the program root vouches for at one moment, and its digest (docs/FORMAT.md §9.6).
///
/// Every signed head carries this digest. Only coordinator actions change these rows, and each
/// signs a new head in the same transaction, so at any moment the digest of the rows must equal the
/// newest head's. A row added, removed, or put back in an older, once-genuine version (a revoked
/// credential un-revoked, a retired advisor made active, the newest program key deleted) changes
/// it, even though each row's own signature may still verify.
package struct ProgramState {
    package struct Key: Sendable {
        package let id: Int64, active: Bool, content: [UInt8], certificate: [UInt8]?
        package init(id: Int64, active: Bool, content: [UInt8], certificate: [UInt8]?) {
            (self.id, self.active, self.content, self.certificate) = (id, active, content, certificate)
        }
    }
    package struct Wrap: Sendable {
        package let keyID: Int64, unlocker: String, salt: [UInt8], nonce: [UInt8], wrapped: [UInt8]
        package init(keyID: Int64, unlocker: String, salt: [UInt8], nonce: [UInt8], wrapped: [UInt8]) {
            (self.keyID, self.unlocker, self.salt, self.nonce, self.wrapped) = (keyID, unlocker, salt, nonce, wrapped)
        }
    }
    /// A row identified by `id` (an advisor id, a credential's name key, a setting name), the
    /// bytes its root signature covers, and that signature, if it has one.
    package struct Signed: Sendable {
        package let id: [UInt8], content: [UInt8], signature: [UInt8]?
        package init(id: [UInt8], content: [UInt8], signature: [UInt8]?) {
            (self.id, self.content, self.signature) = (id, content, signature)
        }
    }
    package struct Publication: Sendable {
        package let id: Int64, scheme: Int, body: [UInt8], signature: [UInt8]
        package init(id: Int64, scheme: Int, body: [UInt8], signature: [UInt8]) {
            (self.id, self.scheme, self.body, self.signature) = (id, scheme, body, signature)
        }
    }

    package var programID: Identifier
    package var name: String
    package var coordinator: String
    package var createdOn: String
    package var rootPublicKey: [UInt8]
    package var keys: [Key] = []
    package var wraps: [Wrap] = []
    package var roster: [Signed] = []
    package var credentials: [Signed] = []
    package var settings: [Signed] = []
    package var publications: [Publication] = []
    /// Deputy coordinators (signed entries) and the program keys sealed to each. Encoded only when
    /// there is at least one, so the digest of a program without deputies is what it always was.
    package var deputies: [Signed] = []
    package var deputyGrants: [Grant] = []
    /// Each deputy's wrapped key (id: deputy_id; content: the KDF parameters, salt, nonce and
    /// ciphertext), so that an older wrap put back, which an old passphrase opens, shows.
    package var deputyWraps: [Signed] = []
    /// Withdrawn publications, by report id: the signed bytes (§9.9) and their signature. Encoded
    /// only when there is one, so a program without withdrawals keeps the digest it always had.
    package var withdrawals: [Signed] = []
    /// Voids (§5.5), by void id: the bytes the root signed (id, key, sealed bytes) and the
    /// signature. Encoded only when there is one, so a program without voids keeps its digest; a
    /// void deleted, added or swapped behind the coordinator's back changes it.
    package var voids: [Signed] = []

    package struct Grant: Sendable {
        package let deputyID: [UInt8], keyID: Int64, sealed: [UInt8]
        package init(deputyID: [UInt8], keyID: Int64, sealed: [UInt8]) {
            (self.deputyID, self.keyID, self.sealed) = (deputyID, keyID, sealed)
        }
    }

    /// BLAKE2b-256 of the canonical encoding: each section in a fixed order, its rows sorted by id,
    /// each row by its identity, the hash of what its signature covers, and the signature; a
    /// missing signature counts as 64 zero bytes. So a row changed in any way, even one whose
    /// signature is left alone, changes the digest.
    package init(programID: Identifier, name: String, coordinator: String, createdOn: String, rootPublicKey: [UInt8]) {
        (self.programID, self.name, self.coordinator, self.createdOn, self.rootPublicKey) = (programID, name, coordinator, createdOn, rootPublicKey)
    }

    package func digest() throws -> [UInt8] {
        var out = CanonicalBytes(Domain.programState, programID)
        out.string(name)
        out.string(coordinator)
        out.string(createdOn)
        out.raw(rootPublicKey)
        let missing = [UInt8](repeating: 0, count: SigningKey.signatureLength)
        let sortedKeys = keys.sorted { $0.id < $1.id }
        out.u32(UInt32(sortedKeys.count))
        for key in sortedKeys {
            out.u64(UInt64(bitPattern: key.id))
            out.u8(key.active ? 1 : 0)
            out.raw(try Digest.blake2b(key.content))
            out.raw(key.certificate ?? missing)
        }
        let sortedWraps = wraps.sorted { ($0.keyID, $0.unlocker) < ($1.keyID, $1.unlocker) }
        out.u32(UInt32(sortedWraps.count))
        for wrap in sortedWraps {
            out.u64(UInt64(bitPattern: wrap.keyID))
            out.string(wrap.unlocker)
            out.raw(try Digest.blake2b(wrap.salt + wrap.nonce + wrap.wrapped))
        }
        for section in [roster, credentials, settings] {
            let sorted = section.sorted { $0.id.lexicographicallyPrecedes($1.id) }
            out.u32(UInt32(sorted.count))
            for row in sorted {
                out.u32(UInt32(row.id.count))
                out.raw(row.id)
                out.raw(try Digest.blake2b(row.content))
                out.raw(row.signature ?? missing)
            }
        }
        let sortedPublications = publications.sorted { $0.id < $1.id }
        out.u32(UInt32(sortedPublications.count))
        for publication in sortedPublications {
            out.u64(UInt64(bitPattern: publication.id))
            out.u8(UInt8(truncatingIfNeeded: publication.scheme))
            out.raw(try Digest.blake2b(publication.body))
            out.raw(publication.signature)
        }
        // Optional sections, each opened by its own domain string, in this order.
        if !deputies.isEmpty || !deputyGrants.isEmpty {
            let sortedDeputies = deputies.sorted { $0.id.lexicographicallyPrecedes($1.id) }
            out.raw(Domain.deputyEntry)
            out.u32(UInt32(sortedDeputies.count))
            for row in sortedDeputies {
                out.raw(row.id)
                out.raw(try Digest.blake2b(row.content))
                out.raw(row.signature ?? missing)
            }
            let sortedGrants = deputyGrants.sorted {
                $0.deputyID == $1.deputyID ? $0.keyID < $1.keyID : $0.deputyID.lexicographicallyPrecedes($1.deputyID)
            }
            out.u32(UInt32(sortedGrants.count))
            for grant in sortedGrants {
                out.raw(grant.deputyID)
                out.u64(UInt64(bitPattern: grant.keyID))
                out.raw(try Digest.blake2b(grant.sealed))
            }
            let sortedWraps = deputyWraps.sorted { $0.id.lexicographicallyPrecedes($1.id) }
            out.u32(UInt32(sortedWraps.count))
            for wrap in sortedWraps {
                out.raw(wrap.id)
                out.raw(try Digest.blake2b(wrap.content))
            }
        }
        if !withdrawals.isEmpty {
            let sortedWithdrawals = withdrawals.sorted { $0.id.lexicographicallyPrecedes($1.id) }
            out.raw(Domain.publicationWithdrawal)
            out.u32(UInt32(sortedWithdrawals.count))
            for row in sortedWithdrawals {
                out.u32(UInt32(row.id.count))
                out.raw(row.id)
                out.raw(try Digest.blake2b(row.content))
                out.raw(row.signature ?? missing)
            }
        }
        if !voids.isEmpty {
            let sortedVoids = voids.sorted { $0.id.lexicographicallyPrecedes($1.id) }
            out.raw(Domain.formVoidEntry)
            out.u32(UInt32(sortedVoids.count))
            for row in sortedVoids {
                out.raw(row.id)
                out.raw(try Digest.blake2b(row.content))
                out.raw(row.signature ?? missing)
            }
        }
        return try Digest.blake2b(out.bytes)
    }
}
