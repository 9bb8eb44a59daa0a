/// One axis of a study matrix: the study field it varies (`timeframe`) and its values as
/// labels (`["1h", "4h"]`), in the order written. A matrix has one run per combination of
/// one label per axis (a cell).
public struct MatrixAxis: Codable, Sendable, Equatable {
    public var key: String
    public var labels: [String]

    public init(key: String, labels: [String]) {
        self.key = key
        self.labels = labels
    }

    /// The field of the training length; with ``testingKey`` as the only other axis the
    /// matrix is a walk-forward matrix (``isWalkForwardMatrix(_:)``).
    public static let trainingKey = "training_window_days"
    public static let testingKey = "testing_window_days"

    /// `symbols=ETHUSDT, timeframe=4h`: a cell's labels, named by their axes.
    public static func describe(_ axes: [MatrixAxis], labels: [String]) -> String {
        zip(axes, labels).map { "\($0.key)=\($1)" }.joined(separator: ", ")
    }

    /// Whether the axes are exactly the training and testing lengths: a grid of window
    /// choices, whose cells say whether a result depends on them.
    public static func isWalkForwardMatrix(_ axes: [MatrixAxis]) -> Bool {
        axes.count == 2 && Set(axes.map(\.key)) == [trainingKey, testingKey]
    }
}
