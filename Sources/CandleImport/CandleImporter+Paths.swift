import Foundation
import MarketData

extension CandleImporter {
    /// Binance's interval spellings, to recognise `SYMBOL-TF-...` file names.
    static let binanceIntervals: Set<String> = Set(Timeframe.allCases.map(\.rawValue)).union(["1s", "1M", "1mo"])

    /// Expands files, folders and glob patterns into the files to read, each once, in the order found.
    ///
    /// - Throws: ``CandleImportError`` for a path that does not exist, or a folder or pattern
    ///   that yields no file for `symbol` and `timeframe`.
    public static func resolve(paths: [String], symbol: String, timeframe: Timeframe) throws(CandleImportError) -> [String] {
        guard !paths.isEmpty else {
            throw CandleImportError(file: "(no paths)", message: "no candle files given; pass files, folders or patterns such as data/BTCUSDT-5m-*.zip")
        }
        var files: [String] = []
        var seen: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            let found: [String]
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                found = isDirectory.boolValue ? try folderFiles(path, symbol: symbol, timeframe: timeframe) : [path]
            } else if path.contains(where: { "*?[".contains($0) }) {
                found = try patternFiles(path, symbol: symbol, timeframe: timeframe)
            } else {
                throw CandleImportError(
                    file: path,
                    message: "no such file or folder; check the path (relative paths start at \(FileManager.default.currentDirectoryPath))")
            }
            for file in found where seen.insert(URL(fileURLWithPath: file).standardizedFileURL.path).inserted {
                files.append(file)
            }
        }
        return files
    }

    /// The `.csv` and `.zip` files directly inside a folder that are for `symbol` and `timeframe`.
    static func folderFiles(_ folder: String, symbol: String, timeframe: Timeframe) throws(CandleImportError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw CandleImportError(file: folder, message: "cannot list the folder (\(error.localizedDescription)); check its permissions")
        }
        let candidates = names
            .filter { !$0.hasPrefix(".") && (isCSVName($0) || isZipName($0)) }
            .map { join(folder, $0) }
            .filter { !isDirectory($0) }
        let wanted = candidates.filter { isWanted(fileName: fileName($0), symbol: symbol, timeframe: timeframe) }
        guard wanted.isEmpty else { return wanted }
        throw nothingFound(folder, kind: "folder", candidates: candidates, symbol: symbol, timeframe: timeframe)
    }

    /// The files a glob pattern matches: matched folders are read like folders, matched
    /// files when they are `.csv` or `.zip` for `symbol` and `timeframe`.
    static func patternFiles(_ pattern: String, symbol: String, timeframe: Timeframe) throws(CandleImportError) -> [String] {
        let matches = expandGlob(pattern)
        var candidates: [String] = []
        var wanted: [String] = []
        for match in matches {
            if isDirectory(match) {
                if let inside = try? folderFiles(match, symbol: symbol, timeframe: timeframe) { wanted += inside }
                continue
            }
            guard isCSVName(match) || isZipName(match) else { continue }
            candidates.append(match)
            if isWanted(fileName: fileName(match), symbol: symbol, timeframe: timeframe) { wanted.append(match) }
        }
        guard wanted.isEmpty else { return wanted }
        if matches.isEmpty {
            throw CandleImportError(
                file: pattern,
                message: "the pattern matches no file; check the folder and the pattern (* matches any part of a name, ? one character)")
        }
        throw nothingFound(pattern, kind: "pattern", candidates: candidates, symbol: symbol, timeframe: timeframe)
    }

    private static func nothingFound(_ place: String, kind: String, candidates: [String], symbol: String,
                                     timeframe: Timeframe) -> CandleImportError {
        let binanceName = "\(normalizedSymbol(symbol))-\(timeframe.rawValue)-*.csv or .zip"
        if candidates.isEmpty {
            let scope = kind == "folder" ? "in this folder (sub-folders are not searched)" : "among the pattern's matches"
            return CandleImportError(
                file: place,
                message: "no .csv or .zip file \(scope); looked for \(binanceName) or other candle CSVs: point to the files or the folder holding them")
        }
        let examples = candidates.prefix(3).map(fileName).joined(separator: ", ")
        return CandleImportError(
            file: place,
            message: "no file for \(normalizedSymbol(symbol)) \(timeframe.rawValue): looked for \(binanceName), found only "
                + "\(candidates.count) file\(candidates.count == 1 ? "" : "s") for other symbols or timeframes (\(examples)"
                + "\(candidates.count > 3 ? ", ..." : "")); check the symbol and timeframe, or name the files explicitly")
    }

    /// False only for a Binance-named file (`SYMBOL-TF-...`) of another symbol or timeframe.
    static func isWanted(fileName: String, symbol: String, timeframe: Timeframe) -> Bool {
        guard let name = binanceName(fileName) else { return true }
        return name.symbol == normalizedSymbol(symbol) && name.interval == timeframe.rawValue
    }

    /// The symbol (upper case) and interval of a `SYMBOL-TF-...` file name, or nil for other names.
    static func binanceName(_ fileName: String) -> (symbol: String, interval: String)? {
        var stem = Substring(fileName)
        if let dot = stem.lastIndex(of: ".") { stem = stem[..<dot] }
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].count >= 2,
              parts[0].unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }),
              binanceIntervals.contains(String(parts[1])) else { return nil }
        return (parts[0].uppercased(), String(parts[1]))
    }

    /// `btc/usdt` → `BTCUSDT`.
    static func normalizedSymbol(_ symbol: String) -> String {
        String(symbol.uppercased().unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    // MARK: - Globs

    /// The paths matching a glob pattern, sorted; wildcards may appear in any component.
    /// As in a shell, a wildcard does not match a leading `.`.
    static func expandGlob(_ pattern: String) -> [String] {
        let components = pattern.split(separator: "/").map(String.init)
        var paths = [pattern.hasPrefix("/") ? "/" : ""]
        for (position, component) in components.enumerated() {
            let isLast = position == components.count - 1
            var next: [String] = []
            for base in paths {
                guard component.contains(where: { "*?[".contains($0) }) else {
                    let path = join(base, component)
                    if isLast ? FileManager.default.fileExists(atPath: path) : isDirectory(path) { next.append(path) }
                    continue
                }
                let folder = base.isEmpty ? "." : base
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
                let patternScalars = Array(component.unicodeScalars)
                for name in names.sorted() where !name.hasPrefix(".") || component.hasPrefix(".") {
                    guard globMatches(patternScalars, Array(name.unicodeScalars)) else { continue }
                    let path = join(base, name)
                    if isLast || isDirectory(path) { next.append(path) }
                }
            }
            paths = next
        }
        return paths
    }

    /// Whether a whole name matches one pattern component: `*` any run, `?` one character,
    /// `[abc]`, `[a-z]`, `[!a-z]` one of (or none of) a set; a `[` without `]` is literal.
    static func globMatches(_ pattern: [Unicode.Scalar], _ name: [Unicode.Scalar]) -> Bool {
        var p = 0, n = 0
        var starPattern: Int?, starName = 0
        while n < name.count {
            if p < pattern.count {
                switch pattern[p] {
                case "*":
                    starPattern = p
                    starName = n
                    p += 1
                    continue
                case "?":
                    p += 1
                    n += 1
                    continue
                case "[":
                    if let (matched, length) = matchClass(pattern, at: p, name[n]) {
                        if matched {
                            p += length
                            n += 1
                            continue
                        }
                    } else if name[n] == "[" {
                        p += 1
                        n += 1
                        continue
                    }
                default:
                    if pattern[p] == name[n] {
                        p += 1
                        n += 1
                        continue
                    }
                }
            }
            guard let star = starPattern else { return false }
            p = star + 1
            starName += 1
            n = starName
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Matches `character` against the class opening at `pattern[start]`: whether it
    /// matched and the class's length, or nil when the `[` is not closed.
    private static func matchClass(_ pattern: [Unicode.Scalar], at start: Int,
                                   _ character: Unicode.Scalar) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "!" || pattern[index] == "^" {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.count {
            if pattern[index] == "]", !first { return (matched != negated, index - start + 1) }
            first = false
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                if pattern[index] <= character, character <= pattern[index + 2] { matched = true }
                index += 3
            } else {
                if pattern[index] == character { matched = true }
                index += 1
            }
        }
        return nil
    }
}
