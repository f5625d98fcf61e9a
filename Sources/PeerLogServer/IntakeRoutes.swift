import HTTPTypes
import Hummingbird
import PeerLog

/// One row of the service's route table. The router is built from these rows and nothing else,
/// and the route-matrix test reads the routes back from the router, so a route cannot exist
/// without a row naming the request `Policy.decide` rules on.
struct IntakeRoute: Sendable {
    let path: RouterPath
    /// The methods answered; every `GET` also answers `HEAD` (the router derives it).
    let methods: [HTTPRequest.Method]
    /// What the route asks of PeerLog, or nil for a route that touches no data.
    let request: PeerLog.Request?
    let respond: @Sendable (IntakeServer, Request, IntakeContext) async throws -> Response
}

extension IntakeServer {
    /// Every path that asks about usage. Matched without regard to case (`/Usage`, `/FORMS/1`);
    /// `*` stands for one path segment or the rest of one, `**` for any number of segments.
    static let usagePaths: [RouterPath] = [
        "/usage*", "/usage*/**",
        "/forms", "/forms/**", "/form", "/form/**",
        "/members", "/members/**", "/member", "/member/**",
        "/query", "/query/**", "/queries", "/queries/**",
        "/advisors/*/usage*", "/advisors/*/usage*/**", "/advisors/*/forms", "/advisors/*/forms/**",
    ]

    /// The whole web surface.
    static let routes: [IntakeRoute] = [
        IntakeRoute(path: "/", methods: [.get], request: .listRoster) { server, request, _ in
            try await server.showForm(request: request)
        },
        IntakeRoute(path: "/", methods: [.post], request: .fileForm) { server, request, context in
            try await server.fileForm(request: request, context: context)
        },
        IntakeRoute(path: "/reports", methods: [.get], request: .readPublishedReport) { server, request, _ in
            try await server.archive(request: request, number: nil)
        },
        // Only a publication number under /reports names a publication (read as the row above,
        // for command staff); any other name there is a question about usage, and is referred.
        // The table names the referral, which is what the route matrix's sample path gets.
        IntakeRoute(path: "/reports/{segment}", methods: [.get], request: .queryUsage) { server, request, context in
            guard let segment = context.parameters.get("segment"), let number = IntakeServer.publicationNumber(segment) else {
                return try await server.refer(.queryUsage)
            }
            return try await server.archive(request: request, number: number)
        },
        IntakeRoute(path: "/reports/{segment}", methods: [.post, .put, .patch, .delete], request: .queryUsage) { server, _, _ in
            try await server.refer(.queryUsage)
        },
        IntakeRoute(path: "/reports/{segment}/**", methods: [.get, .post, .put, .patch, .delete], request: .queryUsage) { server, _, _ in
            try await server.refer(.queryUsage)
        },
        IntakeRoute(path: "/healthz", methods: [.get], request: nil) { _, _, _ in
            IntakeServer.html("ok\n", contentType: "text/plain; charset=utf-8")
        },
        IntakeRoute(path: "/favicon.ico", methods: [.get], request: nil) { _, _, _ in
            Response(status: .noContent)
        },
    ] + usagePaths.map { path in
        IntakeRoute(path: path, methods: [.get, .post, .put, .patch, .delete], request: .queryUsage) { server, _, _ in
            try await server.refer(.queryUsage)
        }
    }

    func router() -> Router<IntakeContext> {
        let router = Router(context: IntakeContext.self, options: [.caseInsensitive, .autoGenerateHeadEndpoints])
        router.add(middleware: SecurityHeadersMiddleware())
        for route in Self.routes {
            for method in route.methods {
                guard route.request != nil else {
                    router.on(route.path, method: method) { request, context in try await route.respond(self, request, context) }
                    continue
                }
                // A route that touches data may have written (a filing, the day's request counts):
                // the log is emptied before the answer goes out, whatever the answer is
                // (`LogEmptier`; a `stat` alone when nothing was written).
                router.on(route.path, method: method) { request, context in
                    do {
                        let response = try await route.respond(self, request, context)
                        await logEmptier.empty()
                        return response
                    } catch {
                        await logEmptier.empty()
                        throw error
                    }
                }
            }
        }
        return router
    }
}
