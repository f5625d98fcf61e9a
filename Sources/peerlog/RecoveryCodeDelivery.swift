import PeerLog

/// A key change that issues a new recovery code: the code reaches the terminal inside the change's
/// transaction, after `lead`, so nothing commits that could not be shown; if the change fails
/// after the code was shown, the person is told that code is void.
enum RecoveryCodeDelivery {
    static func run(lead: String, _ change: (_ deliver: (String) throws -> Void) throws -> Void) throws {
        var shown = false
        do {
            try change { printable in
                try Terminal.deliver("""
                \(lead)

                NEW RECOVERY CODE (shown only now; the old one no longer works):

                    \(printable)

                """)
                shown = true
            }
        } catch {
            if shown { warnShownSecretIsVoid("recovery code") }
            throw error
        }
    }
}
