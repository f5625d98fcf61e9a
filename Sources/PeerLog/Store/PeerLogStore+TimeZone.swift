import Foundation
import GRDB

/// The program's time zone: where its advisors serve. Times of service are asked, shown and
/// pre-filled in it (the terminal prompt, `--at`, the web form), whatever the time zone of the
/// computer that runs a command. Each form keeps its own UTC offset, so changing the setting
/// never moves a filed form. Stored as the signed setting `time-zone` (an IANA name).
extension PeerLogStore {
    static let timeZoneSetting = "time-zone"

    /// The program's time zone; a program set up before PeerLog stored one uses the host's.
    public func programTimeZone() throws -> TimeZone {
        let name = try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [Self.timeZoneSetting]) }
        return name.flatMap(TimeZone.init(identifier:)) ?? .current
    }

    /// Whether the program has its own time zone, rather than falling back to the host's.
    public func hasProgramTimeZone() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM setting WHERE name = ?", arguments: [Self.timeZoneSetting]) ?? false }
    }

    /// Sets the program's time zone; the setting is signed by the program root.
    public func setTimeZone(_ zone: ProgramTimeZone, keyring: ProgramKeyring) throws {
        try rootedWrite(keyring, action: "settings-time-zone") { db in try Self.storeTimeZone(db, zone, keyring) }
    }

    static func storeTimeZone(_ db: Database, _ zone: ProgramTimeZone, _ keyring: ProgramKeyring) throws {
        let signature = try keyring.root.sign(RootSigned.settingEntry(programID: keyring.programID, name: timeZoneSetting, value: zone.identifier))
        try db.execute(sql: "INSERT OR REPLACE INTO setting (name, value, signature) VALUES (?, ?, ?)",
                       arguments: [timeZoneSetting, zone.identifier, Data(signature)])
    }
}

/// An IANA time zone name PeerLog accepts for a program: one the system knows, written as
/// `Area/City` (not an abbreviation such as CST, whose meaning changes with the season).
public struct ProgramTimeZone: Sendable, Equatable {
    public let identifier: String

    /// - Throws: `InputError.unknownTimeZone`.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 64, trimmed.contains("/") || trimmed == "UTC",
              let zone = TimeZone(identifier: trimmed), zone.identifier == trimmed else {
            throw InputError.unknownTimeZone(text)
        }
        identifier = trimmed
    }

    /// The host's time zone, when it has an IANA name PeerLog accepts.
    public static var host: ProgramTimeZone? { try? ProgramTimeZone(TimeZone.current.identifier) }
}
