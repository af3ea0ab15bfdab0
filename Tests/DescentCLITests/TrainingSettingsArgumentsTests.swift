import Descent
import DescentCLI
import Testing

/// `descent train`'s arguments read to typed settings (the CLI's parser; the library only writes them back).
@Suite struct TrainingSettingsArgumentsTests {
    @Test("a command line reads to typed settings and prints back as given, in order")
    func argumentsRoundTrip() throws {
        let arguments = ["--data", "my points.csv", "--hidden", "", "--learning-rate=0.5", "--amsgrad", "--optimizer", "adam",
                         "--delimiter", ";", "--seed", "3", "--min-learning-rate", "1e-05"]
        let settings = try TrainingSettings(arguments: arguments)
        #expect(settings.hidden.sizes.isEmpty && settings.learningRate == 0.5 && settings.hyperparameters["amsgrad"] == 1 && settings.optimizer.name == "adam")
        #expect(settings.given == ["data", "hidden", "learning-rate", "amsgrad", "optimizer", "delimiter", "seed", "min-learning-rate"])
        #expect(settings.arguments == ["--data", "my points.csv", "--hidden", "", "--learning-rate", "0.5", "--amsgrad", "--optimizer", "adam",
                                       "--delimiter", ";", "--seed", "3", "--min-learning-rate", "1e-05"])
        #expect(try TrainingSettings(arguments: settings.arguments) == settings)
        #expect(settings.command == "descent train --data 'my points.csv' --hidden '' --learning-rate 0.5 --amsgrad --optimizer adam --delimiter ';' --seed 3 --min-learning-rate 1e-05")
        // A value may be - (standard input) or negative (then refused by its range).
        #expect(try TrainingSettings(arguments: ["--data", "-"]).data == "-")
        #expect(throws: SettingError.invalid(name: "learning-rate", value: "-0.5", requirement: "must be positive and finite")) {
            try TrainingSettings(arguments: ["--learning-rate", "-0.5"])
        }
        #expect(TrainingSettings.arguments([("learning-rate", "-0.5")]) == ["--learning-rate=-0.5"])
    }

    @Test("an unknown option is named with the closest setting; other mistakes name their option")
    func mistakesNameTheOption() throws {
        #expect(throws: SettingError.unknown(name: "learning-rat", suggestion: "learning-rate")) {
            try TrainingSettings(arguments: ["--learning-rat", "0.1"])
        }
        #expect(throws: SettingError.unknown(name: "frobnicate", suggestion: nil)) { try TrainingSettings(arguments: ["--frobnicate"]) }
        #expect(throws: SettingError.missingValue(name: "epochs")) { try TrainingSettings(arguments: ["--epochs"]) }
        #expect(throws: SettingError.missingValue(name: "epochs")) { try TrainingSettings(arguments: ["--epochs", "--seed", "1"]) }
        #expect(try TrainingSettings(arguments: ["--optimizer", "sgd"]).optimizer.name == "gd", "PyTorch's and Keras's name")
        #expect(throws: SettingError.unexpectedArgument("moons")) { try TrainingSettings(arguments: ["moons"]) }
        #expect(throws: SettingError.invalid(name: "hidden", value: "10,x", requirement: "must be comma-separated layer sizes, e.g. 10,5 (empty: none)")) {
            try TrainingSettings(arguments: ["--hidden", "10,x"])
        }
    }
}
