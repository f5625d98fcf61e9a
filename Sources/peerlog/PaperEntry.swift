import Foundation
import PeerLog

/// Entering paper forms for advisors (`file --on-behalf-of`, `file --batch`): the coordinator or a
/// deputy, proven by their own passphrase, passes the gate for `file-paper-form`; the store does
/// the checking, signing and filing.
struct PaperEntry {
    let global: GlobalOptions

    /// The program's keys of whoever is entering, once the gate allowed it.
    private func keyring(_ store: PeerLogStore) throws -> ProgramKeyring {
        guard case let .coordinator(keyring) = try global.actor(store, for: .fileOnPaper) else { throw RoleNeeded(role: .coordinator) }
        return keyring
    }

    /// One paper form (`--on-behalf-of`).
    func fileOne(_ store: PeerLogStore, _ form: PaperForm) throws {
        let keyring = try keyring(store)
        do {
            try store.fileOnPaper([form], keyring: keyring)
        } catch let refusal as PaperFormRefusal {
            throw OnBehalfRefusal(refusal: refusal)
        }
        if form.entry.time.localDate < (try store.programInfo().createdOn) {
            Terminal.note("the time of service is before this program was set up; filed as a back-dated form")
        }
        print("Filed from paper, signed with the program's key and marked as entered by the \(Self.who(keyring)). Only the coordinator can read it.")
    }

    /// A batch (`--batch FILE.csv [--dry-run]`): every line checked before the passphrase is
    /// asked, then against the roster, then all filed in one transaction, or none.
    func fileBatch(_ path: String, dryRun: Bool) throws {
        let store = try global.openStore()
        let zone = try store.programTimeZone()
        let bytes = try PrivateFileReading.contents(of: path, limit: PaperBatch.byteLimit, warn: Terminal.warning)
        let batch = try PaperBatch(csv: bytes, zone: zone)
        let keyring = try keyring(store)
        do {
            if dryRun {
                print(Self.dryRun(try store.checkPaperForms(batch.forms, keyring: keyring), lines: batch.lines), terminator: "")
                return
            }
            try store.fileOnPaper(batch.forms, keyring: keyring)
        } catch let refusal as PaperFormRefusal {
            throw batch.locate(refusal)
        }
        let advisors = Set(batch.forms.map { (try? PersonName($0.advisorName).lookupKey) ?? $0.advisorName }).count
        print("Filed \(batch.forms.count) paper form\(batch.forms.count == 1 ? "" : "s") for \(advisors) advisor\(advisors == 1 ? "" : "s"), all in one transaction, "
              + "signed with the program's key and marked as entered by the \(Self.who(keyring)).")
        Terminal.note("destroy \(path) now (for instance 'shred -u \(path)'): it holds the forms in plain text, and PeerLog keeps no copy of it")
    }

    /// What a dry run shows: how many, per advisor, and per line.
    static func dryRun(_ forms: [CheckedPaperForm], lines: [Int]) -> String {
        var perAdvisor: [String: Int] = [:]
        for form in forms { perAdvisor[form.advisorName, default: 0] += 1 }
        var out = "Dry run: \(forms.count) paper form\(forms.count == 1 ? "" : "s") would be filed, all checked; nothing was filed.\n\nBy advisor\n"
        out += Render.table(header: ["advisor", "forms"],
                            rows: perAdvisor.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { [$0.key, String($0.value)] },
                            numeric: [1])
        out += "\n\nBy line\n"
        out += Render.table(header: ["line", "advisor", "time of service", "incident", "intervention"],
                            rows: zip(lines, forms).map { line, form in
                                [String(line), form.advisorName, form.entry.time.description, form.entry.incident.code, form.entry.intervention.code]
                            }, numeric: [0])
        return out + "\n"
    }

    static func who(_ keyring: ProgramKeyring) -> String { keyring.role == .deputy ? "deputy coordinator" : "coordinator" }
}

/// A paper form entered with `--on-behalf-of` that cannot be filed, said without its content.
struct OnBehalfRefusal: PeerLogError {
    let refusal: PaperFormRefusal
    var description: String {
        switch refusal.column {
        case "advisor": return "the advisor named with --on-behalf-of \(refusal.why)"
        default: return "the time of service \(refusal.why)"
        }
    }
    var hint: String? { refusal.hint }
    var exitStatus: ExitStatus { refusal.exitStatus }
}
