import Foundation
import Testing
@testable import Viewer

@Suite("Local file system")
struct LocalFileSystemTests {
    @Test("A regular file is found with its size")
    func regularFileIsFound() async throws {
        let site = try SiteFixture()
        let files = try LocalSiteFileSystem(root: site.root)
        guard case .file(let file) = try await files.lookup(["runs", "x", "report.md"]) else {
            Issue.record("not found")
            return
        }
        #expect(file.metadata.size == "# Run x\n".utf8.count)
        #expect(file.realPath == files.realRoot + "/runs/x/report.md")
    }

    @Test("The root and sub-folders are folders")
    func foldersAreFolders() async throws {
        let site = try SiteFixture()
        let files = try LocalSiteFileSystem(root: site.root)
        #expect(try await files.lookup([]) == .folder)
        #expect(try await files.lookup(["runs", "empty"]) == .folder)
    }

    @Test("Symlinks that leave the root are not found", arguments: [
        ["link-to-etc"], ["link-to-etc", "passwd"], ["link-to-secret"], ["link-to-sibling"],
        ["link-to-outside-dir"], ["link-to-outside-dir", "secret.txt"],
    ])
    func symlinksLeavingTheRootAreNotFound(segments: [String]) async throws {
        let site = try SiteFixture()
        let files = try LocalSiteFileSystem(root: site.root)
        #expect(try await files.lookup(segments) == .notFound)
    }

    @Test("Symlinks that stay inside the root are followed")
    func symlinksStayingInsideAreFollowed() async throws {
        let site = try SiteFixture()
        let files = try LocalSiteFileSystem(root: site.root)
        guard case .file(let file) = try await files.lookup(["link-inside.html"]) else {
            Issue.record("not served")
            return
        }
        #expect(file.realPath == files.realRoot + "/runs/x/index.html")
        #expect(try await files.lookup(["runs-alias", "x"]) == .folder)
    }

    @Test("Hidden names are not found, even through a symlink or unchecked segments", arguments: [
        ["link-to-git", "config"], [".git", "config"], [".env"], ["runs", "..", "..", "outside", "secret.txt"], [""],
    ])
    func hiddenAndDotNamesAreNotFound(segments: [String]) async throws {
        let site = try SiteFixture()
        let files = try LocalSiteFileSystem(root: site.root)
        #expect(try await files.lookup(segments) == .notFound)
    }

    @Test("A named pipe is not found (reading it would hang)")
    func namedPipeIsNotFound() async throws {
        let site = try SiteFixture()
        let files = try LocalSiteFileSystem(root: site.root)
        #expect(try await files.lookup(["fifo"]) == .notFound)
    }

    @Test("A root reached through a symlink still confines")
    func rootThroughSymlinkConfines() async throws {
        let site = try SiteFixture()
        let alias = site.base.appendingPathComponent("alias").path
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: site.root)
        let files = try LocalSiteFileSystem(root: alias)
        #expect(files.realRoot == (try LocalSiteFileSystem(root: site.root)).realRoot)
        #expect(try await files.lookup(["link-to-secret"]) == .notFound)
        if case .file = try await files.lookup(["index.html"]) {} else { Issue.record("index not served") }
    }

    @Test("A missing root and a file root are refused")
    func badRootsAreRefused() throws {
        let site = try SiteFixture()
        #expect(throws: ViewerError.rootMissing(site.root + "/nope")) { try LocalSiteFileSystem(root: site.root + "/nope") }
        #expect(throws: ViewerError.rootNotAFolder(site.path("index.html"))) { try LocalSiteFileSystem(root: site.path("index.html")) }
    }

    @Test("Opening reads the bytes and the same metadata")
    func openReadsBytes() async throws {
        let site = try SiteFixture()
        let files = try LocalSiteFileSystem(root: site.root)
        guard case .file(let file) = try await files.lookup(["blob.bin"]) else { Issue.record("missing"); return }
        let opened = try await files.open(file)
        #expect(opened.metadata == file.metadata)
        #expect(opened.body.contentLength == 5)
    }

    @Test("A file replaced after the lookup is reported as vanished")
    func replacedFileVanishes() async throws {
        let site = try SiteFixture()
        let files = try LocalSiteFileSystem(root: site.root)
        guard case .file(let file) = try await files.lookup(["notes.txt"]) else { Issue.record("missing"); return }
        // Written beside it while it still exists (so a new inode), then renamed over it.
        try Data("new".utf8).write(to: URL(fileURLWithPath: site.path("other.txt")))
        #expect(rename(site.path("other.txt"), site.path("notes.txt")) == 0)
        await #expect(throws: SiteFileProviderError.vanished) { try await files.open(file) }
    }
}
