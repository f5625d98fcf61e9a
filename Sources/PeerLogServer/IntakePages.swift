import PeerLog

/// The pages of the intake service. Plain HTML forms, no JavaScript, large touch targets.
enum IntakePages {
    static let formStyle = """
    <style>
    form { display: grid; gap: 14px; max-width: 520px; }
    label { font-weight: 600; display: grid; gap: 6px; }
    select, input, button { font: inherit; min-height: 48px; padding: 8px 10px; border: 1px solid #9aa5b1; border-radius: 6px;
                            background: #fff; width: 100%; }
    button { background: #2f6690; color: #fff; border: none; font-weight: 700; cursor: pointer; }
    .ok { background: #e8f5e9; border-left: 4px solid #2e7d32; padding: 10px 14px; }
    .err { background: #fdecea; border-left: 4px solid #b3261e; padding: 10px 14px; }
    .hint { color: #4a5561; font-size: .9rem; font-weight: 400; }
    </style>
    """

    enum Banner {
        case filed
        case problem(String)
    }

    static func form(programName: String, advisors: [String], csrf: String, now: String, banner: Banner?) -> String {
        let e = HTMLPage.escape
        let bannerHTML: String
        switch banner {
        case .filed?: bannerHTML = "<p class=\"ok\" role=\"status\">Filed. Only the Program Coordinator can read it.</p>"
        case let .problem(text)?: bannerHTML = "<p class=\"err\" role=\"alert\">\(e(text))</p>"
        case nil: bannerHTML = ""
        }
        func options(_ items: [(String, String)]) -> String {
            items.map { "<option value=\"\(e($0.0))\">\(e($0.1))</option>" }.joined()
        }
        return HTMLPage.page(title: "Usage form · \(programName)", body: """
        \(formStyle)
        <h1>Peer support usage form</h1>
        <p class="sub">\(e(programName)) · SOG 2-13 IV.D.2: your name, the date and time, and the type. Nothing about the member, and no notes.</p>
        \(bannerHTML)
        <form method="post" action="/" autocomplete="off">
        <input type="hidden" name="csrf" value="\(e(csrf))">
        <label>Advisor
        <select name="advisor" required><option value="">Choose your name</option>\(options(advisors.map { ($0, $0) }))</select></label>
        <label>Passphrase
        <input type="password" name="passphrase" required autocomplete="current-password"></label>
        <label>Date and time of service <span class="hint">(local time; defaults to now)</span>
        <input type="datetime-local" name="at" value="\(e(now))" required></label>
        <label>Type of incident
        <select name="incident" required><option value="">Choose</option>\(options(IncidentType.allCases.map { ($0.code, $0.label) }))</select></label>
        <label>Kind of support
        <select name="intervention" required><option value="">Choose</option>\(options(InterventionKind.allCases.map { ($0.code, $0.label) }))</select></label>
        <button type="submit">File usage form</button>
        </form>
        <p class="note">Once filed, only the Program Coordinator can read the form; you cannot read it back.</p>
        """)
    }

    static func referral(_ referral: Referral) -> String {
        HTMLPage.page(title: "Referred to the Program Coordinator", body: """
        <h1>Please ask the Program Coordinator</h1>
        <p>\(HTMLPage.escape(referral.message).replacingOccurrences(of: "\n", with: "<br>\n"))</p>
        """)
    }

    static func signIn(coordinator: String) -> String {
        HTMLPage.page(title: "Command staff sign-in", body: """
        <h1>Published reports are for command staff</h1>
        <p>Sign in with the credential issued to you by the Program Coordinator (any user name; the credential as password).</p>
        <p>Anyone else: requests for information about peer support usage go to the Program Coordinator, \(HTMLPage.escape(coordinator)) (SOG 2-13 IV.C.1).</p>
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
