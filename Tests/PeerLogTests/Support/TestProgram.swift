import Foundation
@testable import PeerLog
@testable import PeerLogFormat

/// A fresh program in its own temporary directory (Swift Testing runs tests in parallel), with the
/// cheapest KDF so tests stay fast. Removed when released.
final class TestProgram: @unchecked Sendable {
    let directory: String
    let store: PeerLogStore
    let keyring: ProgramKeyring
    let coordinatorPassphrase: SecretBytes
    var path: String { store.path }

    static let today = try! CalendarDate(year: 2026, month: 1, day: 5)

    init(name: String = "Test Peer Support") throws {
        directory = try makeTemporaryDirectory()
        coordinatorPassphrase = secret(strong("coordinator passphrase 1"))
        let (store, _) = try PeerLogStore.createProgram(
            at: directory + "/peerlog.db", name: name, coordinator: "Capt. Test Coordinator",
            passphrase: coordinatorPassphrase, kdf: .minimum, today: Self.today)
        self.store = store
        keyring = try store.unlockProgram(passphrase: coordinatorPassphrase)
    }

    /// Enrols `name` with `passphrase(of: name)` and returns the unlocked credential.
    @discardableResult
    func enrol(_ name: String) throws -> AdvisorCredential {
        try store.addAdvisor(name: name, passphrase: secret(Self.passphrase(of: name)), authority: keyring,
                             kdf: .minimum, today: Self.today)
        return try store.unlockAdvisor(named: name, passphrase: secret(Self.passphrase(of: name)))
    }

    /// A command-staff session: a credential granted to `name` and presented at once.
    func commandStaff(_ name: String = "Chief Test Reader") throws -> CommandStaffSession {
        let issued = try store.grantAccess(to: name, authority: keyring, today: Self.today)
        return try store.authenticateCommandStaff(credential: secret(issued.printable))
    }

    /// The passphrase `enrol` gives `name`: "passphrase of NAME", made strong.
    static func passphrase(of name: String) -> String { strong("passphrase of \(name)") }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

func makeTemporaryDirectory() throws -> String {
    var template = Array((NSTemporaryDirectory() + "/peerlog-test-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
    return String(cString: made)
}

/// `label` made into a passphrase that `PassphrasePolicy` accepts, by four random words after it:
/// distinct labels stay distinct passphrases, and a test still reads as what it means.
func strong(_ label: String) -> String { label + " tundra quiver basil mosaic" }

func secret(_ text: String) -> SecretBytes {
    var bytes = Array(text.utf8)
    return try! SecretBytes(consuming: &bytes)
}

func time(_ text: String) throws -> ServiceTime {
    try ServiceTime(parsing: text, in: TimeZone(secondsFromGMT: -6 * 3600)!)
}

/// The raw bytes of a file, or empty if it does not exist.
func rawBytes(_ path: String) -> [UInt8] {
    (FileManager.default.contents(atPath: path)).map { [UInt8]($0) } ?? []
}

/// How many times `needle` occurs in `haystack`.
func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
    guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
    var count = 0
    let first = needle[0]
    var i = 0
    let last = haystack.count - needle.count
    while i <= last {
        if haystack[i] == first, Array(haystack[i..<i + needle.count]) == needle { count += 1 }
        i += 1
    }
    return count
}
