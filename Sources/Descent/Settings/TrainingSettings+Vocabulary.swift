extension TrainingSettings {
    /// Every training setting, in the order help lists them — the one place a setting is described.
    ///
    /// A file of the user's gets a practitioner's defaults where the course's would be slow or weak
    /// (`fileDefault`; scikit-learn's `MLPClassifier()`/`MLPRegressor()` choices: one hidden layer of
    /// 100, `OptimizerAlgorithm.fileDefault` at 0.001 on mini-batches of 200, 200 epochs — measured against it in
    /// `Benchmarks/file_defaults.py` — trained in float32 as PyTorch and Keras train); the course datasets keep the labs' (layers 10,5, gradient
    /// descent at 0.01, full batch, 15,000 epochs), so every lab command is unchanged. Each
    /// optimizer's and schedule's hyperparameters are options from their descriptors.
    /// A setting added here is an option of `descent train` (and of every `tune` trial), a
    /// `tune --search` name, recorded in checkpoints and model files, and (when marked) a
    /// playground field, with no other edit.
    public static let vocabulary: [TrainingSetting] = data + table + model + optimization

    private static let data: [TrainingSetting] = [
        .value("data", .data, \.data, default: "circles", field: "source", searchable: false, playground: true,
               help: "A built-in dataset (the course's moons, circles, football; the playground's spiral, blobs), a CSV / .npy file of examples (gzip-compressed too: .csv.gz), or - for CSV on standard input."),
        .optional("test", .data, \.test, field: "test", searchable: false, seenByTrials: false,
                  help: "A separate test file (same format as --data; - for standard input)."),
        .optional("label", .data, \.label, field: "labelColumn", searchable: false,
                  help: "The label column of a CSV (default: a column named 'label', else the last column)."),
        .optional("dev", .data, \.dev, field: "dev", searchable: false,
                  help: "A separate dev file (same format as --data): dev cost and accuracy per epoch, early stopping, descent tune's judge."),
        .optional("labels", .data, \.labels, searchable: false, help: "Labels for a .npy --data file (one per example)."),
        .optional("test-labels", .data, \.testLabels, searchable: false, seenByTrials: false, help: "Labels for a .npy --test file."),
        .optional("delimiter", .data, \.delimiter, field: "delimiter", searchable: false, unsetRecord: ",",
                  check: { CSVLoadingOptions.delimiter(named: $0) == nil ? "must be one ASCII character other than a quote or line break, or tab" : nil },
                  help: "CSV field delimiter: one ASCII character, or tab (also '\\t') (default: a tab for .tsv and .tab files, else a comma)."),
        .optional("test-fraction", .data, \.testFraction, field: "testFraction", check: SettingCheck.fraction,
                  help: "Hold out this fraction of the training data as a test set (stratified, seeded)."),
        .optional("dev-fraction", .data, \.devFraction, field: "devFraction", playground: true, check: SettingCheck.fraction,
                  help: "Hold out this fraction of the training data as a dev set (stratified, seeded): dev cost and accuracy per epoch, early stopping."),
        .optional("normalize", .data, \.normalize, field: "normalization", playground: true, unsetRecord: "default",
                  help: "Input normalization fitted on the training split (default: standard for files, none for the course datasets, which the labs train raw)."),
        // A course dataset's `auto` is classification (recorded so, as before `auto` existed).
        .value("task", .data, \.task, default: .auto, field: "task",
               recorded: { $0.task == .auto && $0.isCourseData ? "classification" : $0.task.rawValue },
               help: "Classification (sigmoid for two classes, softmax for more), regression (linear output, mean squared error), or auto: regression when the label holds numbers that are not whole, classification otherwise (a label with many distinct values and few rows each stops and asks; the course datasets are classification)."),
        // Recorded only when not the default, so a checkpoint written before the setting existed still resumes.
        .value("target-scaling", .data, \.targetScaling, default: .standard, field: "targetScaling",
               recorded: { $0.targetScaling == .standard ? "" : $0.targetScaling.rawValue },
               help: "Regression: standard trains on the target standardized with the training split's mean and standard deviation (predictions, RMSE and R² stay in its units; the cost is on the standardized target), none on the target as it is."),
    ]

    private static let table: [TrainingSetting] = [
        .optional("categorical", .table, \.categorical, field: "categorical", check: SettingCheck.columnList,
                  help: "Comma-separated columns to treat as categorical even when they hold numbers."),
        .optional("numeric", .table, \.numeric, field: "numeric", check: SettingCheck.columnList,
                  help: "Comma-separated columns that must be numeric (text in them is an error)."),
        .optional("ignore", .table, \.ignore, field: "ignore", check: SettingCheck.columnList, help: "Comma-separated columns to leave out."),
        .optional("features", .table, \.features, field: "features", check: SettingCheck.columnList,
                  help: "Comma-separated columns to use as features (default: every column but the label)."),
        .value("max-categories", .table, \.maxCategories, default: 50, field: "maxCategories", check: SettingCheck.positiveCount,
               help: "The most categories a categorical column may have; more is an error (suggesting --ignore)."),
        .optional("na-values", .table, \.naValues, field: "missingValues",
                  help: "Comma-separated extra spellings of a missing cell (always: empty, NA, N/A, NaN, nan, null, ?)."),
        .value("impute", .table, \.impute, default: .mean, field: "imputation", help: "How missing numeric cells are filled, from the training split."),
        .flag("missing-indicators", .table, \.missingIndicators, field: "missingIndicators",
              help: "Add a 0/1 column 'name (missing)' for every numeric column with missing training cells."),
        .value("missing", .table, \.missing, default: .impute, field: "missing",
               help: "impute: fill missing cells (categorical ones become the category 'missing'); error: refuse them."),
        .flag("drop-missing-labels", .table, \.dropMissingLabels, field: "dropsMissingLabels",
              help: "Skip examples whose label is missing (counted in a note) instead of stopping with an error."),
    ]

    private static let model: [TrainingSetting] = [
        .value("hidden", .model, \.hidden, default: HiddenLayerSizes([10, 5]), playground: true, fileDefault: HiddenLayerSizes([100]),
               check: { $0.sizes.contains { $0 <= 0 } ? "layer sizes must be positive integers" : nil },
               help: "Hidden-layer sizes, comma-separated, e.g. 10,5 (empty for logistic regression)."),
        .value("activation", .model, \.activation, default: .relu, playground: true, help: "Activation of the hidden layers."),
        .optional("init", .model, \.initializer, playground: true,
                  recordWhenUnset: { ModelConfiguration().resolvedInitializer(courseData: $0.isCourseData).description },
                  help: "Weight initializer (random:<scale> sets the random scale; default: he for the course datasets, as the labs, glorot-uniform for files, as Keras and scikit-learn)."),
        .value("keep-prob", .model, \.keepProbability, default: 1, playground: true,
               check: { $0 > 0 && $0 <= 1 ? nil : "must be in (0, 1]" },
               help: "Dropout keep probability of every hidden layer, in (0, 1]; 1 disables dropout."),
        // Normalization: recorded only when used, so a checkpoint written before it existed still resumes.
        .flag("batch-norm", .model, \.batchNorm, recordsOff: false, playground: true,
              help: "Batch normalization of each hidden layer's Z before its activation (course 2, week 3; PyTorch's BatchNorm1d): normalized over the mini-batch, then scaled by a learned γ and shifted by a learned β, which replaces the layer's bias; running averages of the batch statistics at inference. Needs mini-batches of at least 2 examples."),
        .flag("layer-norm", .model, \.layerNorm, recordsOff: false, playground: true,
              help: "Layer normalization of each hidden layer's Z before its activation (PyTorch's LayerNorm): normalized over the layer's units, example by example, then scaled by γ and shifted by β; the same in training and at inference, at any batch size."),
        .optional("normalized-layers", .model, \.normalizedLayers, playground: true, check: SettingCheck.layerNumbers,
                  help: "The hidden layers --batch-norm or --layer-norm normalize, numbered from 1, comma-separated (default: every hidden layer)."),
        .optional("batch-norm-momentum", .model, \.batchNormMomentum, playground: true, check: { $0 > 0 && $0 <= 1 ? nil : "must be in (0, 1]" },
                  help: "Weight of each batch's mean and variance in batch normalization's running averages (default 0.1, PyTorch's; Keras's momentum 0.99 is 0.01 here)."),
        .optional("norm-epsilon", .model, \.normEpsilon, playground: true,
                  check: { $0 >= Double(Float.leastNormalMagnitude) && $0.isFinite ? nil : "must be at least 1.2e-38 (float32's smallest normal number) and finite" },
                  help: "ε added to the variance before its square root in batch and layer normalization (default 1e-5, PyTorch's; Keras uses 1e-3)."),
        .value("l2", .model, \.l2, default: 0, playground: true, check: SettingCheck.lambda,
               help: "L2 regularization strength λ (cost + (λ/2m)ΣW²)."),
        .value("l1", .model, \.l1, default: 0, playground: true, check: SettingCheck.lambda,
               help: "L1 regularization strength λ (cost + (λ/m)Σ|W|)."),
        .optional("label-smoothing", .model, \.labelSmoothing, check: { $0 >= 0 && $0 < 1 ? nil : "ε must be in [0, 1)" },
                  help: "Label smoothing ε in [0, 1): train against targets y(1 − ε) + ε/K (classification; as PyTorch and Keras; default 0)."),
        // float32 for a file only where the network sees standardized values: with --normalize none
        // or --target-scaling none its raw numbers reach it, and float32's 24 bits cannot tell apart
        // a timestamp's seconds or a price's cents beyond 167,772.16. The default is prepared in
        // float64, a given float32 read straight into float32: recorded apart (a checkpoint resumes
        // only the same run).
        .value("precision", .model, \.precision, default: .float64, fileDefault: .float32,
               fileDefaultApplies: { $0.normalize != FeatureScaler.Method.none && $0.targetScaling != .none },
               recorded: { $0.precision == .float32 && !$0.readsInTrainingPrecision ? "float32 (prepared in float64)" : $0.precision.rawValue },
               help: "Floating-point precision of training. A file trains in float32 (prepared in float64, then converted) unless --normalize none or --target-scaling none leaves its values raw, which keeps float64 (a timestamp's seconds do not fit float32's 24 bits); the course datasets train in float64. Given float32, a numeric CSV is read straight into float32."),
        .value("seed", .model, \.seed, default: 3, playground: true,
               help: "Seed of numpy's generator for initialization, shuffling and dropout (0 … 4294967295)."),
    ]

    private static let optimization: [TrainingSetting] = [
        .value("learning-rate", .optimization, \.learningRate, default: 0.01, field: "learningRate", playground: true, fileDefault: 0.001,
               check: SettingCheck.positive, help: "Initial learning rate α0."),
        .value("epochs", .optimization, \.epochs, default: 15000, playground: true, fileDefault: 200, check: SettingCheck.nonNegativeCount,
               help: "Number of epochs (full-batch: iterations)."),
        .optional("batch-size", .optimization, \.batchSize, playground: true, unsetRecord: "full", fileDefault: 200,
                  check: { $0 >= 1 ? nil : "must be a positive integer" },
                  help: "Mini-batch size (1 = stochastic gradient descent); omit for full-batch gradient descent."),
        .value("shuffle", .optimization, \.shuffle, default: .standard, playground: true,
               help: "Mini-batch order: standard (a fresh permutation every epoch), lab (the Optimization lab's reseeded permutations), none."),
        .value("optimizer", .optimization, \.optimizer, default: CaseName(OptimizerAlgorithm.courseDefault.name), playground: true,
               fileDefault: CaseName(OptimizerAlgorithm.fileDefault.name), help: "Update rule."),
    ] + TrainingSetting.hyperparameters(of: OptimizerAlgorithm.descriptors.map { ($0.name, $0.parameters) }) + [
        .value("lr-schedule", .optimization, \.schedule, default: CaseName(LearningRateDecay.standard.name), playground: true,
               help: "Learning-rate schedule, applied after each epoch."),
    ] + TrainingSetting.hyperparameters(of: LearningRateDecay.descriptors.map { ($0.name, $0.parameters) }) + [
        .optional("clip-norm", .optimization, \.clipNorm, playground: true, check: SettingCheck.positive,
                  help: "Rescale gradients whose global norm exceeds this value."),
        .optional("clip-value", .optimization, \.clipValue, check: SettingCheck.positive, help: "Clamp every gradient entry to ± this value."),
        .optional("early-stopping", .optimization, \.earlyStopping, check: { $0 >= 0 ? nil : "patience must be non-negative" },
                  help: "Stop when the dev cost has not improved for this many epochs, and restore the best weights (needs --dev-fraction or --dev FILE)."),
        .value("min-improvement", .optimization, \.minImprovement, default: 0, check: SettingCheck.nonNegative,
               help: "Smallest dev-cost decrease that counts as an improvement for early stopping."),
        .optional("convergence-patience", .optimization, \.convergencePatience, field: "convergencePatience", fileDefault: 10,
                  check: { $0 >= 0 ? nil : "must be non-negative (0: off)" },
                  help: "Stop when the training cost has not fallen by more than --convergence-tolerance for this many epochs in a row, keeping the last weights, as scikit-learn's MLP does (its n_iter_no_change) — but never a network no better than ignoring its inputs, which is stuck and trains on, nor before the diagnostics have watched the plateau for four records (0: off)."),
        .optional("convergence-tolerance", .optimization, \.convergenceTolerance, field: "convergenceTolerance", check: SettingCheck.nonNegative,
                  help: "The smallest training-cost decrease that counts as progress for --convergence-patience (default 1e-4, scikit-learn's tol)."),
        .value("on-divergence", .optimization, \.onDivergence, default: .stop,
               help: "When the cost stays above 10× its best (and 1 above it) for 10 epochs: stop with an error (exit 1, the weights kept and saved with --save) or warn and go on."),
        .value("diagnostics", .optimization, \.diagnostics, default: 100, shapesRun: false, playground: true,
               check: { $0 >= 0 ? nil : "must be non-negative (0: off)" },
               help: "Record per-layer statistics (gradient, weight and update norms, activations, dead and saturated units) every N steps, warn about vanishing or exploding gradients, dead ReLUs and update sizes (0: off)."),
        .value("cost-formula", .optimization, \.costFormula, default: .stable, playground: true,
               help: "How the recorded cost is computed: stable (from logits) or course (the labs' nansum formula, may print inf)."),
        .value("dropout-masks", .optimization, \.dropoutMasks, default: .fresh, playground: true,
               help: "Dropout masks: fresh every step, or course (reseeded with seed(1) every iteration, as the Regularization lab)."),
    ]
}

extension SettingCheck {
    static let lambda: @Sendable (Double) -> String? = { $0 >= 0 && $0.isFinite ? nil : "λ must be non-negative and finite" }
    static let columnList: @Sendable (String) -> String? = { TrainingSettings.columns($0).isEmpty ? "give at least one column name" : nil }
}
