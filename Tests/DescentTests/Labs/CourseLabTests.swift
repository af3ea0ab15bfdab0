import Foundation
import Testing
import RealModule
@testable import Descent

/// The labs, shortened for the debug test suite: the numbers fixed before training (iteration-0
/// costs, gradient checks) are checked exactly; full-length runs are in `FullCourseLabTests`.
@Suite struct CourseLabTests {
    @Test func initializationLabStartsAsTheCourse() throws {
        let result = try CourseLab.initialization.run(epochs: 101)
        #expect(result.runs.map(\.name) == ["zeros", "random", "he"])
        #expect(result.runs[0].costs[0].rawCost == 0.6931471805599453)
        #expect(result.runs[0].costs[0].cost == 0.6931471805599453)
        #expect(result.runs[1].costs[0].rawCost == .infinity)
        #expect(result.runs[1].costs[0].cost == nil)
        #expect(result.runs[2].costs[0].rawCost.isApproximatelyEqual(to: 0.8830537463419761, relativeTolerance: 1e-12))
        #expect(result.runs[0].trainAccuracy == 0.5 && result.runs[0].testAccuracy == 0.5)
        #expect(result.lesson.contains("every prediction is 0"))
        #expect(result.runs.allSatisfy { $0.curve.count >= 2 && $0.network != nil })
        // The summary table's "first cost" column is the iteration-0 cost as printed.
        let table = result.summaryTable
        #expect(table.headers[3] == "first cost")
        #expect(table.rows[0][3] == "0.6931471805599453" && table.rows[1][3] == "inf")
        #expect(table.rows.map { $0[0] } == ["zeros", "random", "he"])
    }

    @Test func regularizationLabStartsAsTheCourse() throws {
        let result = try CourseLab.regularization.run(epochs: 3)
        #expect(result.runs.map(\.name) == ["none", "l2", "dropout", "dropout-fresh-masks"])
        let expected = [0.6557412523481002, 0.6974484493131264, 0.6543912405149825]
        for (run, cost) in zip(result.runs, expected) {
            #expect(run.costs[0].rawCost.isApproximatelyEqual(to: cost, relativeTolerance: 1e-12), "\(run.name)")
        }
        #expect(result.runs[3].costs[0].rawCost != result.runs[2].costs[0].rawCost, "fresh masks differ from the course's")
    }

    @Test func gradientCheckingLabReproducesTheCourse() throws {
        let result = try CourseLab.gradientChecking.run()
        #expect(result.runs.map(\.name) == ["one-dimensional", "planted-bugs", "fixed"])
        #expect(result.runs[0].difference!.isApproximatelyEqual(to: 2.919335883291695e-10, relativeTolerance: 1e-6))
        #expect(result.runs[1].difference!.isApproximatelyEqual(to: 0.2850931567761623, relativeTolerance: 1e-9))
        #expect(result.runs[1].failingTensors == ["b1", "W2"])
        #expect(abs(result.runs[2].difference! - 1.1890913e-07) < 0.02e-07)
        #expect(result.runs[2].failingTensors.isEmpty)
        // Per-tensor differences: the two bugged tensors stand out, the fixed ones are all small.
        let planted = Dictionary(uniqueKeysWithValues: result.runs[1].tensorDifferences.map { ($0.name, $0.difference) })
        #expect(result.runs[1].tensorDifferences.map(\.name) == ["W1", "b1", "W2", "b2", "W3", "b3"])
        #expect(planted["W2"]! > 0.1 && planted["b1"]! > 0.1 && planted["W1"]! < 1e-6 && planted["W3"]! < 1e-6)
        #expect(result.runs[2].tensorDifferences.allSatisfy { $0.difference < 1e-6 })
        // The summary table's verdicts and blame.
        let table = result.summaryTable
        #expect(table.rows.map { $0[3] } == ["correct", "mistake", "correct"])
        #expect(table.rows[1][4] == "b1, W2" && table.rows[2][4] == "–")
        #expect(result.biasVariance == nil, "no trained classifier")
    }

