namespace PmCopilot.Analyzers
{
    /// <summary>The PMC rule IDs; docs live in docs/rules/&lt;ID&gt;.md.</summary>
    public static class RuleIdentifiers
    {
        public const string ScalingSensitiveTrainerWithoutNormalization = "PMC001";
        public const string DataLeakage = "PMC002";
        public const string EvaluatedOnTrainingData = "PMC003";
        public const string GradientsNotCleared = "PMC004";
        public const string EvalModeNotSet = "PMC005";
        public const string InferenceTracksGradients = "PMC006";
        public const string UncontrolledRandomness = "PMC007";
        public const string LossMismatchedWithOutputs = "PMC008";
        public const string ForwardCalledDirectly = "PMC009";
        public const string TensorsLeakInLoop = "PMC010";
        public const string HyperparameterLeftImplicit = "PMC011";
        public const string ThresholdDependentValidationOnly = "PMC012";
    }

    internal static class RuleCategories
    {
        public const string DataPreparation = "ML.DataPreparation";
        public const string Evaluation = "ML.Evaluation";
        public const string Training = "ML.Training";
        public const string Reproducibility = "ML.Reproducibility";
        public const string Resources = "ML.Resources";
    }
}
