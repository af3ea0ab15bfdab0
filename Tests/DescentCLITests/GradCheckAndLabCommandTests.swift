import Descent
import DescentTestSupport
import Foundation
import Testing

@Suite struct GradCheckCommandTests {
    @Test func l2CheckPasses() throws {
        let result = try CLI.run(["gradcheck", "--hidden", "5,3", "--l2", "0.7", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        #expect(object["passed"] as? Bool == true)
        let tensors = try #require(object["tensors"] as? [[String: Any]])
        #expect(tensors.map { $0["name"] as? String } == ["W1", "b1", "W2", "b2", "W3", "b3"])
        #expect((object["difference"] as? Double ?? 1) < 1e-7)
        #expect(object["threshold"] as? Double == 1e-7 && object["epsilon"] as? Double == 1e-7)
        #expect(object["dropout_disabled"] as? Bool == false && (object["failing"] as? [String])?.isEmpty == true)
        #expect(tensors.allSatisfy { $0["passed"] as? Bool == true })
        // The shares add up, in squares, to the overall difference.
        let shares = tensors.compactMap { $0["contribution"] as? Double }
        #expect(shares.count == 6 && abs(shares.map { $0 * $0 }.reduce(0, +).squareRoot() / (object["difference"] as? Double ?? 1) - 1) < 1e-9)
    }

    @Test("--batch-norm and --layer-norm check γ and β like W and b; a batch of one and both at once are refused",
          arguments: [("--batch-norm", ["W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "b3"]),
                      ("--layer-norm", ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"])])
    func normalizedNetworksPass(flag: String, names: [String]) throws {
        let result = try CLI.run(["gradcheck", "--hidden", "5,3", flag, "--l2", "0.3", "--activation", "tanh", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        #expect((try #require(object["tensors"] as? [[String: Any]])).map { $0["name"] as? String } == names)
        #expect(object["passed"] as? Bool == true)
        let refused = try CLI.run(["gradcheck", flag, "--examples", "1"] + (flag == "--batch-norm" ? [] : ["--batch-norm"]))
        #expect(refused.status != 0 && refused.standardError.hasPrefix("error: --batch-norm"), "\(refused.standardError)")
    }

    @Test(arguments: ["relu", "leaky-relu", "sigmoid", "tanh", "linear"])
    func everyActivationPassesWithL1AndDropoutReported(activation: String) throws {
        let result = try CLI.run(["gradcheck", "--activation", activation, "--l1", "0.1", "--keep-prob", "0.8", "--data", "circles"])
        #expect(result.status == 0, "\(activation): \(result.standardOutput) \(result.standardError)")
        #expect(result.standardOutput.contains("dropout was switched off"))
    }
}

@Suite struct LabCommandTests {
    @Test func gradientCheckingLabJSON() throws {
        let result = try CLI.run(["lab", "gradient-checking", "--json", "--no-report"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try CLI.json(result.standardOutput)
        let labs = try #require(object["labs"] as? [[String: Any]])
        let runs = try #require(labs.first?["runs"] as? [[String: Any]])
        #expect(runs.map { $0["name"] as? String } == ["one-dimensional", "planted-bugs", "fixed"])
        #expect(runs[1]["blamed"] as? [String] == ["b1", "W2"])
        let difference = try #require(runs[1]["difference"] as? Double)
        #expect(abs(difference - 0.2850931567761623) < 1e-9 * 0.285)
    }

    @Test func shortInitializationLabWritesValidJSONWithNullForInfinity() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let result = try CLI.run(["lab", "initialization", "--epochs", "30", "--json", "--report", "out"], in: scratch.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("[0, null]"))
        let object = try CLI.json(result.standardOutput)
        let runs = try #require((object["labs"] as? [[String: Any]])?.first?["runs"] as? [[String: Any]])
        #expect(runs.map { $0["name"] as? String } == ["zeros", "random", "he"])
        let html = try String(contentsOf: scratch.url.appendingPathComponent("out/index.html"), encoding: .utf8)
        #expect(html.contains("<svg"))
    }
}

@Suite struct LabQuietTests {
    @Test func quietPrintsOnlyTheTables() throws {
        let result = try CLI.run(["lab", "gradient-checking", "--quiet", "--no-report"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("planted-bugs"))
        #expect(!result.standardOutput.contains("Lesson:"))
        #expect(!result.standardOutput.contains("There is a mistake"))
    }
}

@Suite struct PrintedOutputTests {
    @Test func gradcheckFailureNamesSuspectTensorsAndExits1() throws {
        let result = try CLI.run(["gradcheck", "--threshold", "1e-30"])
        #expect(result.status == 1 && !result.crashed)
        #expect(result.standardError == "error: gradient check failed: difference \(try #require(Self.difference(result.standardOutput))) ≥ 1e-30\n")
        #expect(result.standardOutput.contains("(FAILED; threshold 1e-30)"))
        #expect(result.standardOutput.contains("SUSPECT"))
        #expect(result.standardOutput.contains("worst entries"))
    }

    static func difference(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("difference = ") }?
            .dropFirst("difference = ".count).split(separator: " ").first.map(String.init)
    }

    @Test func labTextPrintsTheCourseVerdictsAndBlame() throws {
        let result = try CLI.run(["lab", "gradient-checking", "--no-report"])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("There is a mistake in the backward propagation! difference = 0.285093156") })
        #expect(lines.contains("Blamed tensors: b1, W2"))
        #expect(lines.contains { $0.hasPrefix("Your backward propagation works perfectly fine! difference = 1.18") })
        #expect(lines.contains { $0.hasPrefix("Lesson: ") })
    }

    @Test func shortOptimizationLabPrintsEachRunAndTheScheduledRates() throws {
        // Two epochs: the scheduled runs have not decayed yet (⌊1 / 1000⌋ = 0), so each prints its α0.
        let result = try CLI.run(["lab", "optimization", "--epochs", "2", "--no-report"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        for name in ["gd", "momentum", "adam", "gd-scheduled-decay", "momentum-scheduled-decay", "adam-scheduled-decay"] {
            #expect(lines.contains { $0.hasPrefix("[\(name)] ") }, "run \(name)")
        }
        #expect(lines.filter { $0 == "Learning rate after the last epoch: 0.1" }.count == 2)
        #expect(lines.filter { $0 == "Learning rate after the last epoch: 0.01" }.count == 1)
        #expect(lines.filter { $0.hasPrefix("Learning rate after the last epoch") }.count == 3)
        #expect(lines.contains { $0.hasPrefix("Cost after epoch 0: 0.7024") })
    }
}

@Suite struct LabJobsTests {
    @Test("descent lab --jobs 2 prints and reports exactly what --jobs 1 does")
    func jobsChangeNothing() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let one = try CLI.run(["lab", "--epochs", "3", "--jobs", "1", "--report", "one"], in: scratch.url)
        let two = try CLI.run(["lab", "--epochs", "3", "--jobs", "2", "--report", "two"], in: scratch.url)
        #expect(one.status == 0 && two.status == 0, "\(one.standardError) \(two.standardError)")
        #expect(one.standardOutput.replacingOccurrences(of: "one/index.html", with: "")
                == two.standardOutput.replacingOccurrences(of: "two/index.html", with: ""))
        #expect(two.standardError.contains("running 25 runs of 6 labs on 2 threads"))
        let reportOne = try Data(contentsOf: scratch.file("one/index.html")), reportTwo = try Data(contentsOf: scratch.file("two/index.html"))
        #expect(reportOne == reportTwo, "the report byte for byte")

        // The depth lab prints each run's per-layer ‖dZ[l]‖ and std(A[l]) at initialization: the library's values.
        let lab = try CourseLab.vanishingGradients.run(epochs: 3)
        let lines = one.standardOutput.split(separator: "\n").map(String.init)
        for (prefix, values) in [("‖dZ[l]‖ at initialization, layers 1…13: ", lab.runs.map { $0.initialLayers.map(\.errorNorm) }),
                                 ("std(A[l]) at initialization, layers 1…13: ", lab.runs.map { $0.initialLayers.map(\.activationStandardDeviation) })] {
            let printed = lines.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            #expect(printed == values.map { $0.map { String(format: "%.3g", $0) }.joined(separator: ", ") }, "\(prefix)")
        }
    }

    @Test("descent lab --json carries the depth lab's per-layer norms exactly")
    func depthLabJSON() throws {
        let result = try CLI.run(["lab", "vanishing-gradients", "--epochs", "2", "--json", "--no-report"])
        #expect(result.status == 0, "\(result.standardError)")
        let runs = try #require((try CLI.json(result.standardOutput)["labs"] as? [[String: Any]])?.first?["runs"] as? [[String: Any]])
        let lab = try CourseLab.vanishingGradients.run(epochs: 2)
        #expect(runs.map { $0["name"] as? String } == lab.runs.map(\.name))
        for (json, run) in zip(runs, lab.runs) {
            #expect(json["initial_error_norms"] as? [Double] == run.initialLayers.map(\.errorNorm))
            #expect(json["initial_activation_std"] as? [Double] == run.initialLayers.map(\.activationStandardDeviation))
        }
    }
}
