namespace PmCopilot.Core.Documents;

/// <summary>
/// A tokenizer-free token estimate: about one token per Chinese character and one per four other characters.
/// It errs high for English prose, which keeps prompts inside the context window.
/// </summary>
public static class TokenEstimator
{
    public static int Estimate(string text)
    {
        int cjk = 0, other = 0;
        foreach (var c in text)
        {
            if (Jobs.LanguageDetector.IsCjk(c))
            {
                cjk++;
            }
            else
            {
                other++;
            }
        }

        return cjk + (other + 3) / 4;
    }
}
