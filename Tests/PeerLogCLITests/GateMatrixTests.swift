import Foundation
import GRDB
import Testing
@testable import PeerLog

/// Every command of the CLI, read from the command tree itself, run as each kind of person with
/// exactly what that person holds: nothing, a command-staff credential, an advisor's name and
/// passphrase, the coordinator's passphrase. Each outcome must be what `Policy.decide` says for
/// that role and the command's request: allowed (exit 0), referred (exit 3, naming the
/// coordinator) or denied (exit 77, with the policy's reason). The deputy coordinator is a fifth. A refused run must leave every
/// record as it was: the gate runs before any side effect. A new command that is missing from
/// `cases` fails the test, so it cannot join the CLI without a row here.
@Suite("The gate: every command × every kind of person, against the policy", .tags(.slow), .timeLimit(.minutes(15)))
struct GateMatrixTests {
    /// One way to run a command: the request it makes, its arguments (`{run}` is replaced with a
    /// directory of its own), and its standard input.
    struct Case {
        let request: Request
        let arguments: [String]
        var input: String? = nil
        /// What the coordinator gives instead of the passphrase (the recovery code, which only the
        /// coordinator holds), so that no one else's run carries it.
        var coordinatorHolds: [String]? = nil
    }

    static let coordinatorName = "Capt. Dana Reyes"
    static let advisorName = "Sgt. Ana Ortiz"
    static let deputyName = "Lt. Omar Haddad"