    @Test func gradientCheckingCaseIsTheNumpyTestCase() throws {
        let (network, data) = CourseLab.gradientCheckingCase()
        let testCase = try Fixtures.value(try Fixtures.load("testcases"), "gradient_check_n", "inputs")
        #expect(data.features == (try Fixtures.matrix(try Fixtures.value(testCase, "X"))))
        #expect(network.layers[1].weights == (try Fixtures.matrix(try Fixtures.value(testCase, "parameters", "W2"))))
        #expect(network.layers[2].bias == (try Fixtures.matrix(try Fixtures.value(testCase, "parameters", "b3"))))
    }

    @Test func optimizationLabStartsAsTheCourse() throws {
        let result = try CourseLab.optimization.run(epochs: 2)
        #expect(result.runs.map(\.name) == ["gd", "momentum", "adam", "gd-scheduled-decay", "momentum-scheduled-decay", "adam-scheduled-decay"])
        // COURSE.md prints epoch 0 as the epoch's summed cost / 300 to six decimals.
        for (run, cost) in zip(result.runs, [0.702405, 0.702413, 0.702166]) {
            #expect(abs(run.costs[0].rawCost - cost) < 5e-7, "\(run.name): \(run.costs[0].rawCost)")
            #expect(run.stepName == "epoch")
        }
    }
}

/// Full-length labs against every accuracy in COURSE.md. Minutes in a debug build, about a second
/// in release: `.ci/run` runs them with `DESCENT_FULL_LABS=1 swift test -c release …`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DESCENT_FULL_LABS"] == "1",
                "full-length labs run in release mode from .ci/run (DESCENT_FULL_LABS=1)"))
struct FullCourseLabTests {
    static func accuracies(_ result: LabResult) -> [String: [Double?]] {
        Dictionary(uniqueKeysWithValues: result.runs.map { ($0.name, [$0.trainAccuracy, $0.testAccuracy]) })
    }

    @Test func initializationLab() throws {
        let lab = try CourseLab.initialization.run()
        let result = Self.accuracies(lab)
        #expect(result["zeros"] == [0.5, 0.5])
        #expect(result["random"] == [0.83, 0.86])
        #expect(result["he"] == [0.9933333333333333, 0.96])
        // He has the best test accuracy: train error 1 − 0.99333 → 0.7 %, test error 1 − 0.96 → 4.0 %.
        #expect(lab.biasVariance?.hasPrefix("he: train error 0.7 %, test error 4.0 % (Bayes 0.0 %)") == true,
                "\(lab.biasVariance ?? "nil")")
    }

    @Test func regularizationLab() throws {
        let lab = try CourseLab.regularization.run()
        let result = Self.accuracies(lab)
        #expect(lab.biasVariance?.hasPrefix("none: train error 5.2 %, test error 8.5 % (Bayes 0.0 %)") == true,
                "\(lab.biasVariance ?? "nil")")
        #expect(result["none"] == [0.9478672985781991, 0.915])
        #expect(result["l2"] == [0.9383886255924171, 0.93])
        #expect(result["dropout"] == [0.9289099526066351, 0.95])
    }

    @Test func optimizationLab() throws {
        let lab = try CourseLab.optimization.run()
        let result = Self.accuracies(lab)
        #expect(result["gd"]?[0] == 0.7966666666666666)
        #expect(result["momentum"]?[0] == 0.7966666666666666)
        #expect(result["adam"]?[0] == 0.94)
        for name in ["gd-scheduled-decay", "momentum-scheduled-decay", "adam-scheduled-decay"] {
            #expect((result[name]?[0] ?? 0)! >= 0.93, "\(name) reaches about 94-95 %")
        }
        // α0 / (1 + ⌊4999 / 1000⌋) in the last of the 5000 epochs.
        let finalRates = Dictionary(uniqueKeysWithValues: lab.runs.map { ($0.name, $0.finalLearningRate) })
        #expect(finalRates["gd-scheduled-decay"] == 0.1 / 5 && finalRates["momentum-scheduled-decay"] == 0.1 / 5)
        #expect(finalRates["adam-scheduled-decay"] == 0.01 / 5)
        #expect(finalRates["adam"] == 0.0007)
        // The best of the constant-rate runs is adam (0.94); the lab has no test set.
        #expect(lab.biasVariance?.hasPrefix("adam: train error 6.0 % (Bayes 0 %) → ") == true, "\(lab.biasVariance ?? "nil")")
        #expect(lab.biasVariance?.hasSuffix("so variance cannot be measured") == true)
    }
}

