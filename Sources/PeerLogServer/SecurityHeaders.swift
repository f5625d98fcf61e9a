import HTTPTypes
import Hummingbird

/// Headers on every response: no scripts or external resources at all, nothing cached, no
/// referrer, no framing, no MIME sniffing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headers: [(HTTPField.Name, String)] {
        [
            (.contentSecurityPolicy, "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
            (.cacheControl, "no-store"),
            (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
            (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
            (HTTPField.Name("X-Frame-Options")!, "DENY"),
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = Response(status: error.status, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: error.status == .contentTooLarge
                                    ? "The request is too large.\n" : "\(error.status.reasonPhrase)\n")))
        } catch {
            // Never a stack of internals: a plain page, with the same headers as every other.
            response = Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "PeerLog could not complete this request. Nothing about it was logged.\n")))
        }
        for (name, value) in Self.headers { response.headers[name] = value }
        return response
    }
}