    /// Each leaf command (by its path) and the requests it makes. Arguments are minimal and valid,
    /// so an allowed run succeeds.
    static let cases: [String: [Case]] = [
        "init": [Case(request: .createProgram, arguments: ["--db", "{run}/new.db", "--program", "Another", "--coordinator", "Lt. New",
                                                           "--new-passphrase-file", "{home}/new.pass", "--kdf", "interactive"])],
        "types": [Case(request: .listTypes, arguments: [])],
        "demo": [Case(request: .createProgram, arguments: ["--dir", "{run}/demo"])],
        "advisor add": [Case(request: .manageRoster, arguments: ["Ofc. Kim Park", "--advisor-passphrase-file", "{home}/new.pass"])],
        "advisor list": [Case(request: .listRoster, arguments: [])],
        "advisor retire": [Case(request: .manageRoster, arguments: [advisorName])],
        "advisor train": [Case(request: .manageRoster, arguments: [advisorName, "--topic", "referrals", "--on", "2026-01-05"])],
        "deputy add": [Case(request: .appointCoordinators, arguments: ["Lt. Nia Brooks", "--deputy-passphrase-file", "{home}/new.pass", "--kdf", "interactive"])],
        "deputy list": [Case(request: .listRoster, arguments: [])],
        "deputy remove": [Case(request: .appointCoordinators, arguments: [deputyName, "--kdf", "interactive"])],
        "deputy passphrase": [Case(request: .changeDeputyPassphrase, arguments: ["--new-passphrase-file", "{home}/new.pass"])],
        "settings coordinator": [Case(request: .readSettings, arguments: []),
                                 Case(request: .appointCoordinators, arguments: ["Capt. Lee Moreno"])],
        "maintain": [Case(request: .backup, arguments: ["--backup-dir", "{run}/backups"])],
        "advisor due": [Case(request: .listRoster, arguments: [])],
        "settings training-interval": [Case(request: .readSettings, arguments: []),
                                       Case(request: .manageRoster, arguments: ["12m"])],
        "advisor passphrase": [Case(request: .changeOwnPassphrase, arguments: ["--new-passphrase-file", "{home}/new.pass"])],
        "file": [Case(request: .fileForm, arguments: [], input: "incident=other\nintervention=one-on-one\nat=2026-02-03 10:00\n"),
                 Case(request: .fileOnPaper, arguments: ["--on-behalf-of", advisorName], input: "incident=other\nintervention=one-on-one\nat=2026-02-03 10:00\n"),
                 Case(request: .fileOnPaper, arguments: ["--batch", "{home}/paper.csv"]),
                 Case(request: .fileOnPaper, arguments: ["--batch", "{home}/paper.csv", "--dry-run"])],
        "forms": [Case(request: .listForms, arguments: ["--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"])],
        "void": [Case(request: .voidForm, arguments: ["{ref}", "--reason", "wrong-type"])],
        "report show": [Case(request: .coordinatorReport, arguments: ["--from", "2026-01-01", "--to", "2026-12-31"]),
                        Case(request: .coordinatorReport, arguments: ["--audience", "command-staff", "--from", "2026-01-01", "--to", "2026-06-30", "--by", "month"])],
        "report annual": [Case(request: .coordinatorReport, arguments: ["--year", "2025"]),
                          Case(request: .coordinatorReport, arguments: ["--year", "2025", "--audience", "command-staff"])],
        "report publish": [Case(request: .coordinatorReport, arguments: ["--from", "2026-01-01", "--to", "2026-06-30", "--by", "month"]),
                           Case(request: .coordinatorReport, arguments: ["--year", "2025"])],
        "report latest": [Case(request: .readPublishedReport, arguments: [])],
        "report published": [Case(request: .readPublishedReport, arguments: [])],
        "report get": [Case(request: .readPublishedReport, arguments: ["1"])],
        "report withdraw": [Case(request: .coordinatorReport, arguments: ["1"])],
        "report decline": [Case(request: .coordinatorReport, arguments: ["1", "--reason", "too-few-forms"])],
        "report request": [Case(request: .requestReport, arguments: ["--from", "2025-01-01", "--to", "2025-12-31"])],
        "report requests": [Case(request: .coordinatorReport, arguments: [])],
        "query usage": [Case(request: .queryUsage, arguments: [], input: "advisor=\(advisorName)\n"),
                        Case(request: .queryUsage, arguments: ["--about-member", "Ofc. Quentin Zebulon"])],
        "access grant": [Case(request: .manageAccess, arguments: ["Lt. Mara Voss", "--output", "{run}/voss.cred"])],
        "access revoke": [Case(request: .manageAccess, arguments: ["Chief Lee"])],
        "access list": [Case(request: .manageAccess, arguments: [])],
        "audit show": [Case(request: .showAudit, arguments: [])],
        "audit verify": [Case(request: .verifyAudit, arguments: [])],
        "audit head": [Case(request: .verifyAudit, arguments: [])],
        "passphrase change": [Case(request: .manageKeys, arguments: ["--new-passphrase-file", "{home}/new.pass", "--kdf", "interactive"])],
        "recover": [Case(request: .manageKeys, arguments: ["--new-passphrase-file", "{home}/new.pass", "--kdf", "interactive"],
                         coordinatorHolds: ["--recovery-code-file", "{home}/recovery.code"])],
        "key rotate": [Case(request: .manageKeys, arguments: ["--kdf", "interactive"])],
        "backup": [Case(request: .backup, arguments: ["{run}/copy.db"])],
        "restore": [Case(request: .restore, arguments: ["{home}/backup.db", "--rollback"])],
        "verify": [Case(request: .verifyAudit, arguments: [])],
        "purge": [Case(request: .purge, arguments: ["--before", "2000-01-01"])],
        "settings retention": [Case(request: .readSettings, arguments: []),
                               Case(request: .purge, arguments: ["3y"])],
        "settings noise-budget": [Case(request: .readSettings, arguments: []),
                                  Case(request: .changeSettings, arguments: ["2"])],
        "settings time-zone": [Case(request: .readSettings, arguments: []),
                               Case(request: .changeSettings, arguments: ["Europe/Berlin"])],
        "upgrade": [Case(request: .manageKeys, arguments: [])],
        "serve": [Case(request: .runIntake, arguments: ["--port", "{port}"])],
    ]

    /// What each kind of person holds, as options.
    static func holdings(_ role: Role, home: String) -> [String] {
        switch role {
        case .anyone: return []
        case .commandStaff: return ["--credential-file", home + "/chief.cred"]
        case .advisor: return ["--advisor", advisorName, "--passphrase-file", home + "/ana.pass"]
        case .coordinator: return ["--passphrase-file", home + "/coordinator.pass"]
        case .deputy: return ["--deputy", deputyName, "--passphrase-file", home + "/deputy.pass"]
        }
    }

