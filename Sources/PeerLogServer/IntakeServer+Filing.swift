import Foundation
import HTTPTypes
import Hummingbird
import PeerLog

extension IntakeServer {
    /// `GET /`: the form, with a new single-use token.
    func showForm(request: Request) async throws -> Response {
        try await formPage(request: request, typed: .empty, problem: nil)
    }

    /// The form with a fresh token bound to this browser (the cookie is set when it has none yet),
    /// filled in with `typed` and marked with `problem`.
    func formPage(request: Request, typed: TypedFields, problem: FormProblem?) async throws -> Response {
        try store.authorize(.anyone, .listRoster)
        let info = try store.programInfo()
        let advisors = try store.roster().filter { $0.status == .active }.map(\.name)
        let known = Self.browser(request)
        let browser = known ?? Identifier.random().hex
        let token = await tokens.issue(browser: browser)
        let page = IntakePages.form(programName: info.name, advisors: advisors, token: token, zoneName: timeZone.identifier,
                                    now: Self.localMinute(Date(), timeZone), typed: typed, problem: problem)
        var response = Self.html(page, status: problem?.status ?? .ok)
        if known == nil {
            response.headers[.setCookie] = "\(Self.browserCookie)=\(browser); Path=/; HttpOnly; SameSite=Strict" + (Self.isHTTPS(request) ? "; Secure" : "")
        }
        if let wait = problem?.retryAfter { response.headers[.retryAfter] = String(wait) }
        return response
    }

