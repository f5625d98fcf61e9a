/// Everything a person can ask PeerLog to do. Adding a case forces a decision for every role:
/// `Policy.decide` switches over it exhaustively.
public enum Request: String, CaseIterable, Sendable, Hashable {
    /// Incident, intervention and training codes.
    case listTypes = "list-types"
    /// The roster: names, status, training (public within the department, IV.A.1).
    case listRoster = "list-roster"
    /// File a usage form as oneself.
    case fileForm = "file-form"
    /// Enter a paper form an advisor handed in, for that advisor (one, or a batch from a file).
    case fileOnPaper = "file-paper-form"
    /// Anything about who used peer support, or what an advisor's forms say.
    case queryUsage = "query-usage"
    /// The coordinator's report, which names advisors.
    case coordinatorReport = "coordinator-report"
    /// Enrol, retire, train advisors.
    case manageRoster = "manage-roster"
    /// Issue, revoke, list command-staff credentials.
    case manageAccess = "manage-access"
    /// Read the audit trail's entries.
    case showAudit = "show-audit"
    /// Check the audit trail's integrity, which reveals no content.
    case verifyAudit = "verify-audit"
    /// Read an anonymised report the coordinator published.
    case readPublishedReport = "read-published-report"
    /// Ask the coordinator for a new anonymised report.
    case requestReport = "request-report"
    /// Change the coordinator passphrase, recover with the recovery code, rotate the program key.
    case manageKeys = "manage-keys"
    /// An advisor changes their own passphrase.
    case changeOwnPassphrase = "change-own-passphrase"
    /// A deputy coordinator changes their own passphrase.
    case changeDeputyPassphrase = "change-deputy-passphrase"
    /// Copy the database (ciphertext only).
    case backup = "backup"
    /// Replace the database with a verified backup.
    case restore = "restore"
    /// Open every form and check it.
    case verifyForms = "verify-forms"
    /// Delete forms past retention; set retention.
    case purge = "purge"
    /// Set up a new program (the person who does becomes its coordinator).
    case createProgram = "create-program"
    /// Appoint or remove a deputy coordinator; rename the coordinator after succession.
    case appointCoordinators = "appoint-coordinators"
    /// Change a program setting other than retention (the time zone).
    case changeSettings = "change-settings"
    /// Read a program setting (the retention period): it says nothing about anyone.
    case readSettings = "read-settings"
    /// Void a mis-coded form (an appended, sealed, signed record; nothing is edited).
    case voidForm = "void-form"
    /// List the forms themselves (advisor, time, codes, voids): a read of form content.
    case listForms = "list-forms"
    /// Run the web intake over the database: it holds no secret and only offers what the gate
    /// allows each visitor.
    case runIntake = "run-intake"
}
