using System.Text.RegularExpressions;

namespace PmCopilot.Core.Faq;

/// <summary>
/// AI concepts product managers often ask about, each with the ways people write it. A question that names one the
/// knowledge base never mentions is about that concept, whatever generic words ("大模型", "model", "降低") it shares
/// with some entry — lexical coverage alone cannot tell, because the one word that says what the question is about
/// counts like any other unknown word. Which concepts are uncovered is decided against the knowledge base's own text,
/// so adding an entry about a concept makes its questions answerable again without touching this list.
/// </summary>
public sealed partial class UncoveredTopics
{
    // Each line: English name | Chinese name | the forms that name it (Latin forms match whole words, Chinese ones anywhere).
    private const string Glossary = """
        hallucination | 幻觉 | hallucination; hallucinations; hallucinate; hallucinating; 幻觉
        tokens | Token（词元） | token; tokens; tokenizer; tokenization; 词元
        retrieval-augmented generation (RAG) | 检索增强生成（RAG） | rag; retrieval-augmented; retrieval augmented; 检索增强
        prompt engineering | 提示词工程 | prompt; prompts; prompting; prompt engineering; 提示词; 提示工程
        AI agents | AI 智能体（Agent） | agent; agents; agentic; 智能体
        vector databases | 向量数据库 | vector database; vector databases; vector db; vector store; 向量数据库; 向量库
        RLHF | 人类反馈强化学习（RLHF） | rlhf; reinforcement learning from human feedback; 人类反馈强化学习; 人类反馈
        context window | 上下文窗口 | context window; context length; context windows; 上下文窗口; 上下文长度
        sampling parameters | 采样参数（temperature 等） | temperature; top-p; top_p; top-k; 温度参数
        chain-of-thought | 思维链 | chain-of-thought; chain of thought; cot; 思维链
        jailbreaks and prompt injection | 越狱与提示注入 | jailbreak; jailbreaks; jailbreaking; prompt injection; 越狱; 提示注入
        copyright | 版权 | copyright; copyrighted; 版权; 著作权
        multimodal models | 多模态模型 | multimodal; multi-modal; 多模态
        image generation | 图像生成 | diffusion; stable diffusion; midjourney; text-to-image; 文生图; 扩散模型
        LoRA | LoRA | lora; qlora
        mixture of experts | 混合专家（MoE） | mixture of experts; moe; 混合专家
        function calling | 工具调用 | function calling; tool calling; tool use; 工具调用; 函数调用
        guardrails | 护栏（guardrails） | guardrail; guardrails; 护栏
        AGI | 通用人工智能（AGI） | agi; artificial general intelligence; 通用人工智能
        """;

    private readonly List<(BilingualText Name, Regex Pattern)> uncovered = [];

    public UncoveredTopics(FaqKnowledgeBase knowledgeBase)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        var corpus = string.Join('\n', knowledgeBase.Entries.SelectMany(e =>
            new[] { e.Title.Zh, e.Title.En, e.Answer.Zh, e.Answer.En }.Concat(e.Aliases.All)));
        foreach (var line in Glossary.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|', 3, StringSplitOptions.TrimEntries);
            var pattern = FormsPattern(parts[2].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (!pattern.IsMatch(corpus))
            {
                uncovered.Add((new BilingualText(parts[1], parts[0]), pattern));
            }
        }
    }

    /// <summary>The names of the concepts the knowledge base does not cover.</summary>
    public IEnumerable<BilingualText> Names => uncovered.Select(u => u.Name);

    /// <summary>The first uncovered concept the question names, or null.</summary>
    public BilingualText? Find(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        foreach (var (name, pattern) in uncovered)
        {
            if (pattern.IsMatch(question))
            {
                return name;
            }
        }

        return null;
    }

    private static Regex FormsPattern(IEnumerable<string> forms)
    {
        var alternatives = forms.Select(f => f.Any(c => c < 128 && char.IsLetter(c))
            ? $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(f)}(?![\p{{L}}\p{{N}}])"
            : Regex.Escape(f));
        return new Regex(string.Join('|', alternatives), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
