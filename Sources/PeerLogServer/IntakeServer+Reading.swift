import Foundation
import HTTPTypes
import Hummingbird
import PeerLog

extension IntakeServer {
    /// `GET /reports` (the archive, newest first) or `GET /reports/N` (one publication), for a
    /// command-staff credential given as the HTTP Basic password. Without one the gate refuses (a
    /// credential is what shows who is command staff; counted in the day's tally, not the audit
    /// trail), answered with `401` so the browser offers to sign in, and a page saying whom anyone
    /// else asks.
    func archive(request: Request, number: Int64?) async throws -> Response {
        let store = self.store
        guard let credential = Self.basicPassword(request) else {
            let coordinator = try await BlockingWork.run { () throws -> (String, [String]) in
                // The gate refuses and counts the request; what is refused is answered below.
                do { try store.authorize(.anyone, .readPublishedReport) } catch is PolicyDenial, is Referral {}
                return (try store.programInfo().coordinatorName, try store.deputies().map(\.name))
            }
            var response = Self.html(IntakePages.signIn(coordinator: coordinator.0, deputies: coordinator.1), status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Basic realm=\"PeerLog command staff\", charset=\"UTF-8\""
            return response
        }
        var bytes = Array(credential.utf8)
        let session: CommandStaffSession
        do {
            let secret = try SecretBytes(consuming: &bytes)
            session = try await BlockingWork.run { try store.authenticateCommandStaff(credential: secret) }
        } catch {
            var response = Self.html(IntakePages.message("Not signed in", "That credential was not accepted."), status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Basic realm=\"PeerLog command staff\""
            return response
        }
        do {
            let page = try await BlockingWork.run { () throws -> String in
                try store.authorize(.commandStaff(session), .readPublishedReport)
                if let number {
                    let published = try store.publishedReport(number, as: .commandStaff(session))
                    return published.report.rendered(as: .html, withdrawnAt: published.withdrawnAt)
                }
                return IntakePages.archive(try store.publishedReports(as: .commandStaff(session)), program: try store.programInfo().name)
            }
            return Self.html(page)
        } catch PublicationError.nothingPublished {
            return Self.html(IntakePages.message("No report yet", "The Program Coordinator has not published a report yet."), status: .notFound)
        } catch PublicationError.notPublished {
            return Self.html(IntakePages.message("No such report", "There is no published report with that number."), status: .notFound)
        }
    }

    /// A publication number as a path segment: digits only, no sign, no leading zero.
    static func publicationNumber(_ segment: String) -> Int64? {
        guard let first = segment.first, first != "0", segment.count <= 18, segment.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(segment)
    }

    /// Counts the referral (no secret was given, so only the day's tally grows, however many such
    /// requests arrive) and answers with the referral page, HTTP 403.
    func refer(_ request: PeerLog.Request) async throws -> Response {
        let store = self.store
        do {
            try await BlockingWork.run { try store.authorize(.anyone, request) }
            return Self.html(IntakePages.message("Not available", "This is not available on the web."), status: .notFound)
        } catch let referral as Referral {
            return Self.html(IntakePages.referral(referral), status: .forbidden)
        }
    }
}
