/// The random seed a publication's choices were drawn from, sealed to a program key
/// (docs/FORMAT.md §9.10). Only the coordinator can open it and replay the choices; a reader of the
/// database file, who could otherwise rerun the algorithm with it, cannot.
package enum PublicationSeed {
    /// The sealed form's length: context, program id, report id, seed, and the sealed box's overhead.
    package static var sealedLength: Int { Domain.publicationSeed.count + Identifier.length + 8 + SeededRandom.seedLength + SealedBox.overhead }

    static func plaintext(programID: Identifier, reportID: Int64, seed: [UInt8]) -> [UInt8] {
        var out = CanonicalBytes(Domain.publicationSeed, programID)
        out.u64(UInt64(bitPattern: reportID))
        out.raw(seed)
        return out.bytes
    }

    /// - Throws: `CryptoError` when the key or seed has the wrong size.
    package static func seal(_ seed: [UInt8], programID: Identifier, reportID: Int64, to publicKey: [UInt8]) throws -> [UInt8] {
        guard seed.count == SeededRandom.seedLength else {
            throw CryptoError.wrongSize(what: "random seed", expected: SeededRandom.seedLength, actual: seed.count)
        }
        return try SealedBox.seal(plaintext(programID: programID, reportID: reportID, seed: seed), to: publicKey)
    }

    /// The seed, if `sealed` opens with `keys` and names this program and publication.
    /// - Throws: `CryptoError.sealedBoxRejected` otherwise.
    package static func open(_ sealed: [UInt8], programID: Identifier, reportID: Int64, with keys: ProgramKeyPair) throws -> [UInt8] {
        let opened = try SealedBox.open(sealed, with: keys)
        let prefix = plaintext(programID: programID, reportID: reportID, seed: [])
        guard opened.count == prefix.count + SeededRandom.seedLength, Array(opened.prefix(prefix.count)) == prefix else {
            throw CryptoError.sealedBoxRejected
        }
        return Array(opened.suffix(SeededRandom.seedLength))
    }
}
