import Foundation
import GRDB

/// Someone who can write the database file and holds no secret, editing it as the `sqlite3` shell
/// would: foreign keys off (the shell's default), any guarding trigger dropped first.
struct FileWriter {
    let path: String

    private func queue() throws -> DatabaseQueue {
        var config = Configuration()
        config.foreignKeysEnabled = false
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// Runs `sql` after dropping `triggers` (every guard by default), then puts them back exactly
    /// as they were, as a careful attacker would: PeerLog refuses to sign over a schema that is
    /// not its own, so leaving them dropped would only be caught sooner.
    func execute(_ sql: String, _ arguments: StatementArguments = [], dropping triggers: [String] = FileWriter.guards) throws {
        try queue().writeWithoutTransaction { db in
            var dropped: [String] = []
            for trigger in triggers {
                if let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", arguments: [trigger]) {
                    dropped.append(definition)
                    try db.execute(sql: "DROP TRIGGER \(trigger)")
                }
            }
            try db.execute(sql: sql, arguments: arguments)
            for definition in dropped { try db.execute(sql: definition) }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T { try queue().read(body) }

    static let guards = ["usage_form_no_update", "usage_form_no_delete", "audit_event_no_update", "audit_event_no_delete",
                         "published_report_no_update", "published_report_no_delete", "publishing_key_no_update",
                         "publishing_key_no_delete", "signed_head_no_update", "signed_head_no_delete",
                         "form_void_no_update", "form_void_no_delete"]
}
