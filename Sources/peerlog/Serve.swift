import ArgumentParser
import Foundation
import PeerLog
import PeerLogServer

extension PeerLogCommand {
    /// The intake web service.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Run the intake web service: advisors file from a phone; command staff read the published report.",
            discussion: """
            Binds to loopback by default: put a reverse proxy that terminates TLS in front of it (see \
            docs/web-service.md). The service never loads the coordinator's key; coordinator work stays \
            in this command-line tool. Routes: / (usage form), /reports and /reports/N (the archive of published reports, for command staff, HTTP Basic with \
            the credential as password), /healthz.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Address to listen on.")
        var host: String = "127.0.0.1"

        @Option(name: .long, help: "Port to listen on.")
        var port: Int = 8080

        @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp(
            "A reverse proxy's address whose X-Forwarded-For / X-Real-IP header names the client (repeat for several). Without it the socket's address is the client's.",
            valueName: "address"))
        var trustedProxies: [String] = []

        func validate() throws {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        }

        func run() throws {
            // A mistyped proxy address is refused before anything is opened or recorded.
            let proxies = try TrustedProxies(trustedProxies)
            let store = try global.openStore(concurrentReaders: true)
            _ = try global.actor(store, for: .runIntake)
            let info = try store.programInfo()
            if !["127.0.0.1", "::1", "localhost"].contains(host) {
                Terminal.warning("listening on \(host): serve it only behind a TLS-terminating reverse proxy")
            }
            let line = "Serving \(info.name) on http://\(host):\(port)/ (Ctrl-C to stop)\n"
            // Said once the port is open, straight to the descriptor so it shows at once when piped.
            let app = IntakeServer(store: store, timeZone: try store.programTimeZone(), trustedProxies: proxies).application(host: host, port: port, onRunning: { _ in
                FileHandle.standardOutput.write(Data(line.utf8))
            })
            let done = DispatchSemaphore(value: 0)
            let failure = ServeFailure()
            Task {
                do { try await app.runService() } catch { failure.set(error) }
                done.signal()
            }
            done.wait()
            if let error = failure.error { throw StoreError.cannotOpen(path: "\(host):\(port)", reason: "\(error)") }
        }
    }
}

/// Carries an error out of the server task.
final class ServeFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ error: Error) { lock.lock(); stored = error; lock.unlock() }
}
