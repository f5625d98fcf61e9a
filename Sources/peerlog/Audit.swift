import ArgumentParser
import PeerLog

extension PeerLogCommand {
    /// The tamper-evident audit trail.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Show, verify or fingerprint the audit trail.",
            discussion: """
            Every entry records a role, a kind of action, a time (UTC, to the minute) and the outcome; \
            never the subject of a question, a member, or which advisor filed a form. Filings carry no \
            time at all. Each entry holds a BLAKE2b hash over the previous one, so edits, deletions and \
            reordering are detected; keep the output of 'audit head' elsewhere to detect a cut-off tail.
            """,
            subcommands: [Show.self, Verify.self, Head.self])
    }
}

extension PeerLogCommand.Audit {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "List audit entries (coordinator).")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Only entries from this UTC day on, YYYY-MM-DD.", valueName: "date"))
        var from: String?

        func run() throws {
            let from = try self.from.map { try CalendarDate(parsing: $0) }
            let store = try global.openStore()
            _ = try global.coordinatorKeyring(store, for: .showAudit)
            let rows = try store.auditEvents(from: from).map { e in
                [String(e.seq), e.at ?? "-", e.role.rawValue, e.action, e.outcome]
            }
            print(Render.table(header: ["#", "when (UTC)", "role", "action", "outcome"], rows: rows, numeric: [0]))
            let tally = try store.requestTally().filter { from == nil || $0.day >= from!.description }
            if !tally.isEmpty {
                print("\nRequests made without a secret, counted per UTC day (informational: anyone can add to these):")
                print(Render.table(header: ["day", "request", "outcome", "count"],
                                   rows: tally.map { [$0.day, $0.request, $0.outcome, String($0.count)] }, numeric: [3]))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check that the audit trail and the set of forms are intact (anyone; reveals no content).")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("What 'audit head' printed earlier (the hash, or the whole line); detects a truncated or rewritten tail.", valueName: "hex"))
        var head: String?

        func run() throws {
            let store = try global.openStore()
            _ = try global.actor(store, for: .verifyAudit)
            // Accept the whole line 'audit head' prints ("SEQ HASH") as well as the bare hash.
            let result = try store.verifyAudit(knownHead: head.flatMap { $0.split(separator: " ").last.map(String.init) })
            for finding in result.findings where !finding.isProblem { Terminal.note(finding.description) }
            guard result.isIntact else {
                throw AuditBroken(findings: result.findings.filter(\.isProblem))
            }
            print("Audit trail intact: \(result.entries) entries, \(result.forms) forms accounted for"
                  + (result.pending > 0 ? " (\(result.pending) filed since the coordinator's last action)" : "") + ".")
            if let signed = result.signedThrough, let fingerprint = result.rootFingerprint {
                print("Signed by program root \(fingerprint) through entry \(signed); compare the fingerprint with the coordinator's.")
            }
            print("Head: \(hexString(result.head))")
        }
    }

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "head",
            abstract: "Print the newest entry's hash; keep it elsewhere to detect truncation later.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            _ = try global.actor(store, for: .verifyAudit)
            let head = try store.auditHead()
            print("\(head.seq) \(hexString(head.hash))")
        }
    }
}

/// `audit verify` found a problem: the first finding is the error, the rest follow.
struct AuditBroken: PeerLogError {
    let findings: [AuditFinding]
    var description: String { findings.map(\.description).joined(separator: "; ") }
    var hint: String? { "keep a copy of the database as evidence and tell the Program Coordinator" }
    var exitStatus: ExitStatus { .invalidData }
}
