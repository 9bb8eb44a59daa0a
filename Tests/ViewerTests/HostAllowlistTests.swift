import Testing
@testable import Viewer

@Suite struct HostAllowlistTests {
    static let hosts = HostAllowlist(boundHost: "127.0.0.1", port: 8000, extraNames: ["WFO.Example"])

    @Test(arguments: [
        ("localhost:8000", true), ("127.0.0.1:8000", true), ("[::1]:8000", true), ("LocalHost:8000", true),
        ("wfo.example", true), ("wfo.example:443", true), ("WFO.EXAMPLE:8000", true),
        ("localhost", false), ("localhost:80", false), ("localhost:08000", false), ("localhost:8000:8000", false),
        ("localhost:", false), ("localhost.:8000", false), (".localhost:8000", false), ("evil.example:8000", false),
        ("localhost.evil.example:8000", false), ("[::1]", false), ("[::ffff:127.0.0.1]:8000", false), ("::1:8000", false),
        ("[::1:8000", false), ("user@localhost:8000", false), ("localhost:8000/x", false), ("", false),
        ("localhost:99999", false), ("local host:8000", false), ("wfo.example.evil:8000", false),
    ])
    func hostHeaderIsAcceptedOnlyForOwnNames(host: String, accepted: Bool) {
        #expect(Self.hosts.accepts(host) == accepted)
    }

    @Test func portZeroAcceptsOnlyExtraNamesUntilBound() {
        let hosts = HostAllowlist(boundHost: "::1", port: 0, extraNames: [])
        #expect(!hosts.accepts("[::1]:41234"))
        hosts.bind(port: 41234)
        #expect(hosts.accepts("[::1]:41234"))
        #expect(hosts.accepts("localhost:41234"))
        #expect(!hosts.accepts("[::1]:41235"))
    }

    @Test(arguments: [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", true),
        ("http://localhost:8000", "localhost:8000", true),
        ("http://localhost:8000", "127.0.0.1:8000", false),
        ("https://127.0.0.1:8000", "127.0.0.1:8000", false),
        ("null", "127.0.0.1:8000", false),
        ("http://127.0.0.1:8001", "127.0.0.1:8000", false),
        ("http://evil.example:8000", "evil.example:8000", false),
        ("http://127.0.0.1:8000/", "127.0.0.1:8000", false),
        ("http://wfo.example", "wfo.example", true),
    ])
    func originMustBeTheRequestsOwn(origin: String, host: String, own: Bool) {
        #expect(Self.hosts.isOwnOrigin(origin, host: host) == own)
    }

    @Test func allowedHostNamesAreBare() {
        #expect(HostAllowlist.isBareName("wfo.example"))
        #expect(HostAllowlist.isBareName("192.168.1.20"))
        #expect(!HostAllowlist.isBareName("wfo.example:8000"))
        #expect(!HostAllowlist.isBareName("http://wfo.example"))
    }
}
