import Foundation
import Testing
@testable import PeerLog

/// The program's time zone, set at `init`, is where times of service are read and asked, whatever
/// the time zone of the computer running the command (the runner's is America/Chicago).
@Suite("The program's time zone")
struct ProgramTimeZoneTests {
    static func program(_ cli: PeerLogRunner, zone: String) throws -> (coordinator: String, advisor: String) {
        let coordinator = try cli.secretFile("coordinator.pass", strong("coordinator passphrase"))
        let advisor = try cli.secretFile("ana.pass", strong("ana's own passphrase"))
        let set = try cli.run(["init", "--program", "Joplin PD Peer Support", "--coordinator", "Capt. Dana Reyes",
                               "--new-passphrase-file", coordinator, "--kdf", "interactive", "--time-zone", zone])
        guard set.status == 0 else { throw SetUpFailed(step: "init", stderr: set.stderr) }
        guard set.stdout.contains("Time zone: \(zone)") else { throw SetUpFailed(step: "init names the time zone", stderr: set.stdout) }
        let add = try cli.run(["advisor", "add", "Sgt. Ana Ortiz", "--passphrase-file", coordinator, "--advisor-passphrase-file", advisor])
        guard add.status == 0 else { throw SetUpFailed(step: "advisor add", stderr: add.stderr) }
        return (coordinator, advisor)
    }

    /// The UTC offsets of every stored form, as the coordinator opens them.
    static func offsets(_ cli: PeerLogRunner, coordinator: String) throws -> [Int16] {
        let store = try PeerLogStore(openingExisting: cli.db)
        let passphrase = try SecretInput.fromFile(coordinator, what: "passphrase", warn: { _ in })
        let keyring = try store.unlockProgram(passphrase: passphrase)
        var found: [Int16] = []
        try store.forEachForm(keyring: keyring) { found.append($0.serviceTime.utcOffsetMinutes) }
        return found
    }

    @Test func aTimeTypedWithoutOffsetIsReadInTheProgramsZoneNotTheComputers() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try Self.program(cli, zone: "Europe/Berlin")
        let filed = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", advisor, "--incident", "other",
                                 "--intervention", "one-on-one", "--at", "2026-03-02 10:00"])
        #expect(filed.status == 0, "\(filed.stderr)")
        // Berlin in March is UTC+1; Chicago (the computer's) would have been UTC-6.
        #expect(try Self.offsets(cli, coordinator: coordinator) == [60])
        let shown = try cli.run(["settings", "time-zone"])
        #expect(shown.stdout == "Time zone: Europe/Berlin\n", "\(shown.stdout)")
    }

    @Test func theCoordinatorChangesItAndFiledFormsDoNotMove() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try Self.program(cli, zone: "Europe/Berlin")
        let fields = ["--incident", "other", "--intervention", "one-on-one", "--at", "2026-03-02 10:00"]
        #expect(try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", advisor] + fields).status == 0)
        let refused = try cli.run(["settings", "time-zone", "America/Denver", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", advisor])
        #expect(refused.status == 77)
        let changed = try cli.run(["settings", "time-zone", "America/Denver", "--passphrase-file", coordinator])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", advisor] + fields).status == 0)
        // Denver in early March is UTC-7; the first form keeps Berlin's offset.
        #expect(try Self.offsets(cli, coordinator: coordinator).sorted() == [-420, 60])
        let verify = try cli.run(["verify", "--passphrase-file", coordinator])
        #expect(verify.status == 0, "the signed setting verifies: \(verify.stderr)")
    }

    @Test("names that are not an Area/City time zone are refused", arguments: ["CST", "Mars/Olympus", "", "America/Chicago/Extra", "+05:00"])
    func notAZone(name: String) throws {
        let cli = try PeerLogRunner()
        let coordinator = try cli.secretFile("coordinator.pass", strong("coordinator passphrase"))
        let set = try cli.run(["init", "--program", "P", "--coordinator", "Capt. X", "--new-passphrase-file", coordinator,
                               "--kdf", "interactive", "--time-zone", name])
        #expect(set.status == 65, "\(set.stderr)")
        #expect(set.stderr.contains("is not a time zone this system knows"))
        #expect(!FileManager.default.fileExists(atPath: cli.db))
    }

    @Test func withoutTheOptionTheComputersZoneIsStored() throws {
        let cli = try PeerLogRunner()
        let coordinator = try cli.secretFile("coordinator.pass", strong("coordinator passphrase"))
        #expect(try cli.run(["init", "--program", "P", "--coordinator", "Capt. X", "--new-passphrase-file", coordinator,
                             "--kdf", "interactive"]).status == 0)
        #expect(try cli.run(["settings", "time-zone"]).stdout == "Time zone: America/Chicago\n")
    }
}
