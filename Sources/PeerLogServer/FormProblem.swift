import HTTPTypes

/// The fields of the web usage form, in the order the page shows them.
enum FormField: String, CaseIterable, Sendable {
    case advisor, passphrase, at, incident, intervention

    /// How the page names the field, so a message can point at it.
    var label: String {
        switch self {
        case .advisor: return "Advisor"
        case .passphrase: return "Passphrase"
        case .at: return "Date and time of service"
        case .incident: return "Type of incident"
        case .intervention: return "Kind of support"
        }
    }
}

/// What the advisor typed, kept so that a refused form comes back filled in. The passphrase is
/// never kept: it is typed again, so it is never written into a page.
struct TypedFields: Sendable, Equatable {
    var advisor = ""
    var at = ""
    var incident = ""
    var intervention = ""

    static let empty = TypedFields()

    init() {}

    init(_ form: FormBody) {
        advisor = form["advisor"] ?? ""
        at = form["at"] ?? ""
        incident = form["incident"] ?? ""
        intervention = form["intervention"] ?? ""
    }
}

/// Why a submitted form was not filed: one sentence for the person, the fields it is about (marked
/// on the page), the HTTP status, and how long to wait when the rate limit refused it. It never
/// repeats a value that was typed.
struct FormProblem: Error, Sendable, Equatable {
    let message: String
    let fields: [FormField]
    let status: HTTPResponse.Status
    var retryAfter: Int? = nil

    init(_ message: String, fields: [FormField] = [], status: HTTPResponse.Status, retryAfter: Int? = nil) {
        self.message = message
        self.fields = fields
        self.status = status
        self.retryAfter = retryAfter
    }

    /// The form token was unknown, used up, expired or not issued to this browser.
    static let expired = FormProblem(
        "The form expired or did not come from this site. Nothing was filed; please fill it in again.", status: .forbidden)
    /// The body could not be decoded at all.
    static let unreadable = FormProblem("The form could not be read. Nothing was filed; please try again.", status: .badRequest)
    /// Something other than the person's input failed (the database stayed locked, say).
    static let unavailable = FormProblem(
        "PeerLog could not file this form just now. Nothing was filed; please try again in a minute.", status: .serviceUnavailable)
}
