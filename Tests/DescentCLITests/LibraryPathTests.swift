import Descent
import DescentTestSupport
import Foundation
import Testing

/// The README's library example and `descent train --json` with the same options are one path:
/// the same splits, weights, costs and metrics, bit for bit.
@Suite struct LibraryPathTests {
    @Test("the README's library example gets exactly the numbers descent train --json prints")
    func readmeExampleMatchesTheCommand() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        var rows = ["a,b,c,label"]
        var state: UInt64 = 5
        for _ in 0..<200 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let a = Double(state >> 40 & 1023) / 100, b = Double(state >> 20 & 1023) / 100, c = Double(state >> 50 & 255)
            rows.append("\(a),\(b),\(c),\(a + b > 10 ? "yes" : "no")")
        }
        let url = try scratch.file("train.csv", rows.joined(separator: "\n") + "\n")

        // The README's example, verbatim but for the path.
        let configuration = RunConfiguration(
            data: DataConfiguration(source: .file(path: url.path), devFraction: 0.2),
            model: ModelConfiguration(hiddenLayers: [16], seed: 0),
            optimizer: .adam(), learningRate: 0.01,
            training: TrainingOptions(epochs: 50, batchSize: 32, divergence: DivergenceRule()))
        let data = try PreparedData(configuration.data, seed: configuration.model.seed)
        var run = try TrainingRun<Double>(configuration, data: data)
        let result = run.fit()

        let command = try CLI.run(["train", "--data", "train.csv", "--dev-fraction", "0.2", "--hidden", "16", "--seed", "0",
                                   "--optimizer", "adam", "--learning-rate", "0.01", "--epochs", "50", "--batch-size", "32", "--precision", "float64", "--json"],
                                  in: scratch.url)
        #expect(command.status == 0, "\(command.standardError)")
        let printed = try CLI.json(command.standardOutput)
        #expect(printed["final_cost"] as? Double == result.metrics["final_cost"])
        #expect(printed["train_accuracy"] as? Double == result.metrics["train_accuracy"])
        #expect(printed["dev_accuracy"] as? Double == result.metrics["dev_accuracy"])
        #expect(printed["classes"] as? [String] == data.classNames)
        #expect(result.history.records.count == 50 && result.history.stopReason == .completed)

        // The configuration survives JSON, so a run can be stored and repeated.
        let decoded = try JSONDecoder().decode(RunConfiguration.self, from: JSONEncoder().encode(configuration))
        #expect(decoded == configuration)
        var again = try TrainingRun<Double>(decoded, data: data)
        #expect(again.fit().network == result.network)

        // The one-call facade is the same run.
        let (facade, facadeData) = try configuration.train()
        #expect(facade.network == result.network && facade.metrics == result.metrics && facadeData.classNames == data.classNames)
    }
}