@Suite struct LabReportTests {
    @Test func reportHasOneCostCurvePerRunAndOneBoundaryPerClassifier() throws {
        let labs = try [CourseLab.initialization.run(epochs: 20), CourseLab.gradientChecking.run(), CourseLab.optimization.run(epochs: 2)]
        let html = HTMLReport(labs: labs).html()
        let trainedRuns = labs.flatMap(\.runs).filter { !$0.curve.isEmpty }
        #expect(trainedRuns.count == 9)
        #expect(html.components(separatedBy: "class=\"series\"").count - 1 == trainedRuns.count)
        for run in trainedRuns { #expect(html.contains("data-series=\"\(run.name)\"")) }
        let charts = html.components(separatedBy: "<svg").count - 1
        let costCharts = labs.reduce(0) { $0 + $1.costCharts.count }
        let boundaries = charts - costCharts
        #expect(boundaries == labs.flatMap(\.runs).filter { $0.network != nil }.count)
        #expect(boundaries == 9)
        #expect(costCharts == 3)   // initialization; optimization at a constant rate and with decay
        HTMLReportTests.expectSelfContained(html)
        #expect(html.contains("Gradient Checking lab") && html.contains("planted-bugs"))
    }
}

@Suite struct VanishingGradientsLabTests {
    @Test("the depth lab: half He's scale shrinks ‖dZ[l]‖ and the activations geometrically, twice grows them, He keeps them level")
    func geometricTrendWithDepth() throws {
        let result = try CourseLab.vanishingGradients.run(epochs: 2)
        #expect(result.runs.map(\.name) == ["0.5x-he", "1x-he", "2x-he"])
        func ratios(_ values: [Double]) -> [Double] { zip(values.dropFirst(), values).map { $0 / $1 } }
        for run in result.runs {
            let layers = run.initialLayers
            #expect(layers.count == 13, "\(run.name): every layer measured at initialization")
            // Backward, layer l+1 → l (toward the input); forward, l → l+1, over the hidden layers 1…12.
            let backward = ratios(layers.dropLast().map(\.errorNorm).reversed())
            let forward = ratios(layers.dropLast().map(\.activationStandardDeviation))
            let meanBackward = CourseLab.depthFactor(layers.map(\.errorNorm))
            switch run.name {
            case "0.5x-he":
                #expect(backward.allSatisfy { $0 < 1 } && forward.allSatisfy { $0 < 1 }, "\(backward) \(forward)")
                #expect(meanBackward > 0.35 && meanBackward < 0.6, "about ½ per layer: \(meanBackward)")
            case "2x-he":
                #expect(backward.allSatisfy { $0 > 1 } && forward.allSatisfy { $0 > 1 }, "\(backward) \(forward)")
                #expect(meanBackward > 1.6 && meanBackward < 2.4, "about 2 per layer: \(meanBackward)")
            default:
                #expect(meanBackward > 0.8 && meanBackward < 1.25, "level: \(meanBackward)")
            }
        }
        #expect(result.lesson.contains("Half He's scale") && result.lesson.contains("He's √(2/n[l−1]) keeps both level"))
        let charts = result.depthCharts
        #expect(charts.count == 2 && charts.allSatisfy { $0.logScaleY && $0.series.count == 3 })
    }
}

@Suite struct BatchNormalizationLabTests {
    @Test("the batch-normalization lesson: with it the deep network reaches the target cost sooner at every rate, and trains at α 1 where the plain one does not")
    func normalizedTrainsFasterAndAtLargerRates() throws {
        // 20 of the lesson's 300 epochs (the full length runs in release, FullCommandLineTests).
        let result = try CourseLab.batchNormalization.run(epochs: 20)
        #expect(result.runs.map(\.name) == ["plain-0.01", "batch-norm-0.01", "plain-0.1", "batch-norm-0.1", "plain-1", "batch-norm-1"])
        let settings = CourseLab.batchNormalization.runSettings
        #expect(settings.map(\.settings.batchNorm) == [false, true, false, true, false, true])
        #expect(settings[5].settings.command == "descent train --data circles --hidden 32,32,32,32,32,32,32,32 --init he --optimizer gd "
            + "--batch-size 64 --epochs 300 --seed 3 --learning-rate 1.0 --batch-norm")
        for pair in stride(from: 0, to: 6, by: 2) {
            let plain = result.runs[pair], normalized = result.runs[pair + 1]
            #expect(normalized.network?.layers.dropLast().allSatisfy { $0.batchNormalization?.batchesTracked == 20 * 5 } == true,
                    "every hidden layer normalized, its statistics tracked over 20 epochs of 5 mini-batches")
            #expect(plain.network?.isNormalized == false)
            #expect(try #require(normalized.curve.last?.cost) < (try #require(plain.curve.last?.cost)), "\(normalized.name): a lower cost sooner")
        }
        // At α 0.1 and 1 the normalized network passes the target cost within 20 epochs; the plain one does not.
        #expect([2, 4].allSatisfy { CourseLab.epochsToTarget(result.runs[$0]) == nil && CourseLab.epochsToTarget(result.runs[$0 + 1]) != nil })
        #expect((result.runs[5].testAccuracy ?? 0) > (result.runs[4].testAccuracy ?? 1) + 0.1, "\(result.runs[5].testAccuracy ?? 0) vs \(result.runs[4].testAccuracy ?? 1)")
        #expect(result.lesson.contains("At α 0.1 and 1 only the normalized network trains"), "\(result.lesson)")
        #expect(result.costCharts.count == 1 && result.costCharts[0].series.count == 6)
    }
}

