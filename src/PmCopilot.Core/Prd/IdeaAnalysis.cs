using System.Text.RegularExpressions;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prd;

/// <summary>
/// What a one-line product idea names, found without a model: a short title, the thing being built (subject), who it
/// is for (persona) and a few key phrases. Heuristics only (no part-of-speech tagging): good enough to make guiding
/// questions specific, and deterministic.
/// </summary>
public sealed partial record IdeaAnalysis(string Idea, string Title, string Subject, string Persona, IReadOnlyList<string> KeyPhrases, AnswerLanguage Language)
{
    /// <summary>What the persona needs, as it continues "{persona} need …" (English); null: the idea itself, lower-cased.</summary>
    public string? Need { get; init; }

    private static readonly HashSet<string> EnglishStop = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "as", "that", "which",
        "who", "so", "they", "them", "their", "it", "its", "our", "we", "us", "can", "could", "will", "would", "should",
        "is", "are", "be", "into", "via", "using", "use", "uses", "based", "new", "build", "builds", "make", "makes",
        "create", "creates", "help", "helps", "let", "lets", "allow", "allows", "enable", "enables", "want", "wants",
        "app", "application", "feature", "tool", "system", "product", "platform", "service", "without", "when", "where",
        "every", "each", "all", "more", "less", "better", "faster", "easier", "automatically", "automatic", "own", "their",
        "summarize", "summarizes", "summarise", "summarises", "generate", "generates", "find", "finds", "track", "tracks",
        "write", "writes", "show", "shows", "predict", "predicts", "detect", "detects", "recommend", "recommends",
        "classify", "classifies", "suggest", "suggests", "answer", "answers", "turn", "turns", "get", "gets", "do", "does",
        "manage", "manages", "review", "reviews", "route", "routes", "draft", "drafts", "understand", "reduce", "reduces",
        "spend", "spends", "less", "time", "quickly", "easily", "about", "than", "this", "these", "those", "how", "what",
    };

    private static readonly string[] ChineseFunctionWords =
    [
        "的", "和", "与", "及", "并", "或", "为", "帮助", "帮", "让", "给", "在", "把", "将", "对", "用", "通过", "一个", "一款", "一种",
        "可以", "能够", "能", "自动", "快速", "更", "进行", "完成", "实现", "支持", "基于", "使用", "利用", "面向", "针对", "提供", "做",
        "生成", "识别", "分析", "推荐", "总结", "摘要出", "管理", "查看", "处理", "找到", "了解", "减少", "提升", "提高", "降低", "功能", "产品", "工具", "系统", "平台",
    ];

    public static IdeaAnalysis From(string idea, AnswerLanguage language = AnswerLanguage.Auto)
    {
        var clean = Spaces().Replace(idea.Trim().TrimEnd('.', '。', '!', '！'), " ");
        language = LanguageDetector.Resolve(language, clean);
        return LanguageDetector.Detect(clean) == AnswerLanguage.Zh ? Chinese(clean, language) : English(clean, language);
    }

    private static IdeaAnalysis English(string idea, AnswerLanguage language)
    {
        var persona = EnglishPersona().Match(idea) is { Success: true } p ? p.Groups[1].Value.Trim() : null;
        var subjectMatch = EnglishSubject().Match(idea);
        var subject = subjectMatch.Success ? subjectMatch.Groups[1].Value.Trim() : string.Join(' ', idea.Split(' ').Take(4));
        subject = LeadingArticle().Replace(subject, string.Empty);
        string? need = null;
        string? focus = null;
        string? leadingVerb = null;

        // Ideas that start with a verb, the commonest one-liner: "Let shoppers reorder past purchases", "Allow admins to
        // export audit logs", "Add dark mode to the editor", "Reduce checkout drop-off for first-time buyers". The subject
        // then becomes a noun phrase the questions can say "the …" of.
        if (EnablingIdea().Match(idea) is { Success: true } enabling)
        {
            persona = enabling.Groups["persona"].Value;
            var action = enabling.Groups["action"].Value.Trim();
            subject = "feature to " + CutAtPreposition(action);
            need = "to " + action;
            // What the action works on ("reorder past purchases" → "past purchases") is what users struggle with.
            focus = TrimStopWords(string.Join(' ', CutAtPreposition(action).Split(' ').Skip(1)));
        }
        else if (VerbLedIdea().Match(idea) is { Success: true } verbLed)
        {
            var verb = leadingVerb = verbLed.Groups["verb"].Value.ToLowerInvariant();
            var rest = LeadingArticle().Replace(verbLed.Groups["rest"].Value.Trim(), string.Empty);
            var target = CutAtPreposition(rest);
            subject = OutcomeVerbs.Contains(verb) ? $"change to {verb} {target}" : target;
            need = OutcomeVerbs.Contains(verb) ? $"the product to {verb} {target}" : target;
            focus = target;
        }

        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var w in (subject + " " + persona).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            used.Add(w);
        }

        var phrases = new List<string>();
        var run = new List<string>();
        void Flush()
        {
            if (run.Count > 0)
            {
                var phrase = string.Join(' ', run.TakeLast(3));
                if (phrase.Length >= 3 && !phrases.Contains(phrase, StringComparer.OrdinalIgnoreCase))
                {
                    phrases.Add(phrase);
                }

                run.Clear();
            }
        }

        foreach (var token in Words().Matches(idea).Select(m => m.Value))
        {
            if (EnglishStop.Contains(token) || used.Contains(token))
            {
                Flush();
            }
            else
            {
                run.Add(token);
            }
        }

        Flush();
        if (!string.IsNullOrWhiteSpace(focus))
        {
            phrases.RemoveAll(x => x.Equals(focus, StringComparison.OrdinalIgnoreCase) || x.Equals(leadingVerb, StringComparison.OrdinalIgnoreCase));
            phrases.Insert(0, focus);
        }

        var title = Shorten(char.ToUpperInvariant(idea[0]) + idea[1..], 70);
        return new IdeaAnalysis(idea, title, subject.Length == 0 ? "the product" : subject, persona ?? (language == AnswerLanguage.Zh ? "用户" : "users"), phrases.Take(3).ToList(), language) { Need = need };
    }

    private static IdeaAnalysis Chinese(string idea, AnswerLanguage language)
    {
        var persona = ChinesePersona().Match(idea) is { Success: true } p ? p.Groups[1].Value : null;
        var text = idea;
        foreach (var word in ChineseFunctionWords.OrderByDescending(w => w.Length))
        {
            text = text.Replace(word, "|", StringComparison.Ordinal);
        }

        if (persona is not null)
        {
            text = text.Replace(persona, "|", StringComparison.Ordinal);
        }

        var phrases = ChineseSplit().Split(text)
            .Select(s => s.Trim())
            .Where(s => s.Length >= 2 && s.Length <= 12)
            .Distinct()
            .ToList();
        var subject = ChineseSubject().Match(idea) is { Success: true } s ? s.Groups[1].Value.Trim() : (phrases.LastOrDefault() ?? "该产品");
        return new IdeaAnalysis(idea, Shorten(idea, 30), subject, persona ?? (language == AnswerLanguage.Zh ? "用户" : "users"), phrases.Where(x => x != subject).Take(3).ToList(), language);
    }

    private static readonly HashSet<string> OutcomeVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "reduce", "increase", "improve", "cut", "lower", "raise", "boost", "grow", "shorten", "decrease", "minimize",
        "minimise", "maximize", "maximise", "speed", "fix", "prevent", "avoid",
    };

    /// <summary>A verb phrase or noun phrase up to its first preposition or clause ("export audit logs as CSV" → "export audit logs").</summary>
    private static string CutAtPreposition(string phrase)
    {
        var cut = PrepositionCut().Match(phrase);
        var head = cut.Success && cut.Index > 0 ? phrase[..cut.Index] : phrase;
        return head.Trim().TrimEnd(',');
    }

    private static string TrimStopWords(string phrase)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0 && EnglishStop.Contains(words[^1]))
            words.RemoveAt(words.Count - 1);
        while (words.Count > 0 && EnglishStop.Contains(words[0]))
            words.RemoveAt(0);
        return string.Join(' ', words);
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max);
        return (cut > max / 2 ? text[..cut] : text[..max]) + "…";
    }

    [GeneratedRegex(@"\bfor ((?:[A-Za-z][\w-]*)(?: (?!to\b|who\b|that\b|so\b|in\b|on\b|at\b|with\b|when\b|by\b)[A-Za-z][\w-]*){0,3})", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishPersona();

    [GeneratedRegex(@"^((?:[\w-]+ ){0,4}?[\w-]+?)(?= that\b| which\b| to\b| for\b| so\b| who\b| with\b| in\b|,|$)", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishSubject();

    // "Let <who> <action>", "Help <who> [to] <action>", "Allow/Enable/Empower <who> to <action>", where <who> is a plural
    // noun phrase of one to three words ("Enable analytics dashboards for managers" names no one to enable).
    [GeneratedRegex(@"^(?:(?:let|help)\s+(?<persona>(?:[\w-]+\s+){0,2}?[\w-]*[^\Ws]s)\s+(?:to\s+)?|(?:allow|enable|empower)\s+(?<persona>(?:[\w-]+\s+){0,2}?[\w-]*[^\Ws]s)\s+to\s+)(?<action>[a-z][\w-]*\b.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex EnablingIdea();

    // A leading verb in the imperative ("Add …", "Reduce …"): the idea names a change, not a product.
    [GeneratedRegex(@"^(?<verb>add|build|create|launch|introduce|ship|support|offer|provide|enable|show|send|automate|redesign|simplify|replace|integrate|migrate|personalize|personalise|reduce|increase|improve|cut|lower|raise|boost|grow|shorten|decrease|minimize|minimise|maximize|maximise|fix|prevent|avoid)\s+(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex VerbLedIdea();

    [GeneratedRegex(@"\s(?:to|for|in|on|at|with|by|from|as|so|that|which|when|while|via|using|without|into|across|within)\s|,", RegexOptions.IgnoreCase)]
    private static partial Regex PrepositionCut();

    [GeneratedRegex(@"^(?:an?|the)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingArticle();

    [GeneratedRegex(@"[A-Za-z][\w'-]*")]
    private static partial Regex Words();

    [GeneratedRegex(@"(?:为|帮助|帮|让|给|面向|针对)([\u4e00-\u9fff]{2,6}?)(?=快速|自动|更|在|把|将|可以|能够|能|的|，|,|。|$|进行|完成|了解|找到|处理|管理|查看|写|生成|识别|分析|推荐|总结|减少|提升|一键|随时|直接|轻松|方便|及时|实时|上报|提交|查询|预约|下单|导出|导入|申请|获取|使用|看到|收到|比较|订阅|分享|记录|跟踪|追踪|设置|选择|购买|支付|反馈)")]
    private static partial Regex ChinesePersona();

    [GeneratedRegex(@"的([\u4e00-\u9fffA-Za-z0-9 ]{2,12})$")]
    private static partial Regex ChineseSubject();

    [GeneratedRegex(@"[|，,。；;：:、\s（）()“”""]+")]
    private static partial Regex ChineseSplit();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
