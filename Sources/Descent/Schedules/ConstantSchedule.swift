extension ScheduleDescriptor {
    /// `constant`: no decay, every epoch trains with α0. A run's schedule when none is chosen.
    static let constant = ScheduleDescriptor(name: "constant", parameters: [], rule: .epochwise { alpha, _, _ in alpha })
}

extension LearningRateDecay {
    /// No decay: every epoch trains with α0.
    public static let constant = LearningRateDecay(.constant)

    /// The schedule of a run that names none (`--lr-schedule`'s default).
    public static var standard: LearningRateDecay { constant }
}

extension LearningRateSchedule {
    /// A constant rate `learningRate` (positive and finite: a programmer's constant, checked by a precondition).
    public static func constant(_ learningRate: Double) -> LearningRateSchedule {
        do { return try LearningRateSchedule(.constant, initialLearningRate: learningRate, totalEpochs: 1) } catch {
            preconditionFailure("\(error)")
        }
    }
}
