import Foundation
import FuzzTargets

// Two builds of one program.
//
// With `-D WFO_LIBFUZZER` and `-sanitize=fuzzer,address` (`make fuzz`), the program hands
// its arguments to libFuzzer's driver, which calls `fuzzOneInput` with inputs it mutates
// under coverage guidance; `WFO_FUZZ_TARGET` names the target (study, csv, zip, klines).
// (SwiftPM links an executable's `main` to the symbol `wfo_fuzz_main`, so libFuzzer's own
// `main` is not used; `LLVMFuzzerRunDriver` is its documented entry for that case.)
//
// Without it (every ordinary build), `wfo-fuzz TARGET FILE_OR_FOLDER...` replays inputs
// and prints what became of each, so a crash libFuzzer saved can be examined in a debugger.

#if WFO_LIBFUZZER
nonisolated(unsafe) private var selectedTarget: FuzzTarget?

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("wfo_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
}

func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    if selectedTarget == nil {
        let name = ProcessInfo.processInfo.environment["WFO_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("set WFO_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        selectedTarget = target
    }
    _ = selectedTarget!.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : count))
    return 0
}
#else
@main
struct FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count >= 2 else {
            FileHandle.standardError.write(Data("""
                usage: wfo-fuzz TARGET FILE_OR_FOLDER...   (TARGET: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))
                replays inputs through a fuzz target; `make fuzz` builds the libFuzzer version\n
                """.utf8))
            exit(2)
        }
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("\(file): cannot read it\n".utf8))
                    exit(2)
                }
                switch target.run(data) {
                case .accepted: print("\(file): accepted")
                case let .refused(message): print("\(file): refused: \(message.prefix(200))")
                }
            }
        }
    }

    /// `path` itself, or the regular files in it (sorted) when it is a folder.
    static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}
#endif
