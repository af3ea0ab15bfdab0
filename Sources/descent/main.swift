import DescentCLI

DescentCommand.runAndExit()
