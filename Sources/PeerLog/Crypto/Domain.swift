/// Every domain-separation string, magic number and version byte of PeerLog's formats, in one
/// place. Each hash, signature, checksum and associated-data input starts with its own string, so
/// bytes made for one purpose are never accepted for another. Changing any value here breaks every
/// existing database; the known-answer vectors in `Tests/Vectors` fail if one changes.
/// docs/FORMAT.md lists them with where each is used.
enum Domain {
    /// A context string followed by one zero byte, as every signed or hashed structure begins.
    static func context(_ name: String) -> [UInt8] { Array(name.utf8) + [0] }

    // MARK: Sealed usage forms (FORMAT.md §5)

    /// "PLUF": PeerLog usage form.
    static let formMagic: [UInt8] = [0x50, 0x4C, 0x55, 0x46]
    /// Version 1: no recipient inside the signed body. Read, never written.
    static let formVersion1: UInt8 = 1
    /// Version 2: the signed body names the program and the program key it was sealed to.
    static let formVersion2: UInt8 = 2
    static let formSignatureV1 = context("peerlog usage form v1")
    static let formSignatureV2 = context("peerlog usage form v2")
    static let formHash = context("peerlog form hash v1")

    // MARK: Wrapped keys (§3)

    static let programKeyWrap = context("peerlog program key v1")
    /// Advisor seeds wrapped before the program root existed: no root in the associated data.
    static let advisorKeyWrapV1 = context("peerlog advisor key v1")
    /// Advisor seeds bound to the program root: swapping the root breaks the advisor's unlock.
    static let advisorKeyWrapV2 = context("peerlog advisor key v2")

    // MARK: Codes people copy by hand (§4)

    static let recoveryCodeChecksum = "peerlog recovery code"
    static let credentialChecksum = "peerlog access credential"
    static let credentialVerifier = context("peerlog access credential verifier v1")
    /// Key for the MAC that binds a credential to the program root, derived from the credential.
    static let credentialRootKey = context("peerlog access credential root key v1")
    static let credentialRootBinding = context("peerlog access credential root binding v1")

    // MARK: The program root and what it signs (§9)

    /// `crypto_kdf` context and subkey id of the program root, derived from program key 1. (The
    /// same key signed published reports before it was called the root.)
    static let rootKDFContext = "PLpublsh"
    static let rootKDFSubkey: UInt64 = 1
    static let programKeyCertificate = context("peerlog program key certificate v1")
    static let rosterEntry = context("peerlog roster entry v1")
    static let credentialEntry = context("peerlog access credential entry v1")
    static let settingEntry = context("peerlog setting v1")
    static let signedHead = context("peerlog signed head v1")
    static let programState = context("peerlog program state v1")
    static let publishedReportV1 = context("peerlog published report v1")
    static let publishedReportV2 = context("peerlog published report v2")

    // MARK: The audit trail (§8)

    static let auditEntry = context("peerlog audit v1")
}