    /// A program with a coordinator, one advisor who filed a form, a command-staff credential, a
    /// published report, a backup, and the recovery code in a file.
    static func template(_ cli: PeerLogRunner) throws {
        let coordinator = try cli.secretFile("coordinator.pass", strong("coordinator passphrase"))
        let ana = try cli.secretFile("ana.pass", strong("ana's own passphrase"))
        let deputy = try cli.secretFile("deputy.pass", strong("the deputy's own passphrase"))
        _ = try cli.secretFile("new.pass", strong("a brand new passphrase"))
        _ = try cli.secretFile("paper.csv", "advisor,time,incident,intervention\n\(advisorName),2026-02-04 10:00,other,referral")
        let set = try cli.run(["init", "--program", "Joplin PD Peer Support", "--coordinator", coordinatorName,
                               "--new-passphrase-file", coordinator, "--kdf", "interactive"])
        guard set.status == 0 else { throw SetUpFailed(step: "init", stderr: set.stderr) }
        let lines = set.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let mark = lines.firstIndex(where: { $0.hasPrefix("RECOVERY CODE") }),
              let code = lines[(mark + 1)...].first(where: { !$0.isEmpty }) else {
            throw SetUpFailed(step: "init (recovery code)", stderr: set.stdout)
        }
        _ = try cli.secretFile("recovery.code", code)
        let steps: [(String, [String])] = [
            ("advisor add", ["advisor", "add", advisorName, "--passphrase-file", coordinator, "--advisor-passphrase-file", ana]),
            ("deputy add", ["deputy", "add", deputyName, "--passphrase-file", coordinator, "--deputy-passphrase-file", deputy, "--kdf", "interactive"]),
            ("file", ["file", "--advisor", advisorName, "--passphrase-file", ana, "--incident", "other",
                      "--intervention", "one-on-one", "--at", "2026-01-05 10:00"]),
            ("access grant", ["access", "grant", "Chief Lee", "--output", cli.home + "/chief.cred", "--passphrase-file", coordinator]),
            ("report publish", ["report", "publish", "--from", "2026-01-01", "--to", "2026-03-31", "--passphrase-file", coordinator]),
            ("report request", ["report", "request", "--from", "2026-04-01", "--to", "2026-06-30", "--credential-file", cli.home + "/chief.cred"]),
            ("backup", ["backup", cli.home + "/backup.db"]),
        ]
        for (step, arguments) in steps {
            let done = try cli.run(arguments)
            guard done.status == 0 else { throw SetUpFailed(step: step, stderr: done.stderr) }
        }
    }

