import Descent
import Testing

/// `descent` itself: its version, and a first argument that names no command.
@Suite struct RootCommandTests {
    static let commands = "lab, train, tune, playground, predict, evaluate, export, describe, gradcheck, bench"

    @Test("descent --version prints the library's version on stdout and succeeds")
    func version() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0 && !result.crashed, "\(result.standardError)")
        #expect(result.standardOutput == Descent.version + "\n")
        #expect(result.standardError.isEmpty)
        #expect(Descent.version.split(separator: ".").count == 3 && Descent.version.split(separator: ".").allSatisfy { Int($0) != nil })
    }

    @Test("an unknown command is a usage error (64) that names it and lists every command", arguments: ["fit", "trian", "predictions"])
    func unknownCommand(name: String) throws {
        let result = try CLI.run([name, "--data", "moons"])
        #expect(result.status == 64 && !result.crashed)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "error: unknown command '\(name)'; the commands are: \(Self.commands) (descent help <command> describes one)\n")
    }

    @Test("help, the commands and options are not taken for unknown commands")
    func knownFirstArguments() throws {
        #expect(try CLI.run(["help", "describe"]).standardOutput.hasPrefix("OVERVIEW: Describe a CSV file"))
        let unknownOption = try CLI.run(["--fit"])
        #expect(unknownOption.status == 64 && unknownOption.standardError == "error: Unknown option '--fit'\n")
        #expect(try CLI.run(["gradcheck", "--examples", "4"]).status == 0)
    }
}
