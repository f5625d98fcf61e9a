import PeerLog

/// The pages of the intake service. Plain HTML forms, no JavaScript, large touch targets, sizes in
/// rem so text follows the reader's font setting, control borders at 4.6:1 against white.
enum IntakePages {
    static let formStyle = """
    <style>
    form { display: grid; gap: 1rem; max-width: 34rem; }
    label { font-weight: 600; display: grid; gap: .4rem; }
    select, input, button { font: inherit; font-weight: 400; min-height: 3rem; padding: .5rem .65rem; border: 1px solid #6b7683; border-radius: 6px;
                            background: #fff; color: inherit; width: 100%; }
    select:focus, input:focus, button:focus { outline: 3px solid #2f6690; outline-offset: 1px; }
    [aria-invalid="true"] { border: 2px solid #b3261e; }
    button { background: #2f6690; color: #fff; border: none; font-weight: 700; cursor: pointer; }
    .ok { background: #e8f5e9; border-left: 4px solid #2e7d32; padding: .6rem .9rem; }
    .err { background: #fdecea; border-left: 4px solid #b3261e; padding: .6rem .9rem; }
    .field-err { color: #b3261e; font-weight: 600; }
    .hint { color: #4a5561; font-size: .9rem; font-weight: 400; }
    dl.receipt { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .4rem 1rem; margin: 1rem 0; }
    dl.receipt dt { font-weight: 600; }
    dl.receipt dd { margin: 0; }
    @media (max-width: 30rem) { dl.receipt { grid-template-columns: 1fr; } dl.receipt dd { margin-bottom: .5rem; } }
    </style>
    """

    /// The usage form.
    /// - Parameters:
    ///   - typed: what to fill in again after a refusal (never the passphrase); `at` empty means now.
    ///   - now: the current minute in `zoneName`, as `YYYY-MM-DDTHH:MM`.
    ///   - problem: why the last submission was refused, shown at the top and beside its fields.
    static func form(programName: String, advisors: [String], token: String, zoneName: String, now: String,
                     typed: TypedFields = .empty, problem: FormProblem? = nil, banner: String? = nil) -> String {
        let e = HTMLPage.escape
        var top = ""
        if let banner { top += "<p class=\"ok\" role=\"status\">\(e(banner))</p>\n" }
        if let problem { top += "<p class=\"err\" role=\"alert\">\(e(problem.message))</p>\n" }
        func options(_ items: [(String, String)], chosen: String) -> String {
            items.map { "<option value=\"\(e($0.0))\"\($0.0 == chosen ? " selected" : "")>\(e($0.1))</option>" }.joined()
        }
        /// `aria-invalid` and the message's id on a field the problem is about, and the message itself.
        func mark(_ field: FormField) -> (attributes: String, note: String) {
            guard let problem, problem.fields.contains(field) else { return ("", "") }
            let id = "err-\(field.rawValue)"
            return (" aria-invalid=\"true\" aria-describedby=\"\(id)\"",
                    "<span class=\"field-err\" id=\"\(id)\">\(e(problem.fields.count == 1 ? problem.message : "Please fill this in."))</span>")
        }
        let advisor = mark(.advisor), passphrase = mark(.passphrase), at = mark(.at)
        let incident = mark(.incident), intervention = mark(.intervention)
        let roster = advisors.contains(typed.advisor) || typed.advisor.isEmpty ? advisors : advisors + [typed.advisor]
        return HTMLPage.page(title: "Usage form · \(programName)", body: """
        \(formStyle)
        <h1>Peer support usage form</h1>
        <p class="sub">\(e(programName)) · SOG 2-13 IV.D.2: your name, the date and time, and the type. Nothing about the member, and no notes.</p>
        \(top)<form method="post" action="/" autocomplete="off">
        <input type="hidden" name="csrf" value="\(e(token))">
        <label>\(FormField.advisor.label)
        <select name="advisor" required\(advisor.attributes)><option value="">Choose your name</option>\(options(roster.map { ($0, $0) }, chosen: typed.advisor))</select>\(advisor.note)</label>
        <label>\(FormField.passphrase.label)
        <input type="password" name="passphrase" required autocomplete="current-password"\(passphrase.attributes)>\(passphrase.note)</label>
        <label>\(FormField.at.label) <span class="hint">(\(e(zoneName)) time\(typed.at.isEmpty ? "; filled in with the time now: change it if it was earlier" : ", as you gave it"))</span>
        <input type="datetime-local" name="at" value="\(e(typed.at.isEmpty ? now : typed.at))" required\(at.attributes)>\(at.note)</label>
        <label>\(FormField.incident.label)
        <select name="incident" required\(incident.attributes)><option value="">Choose</option>\(options(IncidentType.allCases.map { ($0.code, $0.label) }, chosen: typed.incident))</select>\(incident.note)</label>
        <label>\(FormField.intervention.label)
        <select name="intervention" required\(intervention.attributes)><option value="">Choose</option>\(options(InterventionKind.allCases.map { ($0.code, $0.label) }, chosen: typed.intervention))</select>\(intervention.note)</label>
        <button type="submit">File usage form</button>
        </form>
        <p class="note">Once filed, only the Program Coordinator can read the form; you cannot read it back.</p>
        """)
    }

