import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// No input traps the program. Every leaf command, read from the command tree itself (so a new
/// command is covered without editing this test), is run with boundary values in each of its
/// options and arguments — the first and last days PeerLog knows, leap days, a daylight-saving
/// gap and overlap, the largest and smallest numbers, empty and maximal names — and must end
/// with one of PeerLog's exit statuses, never a signal, never hung.
@Suite("Boundary input: every command ends with an exit status, never a trap", .tags(.slow), .timeLimit(.minutes(15)))
struct BoundaryInputTests {
    static let allowed: Set<Int32> = [0, 3, 64, 65, 74, 77]

    /// Hostile values by the kind of value an option names.
    static func values(for valueName: String, optionName: String) -> [String] {
        let dates = ["0001-01-01", "1970-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "9999-12-31 23:59",
                     "2026-03-08 02:30", "2026-11-01 01:30", ""]
        switch valueName {
        case "date", "time": return dates
        case "K", "port": return ["0", "-1", "9223372036854775807", "-9223372036854775808", "99999999999999999999", ""]
        case "name": return ["", String(repeating: "x", count: 64), String(repeating: "x", count: 65), "Zebul\u{043E}n", "\u{202E}name", "a\u{301}\u{301}\u{301}"]
        case "code": return ["", String(repeating: "a", count: 41), "OTHER"]
        case "period": return ["0y", "1201m", "9223372036854775807y", "", "3"]
        case "path": return optionName == "--dir" ? [] : ["", "/nonexistent/peerlog/file"]
        case "hex": return ["", "zz", String(repeating: "0", count: 64)]
        default: return ["", String(repeating: "x", count: 65), "-1"]
        }
    }

    /// A plausible value for a required option, so the command gets past the parser.
    static let defaults: [String: String] = [
        "--program": "Boundary Program", "--coordinator": "Capt. Boundary", "--topic": "referrals", "--on": "2026-01-05",
        "--from": "2026-01-01", "--to": "2026-03-31", "--advisor": "Sgt. Ana Ortiz", "--incident": "other",
        "--intervention": "one-on-one", "name": "Sgt. Ana Ortiz", "period": "3y",
    ]

    /// Leaf commands and their arguments, from `--experimental-dump-help`.
    struct Leaf {
        let path: [String]
        let arguments: [[String: Any]]
    }

    static func leaves(_ cli: PeerLogRunner) throws -> [Leaf] {
        let dump = try cli.run(["--experimental-dump-help"])
        guard let root = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any],
              let command = root["command"] as? [String: Any] else { return [] }
        var found: [Leaf] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            let arguments = command["arguments"] as? [[String: Any]] ?? []
            if !path.isEmpty, !arguments.isEmpty || subcommands.isEmpty { found.append(Leaf(path: path, arguments: arguments)) }
            for sub in subcommands { walk(sub, path + [sub["commandName"] as? String ?? "?"]) }
        }
        walk(command, [])
        return found
    }

    @Test func everyCommandSurvivesBoundaryValues() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let leaves = try Self.leaves(cli)
        #expect(leaves.count >= 30, "the command tree was not read: \(leaves.count) leaves")
        var runs: [[String]] = []
        for leaf in leaves where !["serve", "help"].contains(leaf.path.last ?? "") && leaf.path != ["demo"] {
            var base = leaf.path
            var positionals: [(name: String, optional: Bool)] = []
            var required: [String] = []
            var varied: [(flag: String?, valueName: String, name: String)] = []
            for argument in leaf.arguments {
                let kind = argument["kind"] as? String ?? ""
                let valueName = argument["valueName"] as? String ?? ""
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.map { "--" + $0 }
                let optional = argument["isOptional"] as? Bool ?? true
                if kind == "positional" {
                    positionals.append((valueName, optional))
                    varied.append((nil, valueName, valueName))
                } else if kind == "option", let flag = names.first {
                    if ["--db", "--passphrase-file", "--credential-file", "--help"].contains(flag) { continue }
                    varied.append((flag, valueName, flag))
                    if !optional { required.append(flag) }
                }
            }
            if leaf.arguments.contains(where: { ($0["names"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "passphrase-file" } }) {
                base += ["--passphrase-file", coordinator]
            }
            for target in varied {
                for value in Self.values(for: target.valueName, optionName: target.name) {
                    var arguments = base
                    for flag in required where flag != target.flag { arguments += [flag, Self.defaults[flag] ?? "x"] }
                    if let flag = target.flag { arguments += [flag, value] }
                    for positional in positionals {
                        if target.flag == nil, positional.name == target.name { arguments.append(value) }
                        else if !positional.optional { arguments.append(Self.defaults[positional.name] ?? "x") }
                    }
                    runs.append(arguments)
                }
            }
        }
        // The cases the issue names, and a few more at the edges of time.
        runs += [
            ["report", "--audience", "command-staff", "--from", "9999-01-01", "--to", "9999-12-31", "--by", "year", "--passphrase-file", coordinator],
            ["report", "publish", "--from", "9999-01-01", "--to", "9999-12-31", "--by", "year", "--passphrase-file", coordinator],
            ["report", "--from", "1970-01-01", "--to", "9999-12-31", "--by", "month", "--passphrase-file", coordinator],
            ["report", "--audience", "command-staff", "--from", "1970-01-01", "--to", "1970-01-01", "--passphrase-file", coordinator],
            ["purge", "--before", "9999-12-31", "--dry-run", "--passphrase-file", coordinator],
            ["purge", "--before", "1970-01-01", "--dry-run", "--passphrase-file", coordinator],
            ["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one", "--at", "1970-01-01 00:00"],
            ["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one", "--at", "9999-12-31 23:59"],
        ]
        var problems: [String] = []
        for (index, arguments) in runs.enumerated() {
            let child = try cli.start(arguments, tag: "boundary-\(index)")
            guard let outcome = child.wait(timeout: 60) else {
                problems.append("hung: peerlog \(arguments.joined(separator: " "))")
                continue
            }
            if let signal = outcome.signal {
                problems.append("signal \(signal): peerlog \(arguments.joined(separator: " "))\n\(outcome.stderr.suffix(400))")
            } else if let status = outcome.exitStatus, !Self.allowed.contains(status) {
                problems.append("exit \(status): peerlog \(arguments.joined(separator: " "))\n\(outcome.stderr.suffix(400))")
            }
        }
        #expect(runs.count > 200, "only \(runs.count) runs were built")
        #expect(problems.isEmpty, "\(problems.count) of \(runs.count) runs trapped or misbehaved:\n\(problems.prefix(10).joined(separator: "\n"))")
    }
}
