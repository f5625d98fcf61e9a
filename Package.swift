// swift-tools-version:6.0
// PeerLog is licensed under the Apache License, Version 2.0 (see LICENSE); its dependencies'
// licences are listed in docs/LICENSES.md.
import PackageDescription

let package = Package(
    name: "PeerLog",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PeerLog", targets: ["PeerLog"]),
        .library(name: "PeerLogFormat", targets: ["PeerLogFormat"]),
        .executable(name: "peerlog", targets: ["peerlog"]),
        .executable(name: "peerlog-bench", targets: ["peerlog-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // libsodium, from the system (Debian: libsodium-dev). All cryptography goes through it.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // COIN-OR CLP, from the system (Debian: coinor-libclp-dev to build, coinor-libclp1 to run;
        // EPL-2.0): the linear programmes of the joint disclosure check (docs/DISCLOSURE-CONTROL.md).
        // Loaded with dlopen on first use, not linked, so other commands do not load its ten
        // libraries (include/clp_loader.h). Only Reports/Solver imports it.
        .target(name: "CClp"),
        // prctl/setrlimit, which Swift cannot call directly (prctl is variadic).
        .target(name: "CProcessHardening"),
        // The byte formats, and nothing else: sealed forms, signatures, key wrapping, recovery codes,
        // the audit chain's canonical bytes, what the program root signs, the published report's
        // body, and the code vocabularies. Depends on libsodium only (no SQLite, no GRDB), so every
        // byte PeerLog writes is defined here and can be checked (vectors, fuzzing) on its own.
        .target(name: "PeerLogFormat", dependencies: ["CSodium"]),
        // The passphrase estimator's word lists (Sources/CWordlists/Wordlists), compiled in with
        // C23 #embed: `.embedInCode` is far too slow to compile at this size.
        .target(name: "CWordlists", exclude: ["Wordlists"]),
        // Everything but argument parsing and HTTP: the store, the role check, reports, the
        // passphrase rule. Re-exports PeerLogFormat, so its clients import one module.
        .target(
            name: "PeerLog",
            dependencies: [
                "PeerLogFormat",
                "CWordlists",
                "CClp",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.embedInCode("Store/schema.sql")]
        ),
        // The intake web service (Hummingbird). Kept apart so the library and its tests do not
        // depend on the web stack. It never loads the coordinator's secret key.
        .target(
            name: "PeerLogServer",
            dependencies: [
                "PeerLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The command-line tool: parses, calls the library, prints.
        .executableTarget(
            name: "peerlog",
            dependencies: [
                "PeerLog",
                "PeerLogServer",
                "CProcessHardening",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Filing and report throughput against the cryptography alone and against bare SQLite
        // (through GRDB, the library's own SQLite layer); PeerLog's public API only.
        .executableTarget(
            name: "peerlog-bench",
            dependencies: ["PeerLog", "PeerLogServer", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "PeerLogTests",
            dependencies: ["PeerLog", "PeerLogFormat", .product(name: "GRDB", package: "GRDB.swift")],
            // Expected report renderings, read from the source tree by CommandStaffReportTests.
            exclude: ["Reports/Golden"]
        ),
        .testTarget(
            name: "PeerLogCLITests",
            dependencies: ["peerlog", "PeerLog", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "PeerLogServerTests",
            dependencies: [
                "PeerLogServer", "PeerLog",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
