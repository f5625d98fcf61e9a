import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import PeerLog
@testable import PeerLogServer

/// A program in a temporary directory with two advisors (cheapest KDF), one retired, and a
/// command-staff credential, plus helpers to talk to the intake service.
final class ServerFixture: @unchecked Sendable {
    let directory: String
    let store: PeerLogStore
    let keyring: ProgramKeyring
    let coordinatorPassphrase: SecretBytes
    let credential: String
    static let zone = TimeZone(identifier: "America/Chicago")!

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/peerlog-server-XXXXXX").utf8CString)
        directory = String(cString: mkdtemp(&template)!)
        let today = try CalendarDate(parsing: "2026-01-05")
        var pass = Array(Self.strong("coordinator passphrase").utf8)
        let coordinator = try SecretBytes(consuming: &pass)
        (store, _) = try PeerLogStore.createProgram(at: directory + "/p.db", name: "Joplin PD Peer Support", coordinator: "Capt. Dana Reyes",
                                                   passphrase: coordinator, kdf: .minimum, today: today)
        keyring = try store.unlockProgram(passphrase: coordinator)
        coordinatorPassphrase = coordinator
        for name in ["Sgt. Ana Ortiz", "Ofc. Ben Carter"] {
            var bytes = Array(Self.passphrase(of: name).utf8)
            try store.addAdvisor(name: name, passphrase: try SecretBytes(consuming: &bytes), authority: keyring, kdf: .minimum, today: today)
        }
        _ = try store.retireAdvisor(named: "Ofc. Ben Carter", authority: keyring, today: today)
        credential = try store.grantAccess(to: "Chief Lee", authority: keyring, today: today).printable
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// `label` made into a passphrase that PeerLog accepts for a new one (four random words after it).
    static func strong(_ label: String) -> String { label + " tundra quiver basil mosaic" }

    /// The passphrase each advisor of the fixture was enrolled with.
    static func passphrase(of name: String) -> String { strong("passphrase of \(name)") }

    func server(failureLimit: Int = 5) -> IntakeServer { IntakeServer(store: store, failureLimit: failureLimit, timeZone: Self.zone) }

    /// A form body; `extra` adds fields a client should not send.
    static func body(token: String = "0123456789abcdef0123456789abcdef", advisor: String = "Sgt. Ana Ortiz",
                     passphrase: String = passphrase(of: "Sgt. Ana Ortiz"), at: String = "2026-01-10T21:45",
                     incident: String = "critical-incident", intervention: String = "group-support", extra: String = "") -> ByteBuffer {
        func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
        return ByteBuffer(string: "csrf=\(token)&advisor=\(enc(advisor))&passphrase=\(enc(passphrase))&at=\(enc(at))"
            + "&incident=\(incident)&intervention=\(intervention)" + extra)
    }

    static func headers(token: String = "0123456789abcdef0123456789abcdef") -> HTTPFields {
        [.contentType: "application/x-www-form-urlencoded", .cookie: "peerlog_csrf=\(token)"]
    }
}
