import DescentPlaygroundServer

PlaygroundServeCommand.runAndExit()