    /// After filing: the fields as filed, to check, and nothing that identifies the stored form.
    /// `receipt` is nil when the form was filed long enough ago that its receipt was dropped.
    static func receipt(_ receipt: FilingReceipt?, coordinator: String) -> String {
        let e = HTMLPage.escape
        guard let receipt else {
            return HTMLPage.page(title: "Already filed", body: """
            \(formStyle)
            <h1>Already filed</h1>
            <p class="ok" role="status">This form was filed already. Nothing was filed again.</p>
            <p><a href="/">File another form</a></p>
            """)
        }
        let backDated = receipt.backDated
            ? "<p class=\"note\">The time of service is before this program was set up: it was filed as a back-dated form.</p>\n" : ""
        return HTMLPage.page(title: "Filed", body: """
        \(formStyle)
        <h1>Filed</h1>
        <p class="ok" role="status">Filed. Only the Program Coordinator can read it.</p>
        <p>Please check what you filed:</p>
        <dl class="receipt">
        <dt>\(FormField.advisor.label)</dt><dd>\(e(receipt.advisor))</dd>
        <dt>\(FormField.at.label)</dt><dd>\(e(receipt.when)) <span class="hint">(\(e(receipt.zone)))</span></dd>
        <dt>\(FormField.incident.label)</dt><dd>\(e(receipt.incident))</dd>
        <dt>\(FormField.intervention.label)</dt><dd>\(e(receipt.intervention))</dd>
        </dl>
        \(backDated)<p>If something is wrong, tell the Program Coordinator, \(e(coordinator)): a filed form cannot be changed here.</p>
        <p><a href="/">File another form</a></p>
        """)
    }

    static func referral(_ referral: Referral) -> String {
        HTMLPage.page(title: "Referred to the Program Coordinator", body: """
        <h1>Please ask the Program Coordinator</h1>
        <p>\(HTMLPage.escape(referral.message).replacingOccurrences(of: "\n", with: "<br>\n"))</p>
        """)
    }

    /// `/reports` without a credential: who may read it, and where everyone else is referred.
    /// The page for `/reports` without a credential: how command staff sign in, and whom anyone
    /// else asks (no clause: this is a refusal for want of a credential, not a usage referral).
    static func signIn(coordinator: String, deputies: [String]) -> String {
        let others = deputies.isEmpty ? "" : " (or the deputy coordinator, \(deputies.joined(separator: ", ")))"
        return HTMLPage.page(title: "Command staff sign-in", body: """
        <h1>Published reports are for command staff</h1>
        <p>Sign in with the credential issued to you by the Program Coordinator (any user name; the credential as password).</p>
        <p>Anyone else: please ask the Program Coordinator, \(HTMLPage.escape(coordinator))\(HTMLPage.escape(others)).</p>
        """)
    }

    /// The archive: every publication, newest first, each a link to its page; withdrawn ones marked.
    static func archive(_ publications: [PublicationSummary], program: String) -> String {
        let e = HTMLPage.escape
        let latest = publications.last { $0.withdrawnAt == nil }?.number
        let items = publications.reversed().map { p in
            let state = p.withdrawnAt.map { " <strong>· withdrawn \(e($0))</strong>" } ?? (p.number == latest ? " <strong>· latest</strong>" : "")
            return "<li><a href=\"/reports/\(p.number)\">Report \(p.number)</a>: \(e(p.from)) to \(e(p.to)), by \(p.by.rawValue), "
                + "by \(p.dimension == .incident ? "type of incident" : "kind of support") · published \(e(p.publishedAt))"
                + " · program root \(e(p.rootFingerprint))\(p.epsilon.map { " · noise epsilon \(e($0))" } ?? "")\(state)</li>"
        }.joined(separator: "\n")
        return HTMLPage.page(title: "Published reports · \(program)", body: """
        <h1>Published reports</h1>
        <p class="sub">\(e(program)) · anonymised peer support reports for command staff, every signature checked</p>
        <ul class="archive">
        \(items)
        </ul>
        """)
    }

    static func message(_ title: String, _ text: String) -> String {
        HTMLPage.page(title: title, body: "<h1>\(HTMLPage.escape(title))</h1>\n<p>\(HTMLPage.escape(text))</p>")
    }
}
