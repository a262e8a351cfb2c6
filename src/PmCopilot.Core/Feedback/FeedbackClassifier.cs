namespace PmCopilot.Core.Feedback;

/// <summary>The scale ratings of one input use, found from the largest rating in it.</summary>
internal enum RatingScale
{
    None,
    FivePoint,
    TenPoint,
    Percent,
}

/// <summary>Category and sentiment of one item, with the evidence scores behind them.</summary>
internal readonly record struct Classification(FeedbackCategory Category, double Sentiment, SentimentLabel Label, float[] CategoryScores, double TextSentiment);

/// <summary>
/// Rule-based category and sentiment over <see cref="FeedbackLexicon"/>: weighted terms, negation scopes
/// ("not great" counts against praise, "no crashes" is no bug, "won't load" is one), intensifiers, and
/// more weight after "but"/"但是", where the point of a review usually is. A rating, when present, anchors sentiment.
/// </summary>
internal static class FeedbackClassifier
{
    // Indices into the score array; the order is also the tie-break (actionable first).
    private const int Bug = 0, Feature = 1, Complaint = 2, Question = 3, Praise = 4;
    private const int NegationWindow = 4, IntensityWindow = 3;
    private const float MinimumEvidence = 0.5f;

    private static readonly FeedbackCategory[] Categories =
        [FeedbackCategory.Bug, FeedbackCategory.FeatureRequest, FeedbackCategory.Complaint, FeedbackCategory.Question, FeedbackCategory.Praise];

    public static Classification Classify(List<FeedbackToken> tokens, double? rating, RatingScale scale)
    {
        var lexicon = FeedbackLexicon.Instance;
        var scores = new float[5];
        float sentiment = 0, boost = 1, intensity = 1;
        int negationLeft = 0, intensityLeft = 0, exclamations = 0;
        bool anyCue = false, sarcasm = false;

        int i = 0;
        while (i < tokens.Count)
        {
            var token = tokens[i];
            var entry = lexicon.Match(tokens, i);
            if (entry is null)
            {
                if (token.Kind == TokenKind.Boundary)
                {
                    negationLeft = 0;
                    intensityLeft = 0;
                    if (token.Text == "!")
                    {
                        exclamations++;
                    }
                }
                else
                {
                    negationLeft--;
                    intensityLeft--;
                }

                i++;
                continue;
            }

            bool negated = negationLeft > 0;
            negationLeft -= entry.Length;
            intensityLeft -= entry.Length;
            i += entry.Length;

            sarcasm |= entry.Sarcasm;
            if (entry.Contrast)
            {
                boost = 1.4f;
                negationLeft = 0;
                continue;
            }

            if (entry.Intensity > 0)
            {
                intensity = intensityLeft > 0 ? intensity * entry.Intensity : entry.Intensity;
                intensityLeft = IntensityWindow;
                continue;
            }

            float weight = boost * (intensityLeft > 0 ? intensity : 1);
            bool scored = false;
            if (negated)
            {
                if (entry.BugWhenNegated)
                {
                    scores[Bug] += 1.3f * weight;
                    sentiment -= 1.0f * weight;
                    scored = true;
                }

                // "not great" leans complaint; "not slow", "no crashes" lean (weakly) positive; a negated wish is no wish.
                scores[Complaint] += entry.Praise * 0.8f * weight;
                scores[Praise] += (entry.Complaint * 0.3f + entry.Bug * 0.2f) * weight;
                scores[Question] += entry.Question * weight;
                sentiment -= entry.Sentiment * 0.6f * weight;
                scored |= entry.Praise + entry.Complaint + entry.Bug + entry.Question + Math.Abs(entry.Sentiment) > 0;
            }
            else if (!entry.BugWhenNegated)
            {
                scores[Bug] += entry.Bug * weight;
                scores[Feature] += entry.Feature * weight;
                scores[Complaint] += entry.Complaint * weight;
                scores[Question] += entry.Question * weight;
                scores[Praise] += entry.Praise * weight;
                sentiment += entry.Sentiment * weight;
                scored = entry.Bug + entry.Feature + entry.Complaint + entry.Question + entry.Praise + Math.Abs(entry.Sentiment) > 0;
            }

            anyCue |= scored;
            if (scored)
            {
                intensityLeft = 0;
            }

            if (entry.Negator)
            {
                negationLeft = NegationWindow;
            }
        }

        if (ValueMismatch.Mentions(tokens))
        {
            scores[Bug] += 1.0f;
            sentiment -= 0.8f;
            anyCue = true;
        }

        if (WaitingTime.Mentions(tokens))
        {
            scores[Complaint] += 1.1f;
            sentiment -= 1.0f;
            anyCue = true;
        }

        // Irony: the praise words mean their opposite.
        if (sarcasm && scores[Praise] > 0)
        {
            scores[Complaint] += scores[Praise];
            scores[Praise] = 0;
            sentiment = -Math.Abs(sentiment) - 1;
        }

        if (exclamations > 0)
        {
            sentiment *= 1 + 0.1f * Math.Min(exclamations, 3);
        }

        double text = sentiment / Math.Sqrt(sentiment * sentiment + 4);
        double? fromRating = NormalizeRating(rating, scale);
        double combined = fromRating switch
        {
            null => text,
            double r when anyCue && Math.Abs(text) > 0.05 => 0.5 * text + 0.5 * r,
            double r => r,
        };

        var category = Decide(scores, fromRating ?? text);

        // A wish describes the product it would like ("would be great", "方便"), not the one it has; a question mostly asks.
        if (category == FeedbackCategory.FeatureRequest && combined > 0 && fromRating is null)
        {
            combined *= 0.4;
        }
        else if (category == FeedbackCategory.Question && fromRating is null)
        {
            combined *= 0.5;
        }

        var label = combined >= 0.2 ? SentimentLabel.Positive : combined <= -0.2 ? SentimentLabel.Negative : SentimentLabel.Neutral;
        return new Classification(category, combined, label, scores, text);
    }

    private static FeedbackCategory Decide(float[] scores, double sentiment)
    {
        int best = 0;
        for (int c = 1; c < scores.Length; c++)
        {
            if (scores[c] > scores[best] + 1e-3f)
            {
                best = c;
            }
        }

        if (scores[best] >= MinimumEvidence)
        {
            return Categories[best];
        }

        // No category cue: a clearly positive or negative item is still praise or a complaint.
        return sentiment >= 0.4 ? FeedbackCategory.Praise : sentiment <= -0.4 ? FeedbackCategory.Complaint : FeedbackCategory.Other;
    }

    internal static RatingScale ScaleOf(IEnumerable<double> ratings)
    {
        double max = 0;
        bool any = false;
        foreach (var r in ratings)
        {
            any = true;
            max = Math.Max(max, r);
        }

        return !any ? RatingScale.None : max <= 5 ? RatingScale.FivePoint : max <= 10 ? RatingScale.TenPoint : RatingScale.Percent;
    }

    /// <summary>A rating on −1…1: 5-point centred on 3, 0–10 on NPS lines (0–6 detractors, 9–10 promoters), percent on 60.</summary>
    internal static double? NormalizeRating(double? rating, RatingScale scale) => rating is not double r ? null : scale switch
    {
        RatingScale.FivePoint => Math.Clamp((r - 3) / 2, -1, 1),
        RatingScale.TenPoint => Math.Clamp((r - 7.5) / 3, -1, 1),
        RatingScale.Percent => Math.Clamp((r - 60) / 40, -1, 1),
        _ => null,
    };
}
