import ArgumentParser
import PeerLog

extension PeerLogCommand.Settings {
    /// The privacy loss allowed per month of forms, across every noisy publication.
    struct NoiseBudget: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "noise-budget",
            abstract: "Show or set the noise budget: the total epsilon every noisy publication may spend on one month of forms (e.g. 2.0, or off).")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The new budget (a decimal such as 2.0, or off). Omit to show the current one.", valueName: "epsilon"))
        var budget: String?

        func run() throws {
            let store = try global.openStore()
            guard let budget else {
                _ = try global.actor(store, for: .readSettings)
                print("Noise budget: " + (try store.noiseBudget().map { "epsilon \($0) per month of forms" } ?? "off (noise is refused)"))
                return
            }
            let value = budget.lowercased() == "off" ? nil : try Epsilon(parsing: budget)
            let keyring = try global.coordinatorKeyring(store, for: .changeSettings)
            try store.setNoiseBudget(value, keyring: keyring)
            print("Noise budget set to \(value.map { "epsilon \($0) per month of forms" } ?? "off").")
        }
    }
}
