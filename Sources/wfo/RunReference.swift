import ArgumentParser

/// What `wfo status` and `wfo run --resume` take: a run id (`7`) or a batch (`b2`).
enum RunReference: ExpressibleByArgument, Equatable {
    case run(Int64)
    case batch(Int64)

    init?(argument: String) {
        if let id = Int64(argument), id > 0 {
            self = .run(id)
        } else if argument.first == "b" || argument.first == "B", let id = Int64(argument.dropFirst()), id > 0 {
            self = .batch(id)
        } else {
            return nil
        }
    }

    static var defaultValueDescription: String { "a run id like 7, or a batch like b2" }
}
