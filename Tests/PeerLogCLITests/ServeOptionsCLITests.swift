import Foundation
import Testing

/// `serve --trusted-proxy`: the host names the reverse proxy whose forwarding headers it believes.
/// A mistyped address stops the command before anything is opened; a good one serves. (What the
/// service does with the headers is tested on the server itself, in RateLimitRaceTests.)
@Suite("serve --trusted-proxy, as the host types it")
struct ServeOptionsCLITests {
    @Test func aNameInsteadOfAnAddressIsRefusedBeforeServing() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let before = try DatabaseFacts(path: cli.db)
        let refused = try cli.run(["serve", "--port", "1", "--trusted-proxy", "proxy.example.org"])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("'proxy.example.org' is not an IP address"), "\(refused.stderr)")
        #expect(!refused.stdout.contains("Serving"))
        #expect(try DatabaseFacts(path: cli.db).auditEntries == before.auditEntries)
    }

    @Test func aProxyByAddressIsAcceptedAndTheServiceRuns() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let port = String(Int.random(in: 20_000...40_000))
        let child = try cli.start(["serve", "--port", port, "--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1"], tag: "serve")
        let serving = SecretExposureTests.waitUntil(within: 30) {
            (FileManager.default.contents(atPath: cli.home + "/serve.out")).map { String(decoding: $0, as: UTF8.self).contains("Serving") } ?? false
        }
        child.kill()
        _ = child.wait()
        #expect(serving, "\(String(decoding: FileManager.default.contents(atPath: cli.home + "/serve.err") ?? Data(), as: UTF8.self))")
    }
}
