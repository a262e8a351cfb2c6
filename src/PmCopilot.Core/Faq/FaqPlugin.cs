using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Faq;

/// <summary>Semantic Kernel plugin over <see cref="FaqService"/>.</summary>
public sealed class FaqPlugin
{
    private readonly FaqService service;
    private readonly IChatClient? chat;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? embeddings;

    public FaqPlugin(FaqService? service = null, IChatClient? chat = null, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
    {
        this.service = service ?? new FaqService();
        this.chat = chat;
        this.embeddings = embeddings;
    }

    [KernelFunction("answer_faq")]
    [Description("Answers a product manager's question about AI and large models (compute and cost, training, data privacy, interpretability, fairness, model choice, class imbalance, evaluation metrics, overfitting, deployment, PM skills, AI in finance or healthcare, AI project management, startups, business models) from PmCopilot's checked knowledge base. The answer cites entry ids such as [faq.class-imbalance]; when the knowledge base does not cover the question it says so and lists the nearest topics.")]
    public async Task<string> AnswerAsync(
        [Description("The question, in Chinese or English.")] string question,
        [Description("Answer language: auto (follow the question), zh or en.")] string language = "auto",
        CancellationToken cancellationToken = default)
    {
        var answer = await service.AnswerAsync(new FaqRequest(question, ParseLanguage(language)), chat, embeddings, null, cancellationToken).ConfigureAwait(false);
        return answer.Answer;
    }

    internal static AnswerLanguage ParseLanguage(string? language) => language?.Trim().ToLowerInvariant() switch
    {
        "zh" or "zh-cn" or "cn" or "chinese" or "中文" => AnswerLanguage.Zh,
        "en" or "en-us" or "english" or "英文" => AnswerLanguage.En,
        _ => AnswerLanguage.Auto,
    };
}