    /// `POST /`: files the form once per token.
    ///
    /// The token is checked before anything the request sent is looked at or shown: a request
    /// without a live token of this browser gets an empty form. The first submission of a token
    /// is handled; any other submission of it (a double tap, a reload, a replay) waits for that one
    /// and shows its outcome: the receipt, or the same refusal. Nothing is filed twice.
    func fileForm(request: Request, context: IntakeContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maximumBody)
        guard let form = FormBody(Array(buffer: buffer), allowed: Self.formFields) else {
            return try await formPage(request: request, typed: .empty, problem: .unreadable)
        }
        guard let token = form["csrf"], let browser = Self.browser(request) else {
            return try await formPage(request: request, typed: .empty, problem: .expired)
        }
        let outcome: FormTokens.Outcome
        switch await tokens.claim(token, browser: browser) {
        case .unknown:
            return try await formPage(request: request, typed: .empty, problem: .expired)
        case let .finished(earlier):
            outcome = earlier
        case .proceed:
            let client = trustedProxies.clientAddress(peer: context.remoteAddress?.ipAddress, headers: request.headers)
            do {
                outcome = try await attempt(form, client: client)
            } catch {
                outcome = .refused(.unavailable)
            }
            await tokens.finish(token, outcome)
        }
        switch outcome {
        case let .filed(receipt):
            return Self.html(IntakePages.receipt(receipt, coordinator: try store.programInfo().coordinatorName))
        case let .refused(problem):
            return try await formPage(request: request, typed: TypedFields(form), problem: problem)
        }
    }

    /// Checks and files one submission. Everything a person can mistype is checked before the
    /// passphrase is tried; the passphrase is tried only with an attempt reserved in the rate
    /// limiter; the unlock and the commit run on the thread pool.
    func attempt(_ form: FormBody, client: String) async throws -> FormTokens.Outcome {
        if form.flaw != nil {
            return .refused(FormProblem("The form had a field PeerLog does not accept, or a field twice. Nothing was filed; "
                + "only the usage form's own fields are accepted.", status: .badRequest))
        }
        let missing = FormField.allCases.filter { form[$0.rawValue] == nil }
        if !missing.isEmpty {
            return .refused(FormProblem("Please fill in " + missing.map { $0.label.lowercased() }.joined(separator: ", ") + ".",
                                        fields: missing, status: .badRequest))
        }
        guard let incident = IncidentType(rawValue: form["incident"] ?? "") else {
            return .refused(FormProblem("Please choose a type of incident from the list.", fields: [.incident], status: .badRequest))
        }
        guard let intervention = InterventionKind(rawValue: form["intervention"] ?? "") else {
            return .refused(FormProblem("Please choose a kind of support from the list.", fields: [.intervention], status: .badRequest))
        }
        let time: ServiceTime
        switch Self.serviceTime(form["at"] ?? "", in: timeZone) {
        case let .success(parsed): time = parsed
        case let .failure(problem): return .refused(problem)
        }
        let advisor: Advisor
        do {
            advisor = try store.advisor(named: form["advisor"] ?? "")
        } catch is InputError {
            return .refused(FormProblem("Please choose your name from the list: that name is not on the roster.",
                                        fields: [.advisor], status: .badRequest))
        }
        guard advisor.status == .active else {
            return .refused(FormProblem("That advisor is retired and can no longer file forms. Ask the Program Coordinator if this is a mistake.",
                                        fields: [.advisor], status: .forbidden))
        }
        let reservation: RateLimiter.Reservation
        switch await limiter.reserve(RateLimiter.keys(advisor: advisor.name, client: client)) {
        case let .admitted(admitted): reservation = admitted
        case let .wait(seconds):
            return .refused(FormProblem("Too many wrong passphrases. Please wait \(max(1, (seconds + 59) / 60)) minute(s) and try again, "
                + "or ask the Program Coordinator. Nothing was filed.", status: .tooManyRequests, retryAfter: seconds))
        }
        var passphraseBytes = Array((form["passphrase"] ?? "").utf8)
        let credential: AdvisorCredential
        do {
            let passphrase = try SecretBytes(consuming: &passphraseBytes)
            let store = self.store, name = advisor.name
            credential = try await BlockingWork.run { try store.unlockAdvisor(named: name, passphrase: passphrase) }
        } catch AccessError.wrongAdvisorPassphrase {
            await limiter.fail(reservation)
            return .refused(FormProblem("That passphrase is not correct. Nothing was filed.", fields: [.passphrase], status: .forbidden))
        } catch {
            await limiter.cancel(reservation)
            return .refused(Self.problem(for: error))
        }
        await limiter.succeed(reservation)
        do {
            try store.authorize(.advisor(credential), .fileForm)
            let store = self.store
            _ = try await BlockingWork.run {
                try store.file(as: credential, at: time, incident: incident, intervention: intervention)
            }
            let createdOn = try store.programInfo().createdOn
            return .filed(FilingReceipt(advisor: advisor.name, time: time, zone: timeZone, incident: incident,
                                        intervention: intervention, programCreatedOn: createdOn))
        } catch {
            return .refused(Self.problem(for: error))
        }
    }

    /// The time of service typed in `zone`, or a problem naming the field without repeating it.
    static func serviceTime(_ text: String, in zone: TimeZone, now: Date = Date()) -> Result<ServiceTime, FormProblem> {
        func refused(_ why: String) -> Result<ServiceTime, FormProblem> {
            .failure(FormProblem("The date and time of service \(why). Nothing was filed.", fields: [.at], status: .badRequest))
        }
        do {
            return .success(try ServiceTime(parsing: text, in: zone).checkedPlausible(now: now))
        } catch InputError.malformedDate {
            return refused("is not written as a date and time (YYYY-MM-DD HH:MM)")
        } catch InputError.impossibleDate {
            return refused("is not a real calendar date and time (or falls in a daylight-saving gap)")
        } catch let InputError.badServiceTime(why) {
            return refused(why)
        } catch {
            return refused("could not be read")
        }
    }

    /// A failure that is not the person's typing: said in PeerLog's words, with the HTTP status of
    /// its kind. Nothing was filed in any of these cases (filing is one transaction).
    static func problem(for error: Error) -> FormProblem {
        guard let error = error as? PeerLogError else { return .unavailable }
        let status: HTTPResponse.Status = error.exitStatus == .notPermitted ? .forbidden
            : error.exitStatus == .invalidData ? .badRequest : .serviceUnavailable
        return FormProblem(sentence(error) + " Nothing was filed.", status: status)
    }
}
