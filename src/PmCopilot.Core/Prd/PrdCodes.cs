namespace PmCopilot.Core.Prd;

/// <summary>The linter's stable diagnostic codes (docs/prd-lint.md describes each).</summary>
public static class PrdCodes
{
    public const string MissingSection = "PRD001";
    public const string EmptySection = "PRD002";
    public const string UntestableRequirement = "PRD003";
    public const string MetricWithoutBaselineOrTarget = "PRD004";
    public const string UnresolvedMarker = "PRD005";
    public const string MissingEvaluationPlan = "PRD006";
    public const string MissingFallback = "PRD007";
    public const string MissingPrivacyReview = "PRD008";
    public const string EvaluationWithoutThresholds = "PRD009";
    public const string OpenQuestionWithoutOwner = "PRD010";
}
