extension ModelFile {
    /// The model file of a finished run: the trained network, the normalization fitted on the
    /// training split (and a regression target's standardization), the class names (a class the training split lacked is named `class k`) and
    /// feature names, the run's metrics, and `trainingOptions` — the caller's record of how it
    /// trained (`descent train` writes every option given, by its command-line name) — plus what
    /// the run itself decided: `epochs-run`, `normalization-applied`, `stopped`, and for a run that
    /// kept its best weights (diverged or stopped early) `weights-epoch`, the epoch at whose end they
    /// stand (`initial` for the weights training started from).
    public init(result: RunResult<Scalar>, data: PreparedData, labelName: String?, trainingOptions: [String: String]) {
        let network = result.network
        var options = trainingOptions
        options["epochs-run"] = "\(result.history.records.count)"
        options["normalization-applied"] = data.scaler.method.rawValue
        options["stopped"] = result.history.stopReason.summary
        if result.history.stopReason.keepsBestWeights { options["weights-epoch"] = result.history.weightsEpoch.map(String.init) ?? "initial" }
        var classNames: [String]?
        if network.loss.isClassification {
            // A training set missing a class still needs a name for every output class.
            let count = network.classCount
            let known = Array((data.classNames ?? []).prefix(count))
            classNames = known + (known.count..<count).map { "class \($0)" }
        }
        self.init(network: network, scaler: data.scaler, targetScaler: data.targetScaler, classNames: classNames, featureNames: data.featureNames,
                  labelName: labelName, trainingOptions: options, metrics: result.metrics, encoder: data.encoder)
    }
}
