/// Every domain-separation string, magic number and version byte of PeerLog's formats, in one
/// place. Each hash, signature, checksum and associated-data input starts with its own string, so
/// bytes made for one purpose are never accepted for another. Changing any value here breaks every
/// existing database; the known-answer vectors in `Tests/Vectors` fail if one changes.
/// docs/FORMAT.md lists them with where each is used.
package enum Domain {
    /// A context string followed by one zero byte, as every signed or hashed structure begins.
    package static func context(_ name: String) -> [UInt8] { Array(name.utf8) + [0] }

    // MARK: Sealed usage forms (FORMAT.md §5)

    /// "PLUF": PeerLog usage form.
    package static let formMagic: [UInt8] = [0x50, 0x4C, 0x55, 0x46]
    /// Version 1: no recipient inside the signed body. Read, never written.
    package static let formVersion1: UInt8 = 1
    /// Version 2: the signed body names the program and the program key it was sealed to.
    package static let formVersion2: UInt8 = 2
    /// Version 3, the one written: version 2 with the entry byte (`FormOrigin`) before the advisor
    /// id, which says whether the advisor's key or the program root signed the form.
    package static let formVersion3: UInt8 = 3
    package static let formSignatureV1 = context("peerlog usage form v1")
    package static let formSignatureV2 = context("peerlog usage form v2")
    /// Signs a version-3 body, by the advisor (entry 0x00) or by the program root (entry 0x01).
    package static let formSignatureV3 = context("peerlog usage form v3")
    package static let formHash = context("peerlog form hash v1")

    // MARK: Wrapped keys (§3)

    package static let programKeyWrap = context("peerlog program key v1")
    /// Advisor seeds wrapped before the program root existed: no root in the associated data.
    package static let advisorKeyWrapV1 = context("peerlog advisor key v1")
    /// Advisor seeds bound to the program root: swapping the root breaks the advisor's unlock.
    package static let advisorKeyWrapV2 = context("peerlog advisor key v2")
    /// A deputy coordinator's X25519 secret key, bound to the program root like an advisor's.
    package static let deputyKeyWrap = context("peerlog deputy key v1")

    // MARK: Codes people copy by hand (§4)

    package static let recoveryCodeChecksum = "peerlog recovery code"
    package static let credentialChecksum = "peerlog access credential"
    package static let credentialVerifier = context("peerlog access credential verifier v1")
    /// Key for the MAC that binds a credential to the program root, derived from the credential.
    package static let credentialRootKey = context("peerlog access credential root key v1")
    package static let credentialRootBinding = context("peerlog access credential root binding v1")

    // MARK: The program root and what it signs (§9)

    /// `crypto_kdf` context and subkey id of the program root, derived from program key 1. (The
    /// same key signed published reports before it was called the root.)
    package static let rootKDFContext = "PLpublsh"
    package static let rootKDFSubkey: UInt64 = 1
    package static let programKeyCertificate = context("peerlog program key certificate v1")
    package static let rosterEntry = context("peerlog roster entry v1")
    package static let credentialEntry = context("peerlog access credential entry v1")
    package static let settingEntry = context("peerlog setting v1")
    package static let deputyEntry = context("peerlog deputy entry v1")
    package static let signedHead = context("peerlog signed head v1")
    package static let programState = context("peerlog program state v1")
    package static let publishedReportV1 = context("peerlog published report v1")
    package static let publishedReportV2 = context("peerlog published report v2")
    /// A publication withdrawn for readers (§9.9).
    package static let publicationWithdrawal = context("peerlog publication withdrawal v1")
    /// The random seed of a publication, sealed to the program key (§9.10).
    package static let publicationSeed = context("peerlog publication seed v1")
    /// A void: what is sealed to the program key (which form, why, when) (§5.5).
    package static let formVoid = context("peerlog form void v1")
    /// A void as the root signs it: the row's id, its key and its sealed bytes (§5.5, §9.5), and
    /// the state's voids section (§9.6).
    package static let formVoidEntry = context("peerlog form void entry v1")

    // MARK: The audit trail (§8)

    package static let auditEntry = context("peerlog audit v1")
}
