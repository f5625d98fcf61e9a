import ArgumentParser
import PeerLog

extension PeerLogCommand {
    /// Sets up a program: keys, coordinator passphrase, one-time recovery code.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Set up a new Peer Support Program database (refuses to overwrite one).",
            discussion: """
            Creates the program keypair. Its secret key is stored only encrypted: under the coordinator \
            passphrase (asked twice on the terminal, or read from --new-passphrase-file) and under a \
            one-time recovery code printed once. Keep the code somewhere safe and separate (for example \
            the chief's safe): a successor coordinator needs it if the passphrase is lost, and anyone \
            holding it can read every form.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("The program's name, e.g. \"Joplin PD Peer Support\".", valueName: "name"))
        var program: String

        @Option(name: .long, help: ArgumentHelp("The Program Coordinator's name as people should see it.", valueName: "name"))
        var coordinator: String

        @Option(name: .long, help: ArgumentHelp("A file whose first line is the new coordinator passphrase (at least 10 characters).", valueName: "path"))
        var newPassphraseFile: String?

        @Option(name: .long, help: "Key-derivation strength: interactive (0.1 s, for slow machines), moderate (0.5 s, default) or sensitive (4 s, 1 GiB).")
        var kdf: KDFChoice = .init(.moderate)

        @Option(name: .long, help: ArgumentHelp("Where the program's advisors serve, as Area/City (e.g. America/Chicago). Times of service are asked and shown in it. Default: this computer's.", valueName: "zone"))
        var timeZone: String?

        func run() throws {
            let path = global.databasePath
            guard let zone = try timeZone.map(ProgramTimeZone.init) ?? ProgramTimeZone.host else {
                throw ValidationError("this computer's time zone has no Area/City name; give the program's with --time-zone, e.g. America/Chicago")
            }
            // Whoever sets up a program becomes its coordinator; nobody is refused, but the request
            // still passes the one gate.
            try PeerLogStore.authorizeWithoutProgram(.anyone, .createProgram)
            let passphrase = try Secrets.read(file: newPassphraseFile ?? global.passphraseFile, option: "--new-passphrase-file",
                                              prompt: "New coordinator passphrase: ", confirm: true, what: "coordinator passphrase")
            // The recovery code is shown before the set-up commits: if it cannot be shown, nothing is set up.
            var shown = false
            let created: (PeerLogStore, ProgramSetup)
            do {
                created = try PeerLogStore.createProgram(
                    at: path, name: program, coordinator: coordinator, passphrase: passphrase, kdf: kdf.value.parameters,
                    timeZone: zone, today: today()) { setup in
                    try Terminal.deliver(Self.announcement(setup, path: path, timeZone: zone))
                    shown = true
                }
            } catch {
                if shown { Terminal.warning("the program was not set up: the recovery code printed above is NOT valid") }
                throw error
            }
            OpenedStores.shared.add(created.0)
        }

        static func announcement(_ setup: ProgramSetup, path: String, timeZone: ProgramTimeZone) -> String {
                """
                Set up "\(setup.info.name)" with Program Coordinator \(setup.info.coordinatorName).
                Database: \(path)
                Time zone: \(timeZone.identifier) (times of service are asked and shown in it)

                RECOVERY CODE (shown only now):

                    \(setup.recoveryCode)

                Write it down by hand and keep it apart from the passphrase (for example in the chief's safe).
                It lets a successor coordinator unlock the program if the passphrase is lost.
                Anyone holding it can read every usage form.

                Program root fingerprint: \(setup.rootFingerprint)
                Give it to advisors and command staff: PeerLog shows it to them, and they can compare.

                Next: enrol advisors with 'peerlog advisor add NAME'.

                """
        }
    }
}

/// `--kdf` values.
struct KDFChoice: ExpressibleByArgument {
    let value: KDFStrength
    init(_ value: KDFStrength) { self.value = value }
    init?(argument: String) {
        guard let value = KDFStrength(rawValue: argument) else { return nil }
        self.value = value
    }
    static var allValueStrings: [String] { KDFStrength.allCases.map(\.rawValue) }
    var defaultValueDescription: String { value.rawValue }
}