    /// Everything a refused request must leave alone: every table but the audit trail, the
    /// signed heads that follow it, and the day's tally of requests without a secret.
    static func records(_ path: String) throws -> String {
        let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table'
                AND name NOT IN ('audit_event', 'signed_head', 'request_tally') AND name NOT LIKE 'sqlite_%' ORDER BY name
                """)
            var dump = ""
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY 1") { dump += table + " " + row.description + "\n" }
            }
            return dump
        }
    }

    /// The REF of the template's only form: its id's first eight hex digits.
    static func formReference(_ path: String) throws -> String {
        let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        let id = try queue.read { db in try Data.fetchOne(db, sql: "SELECT form_id FROM usage_form") } ?? Data()
        return String(id.map { String(format: "%02x", $0) }.joined().prefix(8))
    }

    @Test func everyCommandMeetsThePolicyForEveryone() throws {
        let cli = try PeerLogRunner()
        try Self.template(cli)
        let all = try BoundaryInputTests.leaves(cli)
        // The leaves: commands without subcommands of their own ('report' alone is 'report show').
        let leaves = all.filter { leaf in
            leaf.path.last != "help" && !all.contains { $0.path.count > leaf.path.count && Array($0.path.prefix(leaf.path.count)) == leaf.path }
        }
        #expect(leaves.count >= 30, "the command tree was not read: \(leaves.count) leaves")
        let missing = leaves.map { $0.path.joined(separator: " ") }.filter { Self.cases[$0] == nil }
        #expect(missing.isEmpty, "commands missing from the gate matrix: \(missing)")
        let known = Set(leaves.map { $0.path.joined(separator: " ") })
        #expect(Set(Self.cases.keys).subtracting(known).isEmpty, "rows for commands that no longer exist")
        let template = try Self.records(cli.db)
        // The one form Ana filed, by its REF ('void' takes it).
        let formReference = try Self.formReference(cli.db)

        var problems: [String] = []
        var runs = 0
        for leaf in leaves {
            let name = leaf.path.joined(separator: " ")
            let takesGlobals = leaf.arguments.contains { ($0["names"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "credential-file" } }
            for (index, test) in (Self.cases[name] ?? []).enumerated() {
                // A command without the global options proves no role: it must be one the policy
                // allows to everyone, so no role could be wrongly let through.
                let roles: [Role] = takesGlobals ? Role.allCases : [.anyone]
                if !takesGlobals {
                    for role in Role.allCases where Policy.decide(role, test.request) != .allow {
                        problems.append("\(name) takes no credentials but \(test.request) is not allowed to \(role)")
                    }
                }
                for role in roles {
                    runs += 1
                    let run = cli.home + "/run-\(runs)"
                    try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: false)
                    let db = run + "/peerlog.db"
                    try FileManager.default.copyItem(atPath: cli.db, toPath: db)
                    let port = String(20_000 + Int.random(in: 0..<20_000))
                    let ownDatabase = takesGlobals && !test.arguments.contains("--db")
                    let held: [String] = role == .coordinator && test.coordinatorHolds != nil
                        ? test.coordinatorHolds ?? [] : Self.holdings(role, home: cli.home)
                    var arguments = leaf.path
                    if ownDatabase { arguments += ["--db", db] }
                    for argument in test.arguments + held {
                        arguments.append(argument.replacingOccurrences(of: "{run}", with: run)
                            .replacingOccurrences(of: "{home}", with: cli.home).replacingOccurrences(of: "{port}", with: port)
                            .replacingOccurrences(of: "{ref}", with: formReference))
                    }
                    var input = "/dev/null"
                    if let text = test.input { input = try cli.secretFile("run-\(runs).in", text.trimmingCharacters(in: .newlines)) }
                    let label = "peerlog \(arguments.joined(separator: " ")) [as \(role), case \(index)]"
                    let child = try cli.start(arguments, tag: "run-\(runs)", standardInput: input)
                    let decision = Policy.decide(role, test.request)
                    if test.request == .runIntake {
                        // The intake runs until stopped: allowed means it said it is serving.
                        let serving = SecretExposureTests.waitUntil(within: 30) {
                            (FileManager.default.contents(atPath: cli.home + "/run-\(runs).out")).map { String(decoding: $0, as: UTF8.self).contains("Serving") } ?? false
                        }
                        child.kill()
                        let outcome = child.wait()
                        if decision == .allow, !serving { problems.append("\(label): expected to serve\n\(outcome.stderr.suffix(300))") }
                        continue
                    }
                    guard let outcome = child.wait(timeout: 120) else { problems.append("\(label): hung"); continue }
                    let status = outcome.exitStatus ?? -1
                    switch decision {
                    case .allow:
                        if status != 0 { problems.append("\(label): expected allowed, got exit \(status)\n\(outcome.stderr.suffix(300))") }
                    case .refer:
                        if status != 3 || !outcome.stdout.contains("go to the Program Coordinator, \(Self.coordinatorName) (or the deputy coordinator, \(Self.deputyName))") {
                            problems.append("\(label): expected a referral, got exit \(status)\n\(outcome.stdout.suffix(200))\(outcome.stderr.suffix(300))")
                        }
                    case let .deny(reason):
                        if status != 77 || !outcome.stderr.contains(reason) {
                            problems.append("\(label): expected denied (\(reason)), got exit \(status)\n\(outcome.stderr.suffix(300))")
                        }
                    }
                    if decision != .allow, takesGlobals, let after = try? Self.records(db), after != template {
                        problems.append("\(label): refused, yet the records changed")
                    }
                }
            }
        }
        #expect(runs >= 180, "only \(runs) runs")
        #expect(problems.isEmpty, "\(problems.count) of \(runs) runs did not match the policy:\n\(problems.prefix(12).joined(separator: "\n"))")
    }
}
