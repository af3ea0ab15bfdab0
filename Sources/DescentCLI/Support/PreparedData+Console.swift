import Descent

extension PreparedData {
    /// Loads, splits and normalizes the data of `configuration` (splits draw from a generator
    /// seeded with `seed`) in `precision` (see `PreparedData.init(_:seed:precision:readsFloat32:)`),
    /// and prints its notes and warnings on stderr.
    static func prepare(_ configuration: DataConfiguration, seed: UInt32, precision: Precision = .float64,
                        readsFloat32: Bool = true) throws -> PreparedData {
        let prepared: PreparedData
        do {
            prepared = try PreparedData(configuration, seed: seed, precision: precision, readsFloat32: readsFloat32)
        } catch {
            throw CommandFailure(message: error.optionText)
        }
        prepared.printNotes()
        return prepared
    }

    /// Prints the notes and warnings of the preparation on stderr (`note: …`, `warning: …`).
    func printNotes() {
        for note in notes { Console.standardError("note: \(note)\n") }
        for warning in warnings { Console.standardError("warning: \(warning.optionText)\n") }
    }
}
