extension CourseLab {
    /// Trains one lab run and records what the lab prints: the cost every `printEvery` steps, the
    /// whole curve (thinned to at most ~600 points for charts), and train/test accuracy.
    static func train(
        name: String, summary: String, network initial: Network<Double>, data: TrainTestSplit<Double>,
        options: TrainingOptions, optimizer: OptimizerAlgorithm, learningRate: Double, schedule: LearningRateDecay = .standard,
        random: inout NumpyRandom, printEvery: Int, stepName: String, progress: (LabProgress) -> Void
    ) -> LabRun {
        var network = initial
        // The configurations are the course's constants, valid by construction.
        var optimizerState = Optimizer<Double>(optimizer)
        var scheduleState = try! LearningRateSchedule(schedule, initialLearningRate: learningRate, totalEpochs: options.epochs)
        let curveEvery = Swift.max(1, options.epochs / 600)
        var run = LabRun(name: name, summary: summary)
        run.stepName = stepName
        let history = Trainer<Double>(options: options).fit(
            &network, on: data.train, optimizer: &optimizerState, schedule: &scheduleState, random: &random
        ) { record, _ in
            if record.epoch % printEvery == 0 {
                run.costs.append(CostPoint(step: record.epoch, cost: record.cost))
            }
            if record.epoch % curveEvery == 0 || record.epoch == options.epochs - 1 {
                run.curve.append(CostPoint(step: record.epoch, cost: record.cost))
            }
            if record.epoch % 100 == 0 || record.epoch == options.epochs - 1 {
                progress(LabProgress(run: name, completed: record.epoch + 1, total: options.epochs, cost: record.cost))
            }
            return true
        }
        run.finalLearningRate = history.records.last?.learningRate
        run.hasDecaySchedule = schedule != .standard
        run.trainAccuracy = network.accuracy(on: data.train)
        run.testAccuracy = data.test.map { network.accuracy(on: $0) }
        run.network = network
        run.diagnostics = history.diagnostics
        run.stopReason = history.stopReason
        return run
    }

    /// The bias/variance line of the run with the best test (or train) accuracy.
    static func biasVarianceLine(_ runs: [LabRun]) -> String? {
        let scored = runs.filter { $0.trainAccuracy != nil }
        guard let best = scored.max(by: { ($0.testAccuracy ?? $0.trainAccuracy!) < ($1.testAccuracy ?? $1.trainAccuracy!) }),
              let train = best.trainAccuracy else { return nil }
        guard let dev = best.testAccuracy else {
            let diagnosis = BiasVarianceDiagnosis(trainError: 1 - train, devError: 1 - train)
            let bias = diagnosis.regime == .highBias ? "high bias (\(diagnosis.remedy))" : "low bias"
            return "\(best.name): train error \(formatFixed((1 - train) * 100, digits: 1)) % (Bayes 0 %) → \(bias); "
                + "the lab has no dev or test set, so variance cannot be measured"
        }
        let diagnosis = BiasVarianceDiagnosis(trainError: 1 - train, devError: 1 - dev)
        return "\(best.name): " + diagnosis.summary(devName: "test")
    }

    /// `0.9933` style: four decimals for accuracies in lessons.
    static func percent(_ accuracy: Double?) -> String {
        guard let accuracy else { return "–" }
        return formatFixed(accuracy * 100, digits: 1) + " %"
    }
}
