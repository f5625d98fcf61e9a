import Foundation
import GRDB

extension PeerLogStore {
    /// The privacy loss allowed per month of forms, summed over every noisy publication covering
    /// that month; nil when none is set (then noise is refused: it could not be accounted for).
    public func noiseBudget() throws -> Epsilon? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'noise-budget'") }
            .flatMap { try? Epsilon(parsing: $0) }
    }

    /// Sets or clears the noise budget; the setting is signed by the program root, like retention.
    public func setNoiseBudget(_ budget: Epsilon?, keyring: ProgramKeyring) throws {
        try rootedWrite(keyring, action: "settings-noise-budget") { db in
            if let budget {
                let value = budget.description
                let signature = try keyring.root.sign(RootSigned.settingEntry(programID: keyring.programID, name: "noise-budget", value: value))
                try db.execute(sql: "INSERT OR REPLACE INTO setting (name, value, signature) VALUES ('noise-budget', ?, ?)",
                               arguments: [value, Data(signature)])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE name = 'noise-budget'")
            }
        }
    }
}