/// `LabPlan`: a lab's runs trained on several workers give what one after the other gives.
@Suite struct LabPlanTests {
    @Test("every lab's runs on 1, 2 and 3 workers: the same costs, accuracies, checks, networks and lessons")
    func workersChangeNothing() throws {
        let plans = try CourseLab.allCases.map { try $0.plan(epochs: 4) }
        #expect(plans.map { $0.runs.count } == [3, 4, 3, 6, 3, 6])
        let sequential = try CourseLab.allCases.map { try $0.run(epochs: 4) }
        for jobs in [1, 2, 3] {
            let results = LabPlan.results(plans, jobs: jobs)
            #expect(results.map(\.lab) == CourseLab.allCases)
            for (result, expected) in zip(results, sequential) {
                #expect(result.lesson == expected.lesson && result.biasVariance == expected.biasVariance)
                #expect(result.runs.map(\.name) == expected.runs.map(\.name))
                for (run, reference) in zip(result.runs, expected.runs) {
                    #expect(run.costs == reference.costs && run.curve == reference.curve, "\(run.name)")
                    #expect(run.trainAccuracy == reference.trainAccuracy && run.testAccuracy == reference.testAccuracy)
                    #expect(run.difference == reference.difference && run.failingTensors == reference.failingTensors)
                    #expect(run.network == reference.network, "\(run.name): weights, γ, β and running statistics")
                }
            }
        }
    }

    @Test("labs given in any order come back in that order")
    func resultsFollowThePlans() throws {
        let labs: [CourseLab] = [.gradientChecking, .vanishingGradients, .initialization]
        let results = LabPlan.results(try labs.map { try $0.plan(epochs: 2) }, jobs: 2)
        #expect(results.map(\.lab) == labs)
        #expect(results[0].runs.map(\.name) == ["one-dimensional", "planted-bugs", "fixed"])
        #expect(results[0].runs[1].failingTensors == ["b1", "W2"])
    }
}
