import Testing
@testable import DescentCLI

@Suite struct CommandTests {
    @Test func rootCommandParsesHelp() throws {
        #expect(DescentCommand.configuration.commandName == "descent")
    }
}
