// swift-tools-version:6.1
import PackageDescription

/// Engine modules (MarketData, Indicators, Backtesting, WalkForward) depend on no
/// third-party package; YAML, ZIP, SQLite, HTTP and templates sit at the edges.
let package = Package(
    name: "wfo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wfo", targets: ["wfo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
    ],
    targets: [
        .target(name: "MarketData"),
        .target(name: "Indicators"),
        .target(name: "Backtesting", dependencies: ["MarketData", "Indicators"]),
        .target(name: "Rules", dependencies: ["MarketData", "Indicators", "Backtesting"]),
        .target(name: "Overfitting", dependencies: ["MarketData"]),
        .target(name: "BinanceClient", dependencies: ["MarketData"]),
        .target(name: "WalkForward", dependencies: ["MarketData", "Backtesting", "Overfitting"]),
        .target(name: "CandleImport", dependencies: [
            "MarketData", "Digest",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "StudyFile", dependencies: [
            "Rules", "Digest",
            "MarketData", "Backtesting", "WalkForward",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "JSONText"),
        // What is stored of runs, as plain values (no SQLite): what the views and the command line show.
        .target(name: "RunRecords", dependencies: ["MarketData", "Backtesting", "WalkForward", "JSONText"]),
        .target(name: "Digest"),
        .target(name: "Storage", dependencies: [
            "MarketData", "Backtesting", "WalkForward", "JSONText", "Overfitting", "RunRecords",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "DataSources", dependencies: ["MarketData", "CandleImport", "StudyFile", "Storage", "RunRecords", "BinanceClient"]),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .target(name: "Charts", dependencies: ["MarketData"]),
        .target(name: "Reporting", dependencies: [
            "MarketData", "Backtesting", "WalkForward", "Storage", "RunRecords", "Charts", "CCmarkGFM", "JSONText", "StudyFile",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // The static site server: path safety, files, HTTP, the Host/Origin guards and limits.
        .target(name: "Viewer", dependencies: [
            "MarketData",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        // The JSON views of runs (`wfo status --json`, the runs API).
        .target(name: "RunViews", dependencies: ["RunRecords", "WalkForward", "Backtesting", "MarketData", "JSONText"]),
        // The runs API and its queue: HTTP in front of the run pipeline.
        .target(name: "WebAPI", dependencies: [
            "Viewer", "StudyRunner", "RunViews", "RunRecords", "JSONText", "WalkForward",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        // The cluster executor's edge: the work folder's files and Slurm's commands.
        .target(name: "Cluster", dependencies: ["MarketData", "Backtesting", "WalkForward", "Digest"]),
        .target(name: "StudyRunner", dependencies: [
            "Overfitting", "BinanceClient", "Cluster", "RunViews", "RunRecords", "Reporting",
            "MarketData", "Backtesting", "WalkForward", "StudyFile", "DataSources", "Storage", "Digest",
        ]),
        .executableTarget(name: "wfo", dependencies: [
            "MarketData", "Indicators", "Backtesting", "CandleImport", "StudyFile", "DataSources", "JSONText", "WalkForward", "RunRecords", "StudyRunner", "Reporting", "Viewer", "WebAPI", "RunViews",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], plugins: ["BuildStamp"]),
        // Writes the version and git commit into the wfo target on every build (`wfo --version`).
        .plugin(name: "BuildStamp", capability: .buildTool()),
        .target(name: "FuzzTargets", dependencies: ["StudyFile", "CandleImport", "BinanceClient", "MarketData", "Rules", "Backtesting"]),
        .executableTarget(name: "wfo-fuzz", dependencies: ["FuzzTargets"]),
        .executableTarget(name: "wfo-bench", dependencies: [
            "MarketData", "Backtesting", "CandleImport", "StudyFile", "StudyRunner", "Storage", "RunRecords", "Reporting", "WalkForward",
        ]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "WalkForward", "Backtesting", "MarketData"]),
        .testTarget(name: "OverfittingTests", dependencies: ["Overfitting", "MarketData"], exclude: ["Golden"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "Backtesting", "MarketData", "Indicators", "CandleImport", "TestSupport"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "TestSupport"], exclude: ["Corpus"]),
        .target(name: "FakeBinance", dependencies: ["MarketData", .product(name: "Hummingbird", package: "hummingbird")],
                path: "Tests/FakeBinance"),
        .testTarget(name: "BinanceClientTests", dependencies: ["BinanceClient", "FakeBinance", "MarketData", "CandleImport", "TestSupport"]),
        .testTarget(name: "ViewerTests", dependencies: [
            "Viewer", "WebAPI", "Storage", "RunRecords", "StudyRunner", "StudyFile", "Reporting", "DataSources", "TestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "MarketData"], exclude: ["__Snapshots__"]),
        .testTarget(name: "ReportingTests", dependencies: [
            "Reporting", "Storage", "RunRecords", "StudyRunner", "StudyFile", "WalkForward", "Backtesting", "MarketData", "Charts", "TestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], exclude: ["__Snapshots__"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "RunRecords", "WalkForward", "Backtesting", "MarketData", "TestSupport"]),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "BacktestingTests", dependencies: ["Backtesting", "MarketData", "Indicators", "CandleImport", "TestSupport"]),
        .testTarget(name: "CandleImportTests", dependencies: [
            "CandleImport", "MarketData", "TestSupport", "Digest", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "WalkForwardTests", dependencies: ["WalkForward", "Backtesting", "MarketData"]),
        .testTarget(name: "StudyFileTests", dependencies: ["StudyFile", "Backtesting", "WalkForward", "TestSupport"],
                    exclude: ["Corpus"]),
        .testTarget(name: "CommandTests", dependencies: [
            "TestSupport", "MarketData", "CandleImport", "FakeBinance", "StudyFile", .product(name: "GRDB", package: "GRDB.swift"),
        ], exclude: ["Fixtures"]),
        .target(name: "TestSupport", dependencies: ["MarketData"], path: "Tests/TestSupport"),
    ],
    swiftLanguageModes: [.v6]
)
