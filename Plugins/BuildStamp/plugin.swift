import Foundation
import PackagePlugin

/// Writes `BuildStamp.swift` into the `wfo` target before every build: the version in the
/// package's `VERSION` file, the git commit the tree is at, and whether tracked files differ
/// from it (`git status --untracked-files=no`, like `git describe --dirty`). Outside a git
/// checkout (a source tarball) the commit is `unknown`. The file is rewritten only when its
/// text changes, so an unchanged tree recompiles nothing.
@main
struct BuildStampPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "stamp")
        let script = #"""
            set -u
            out="$1"; package="$2"
            version=$(tr -d ' \n' < "$package/VERSION" 2>/dev/null); [ -n "$version" ] || version=unknown
            commit=$(git -C "$package" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
            dirty=false
            if [ "$commit" != unknown ] && [ -n "$(git -C "$package" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null)" ]; then dirty=true; fi
            mkdir -p "$out"
            printf '// Written by the BuildStamp plugin (Plugins/BuildStamp) on every build; not in git.\nenum BuildStamp {\n    static let version = "%s"\n    static let commit = "%s"\n    static let dirty = %s\n}\n' "$version" "$commit" "$dirty" > "$out/BuildStamp.swift.new"
            if cmp -s "$out/BuildStamp.swift.new" "$out/BuildStamp.swift"; then rm -f "$out/BuildStamp.swift.new"; else mv "$out/BuildStamp.swift.new" "$out/BuildStamp.swift"; fi
            """#
        return [.prebuildCommand(displayName: "Stamping the wfo build with its version and commit",
                                 executable: URL(filePath: "/bin/sh"),
                                 arguments: ["-c", script, "build-stamp", output.path, context.package.directoryURL.path],
                                 outputFilesDirectory: output)]
    }
}
