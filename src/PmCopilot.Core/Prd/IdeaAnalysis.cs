using System.Text.RegularExpressions;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prd;

/// <summary>
/// What a one-line product idea names, found without a model: a short title, the thing being built (subject), who it
/// is for (persona) and a few key phrases. Heuristics only (no part-of-speech tagging), deterministic. When the idea
/// does not name the thing or the people in a form that reads as a noun phrase, Subject is "feature"/"该功能" and
/// Persona "users"/"用户": a generic question reads better than one built on a misread fragment. KeyPhrases (first the
/// object of the action) are not put into questions: cut phrases read badly there (docs/quality.md).
/// </summary>
public sealed partial record IdeaAnalysis(string Idea, string Title, string Subject, string Persona, IReadOnlyList<string> KeyPhrases, AnswerLanguage Language)
{
    /// <summary>What the persona needs, as it continues "{persona} need …" (English); null when the idea states no need (it is then quoted as written).</summary>
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
        "within", "after", "before", "during", "until", "across", "through", "over", "under", "per", "between", "among",
        "around", "inside", "outside", "up", "down", "off", "out", "if", "then", "once", "while", "instead", "also",
        "give", "gives", "offer", "offers", "provide", "provides", "send", "sends", "end", "start", "beginning", "top",
        "bottom", "next",
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
        var persona = EnglishPersona().Match(idea) is { Success: true } p && NamesPeople(p.Groups[1].Value) ? p.Groups[1].Value.Trim() : null;
        var original = idea;
        idea = LeadingAdverb().Replace(QuestionPrefix().Replace(idea, string.Empty).TrimEnd('?', ' '), string.Empty);
        idea = idea.Length == 0 ? original : char.ToUpperInvariant(idea[0]) + idea[1..];
        var subjectMatch = EnglishSubject().Match(idea);
        var subject = subjectMatch.Success ? subjectMatch.Groups[1].Value.Trim() : string.Join(' ', idea.Split(' ').Take(4));
        subject = LeadingArticle().Replace(subject, string.Empty);

        // The opening words name the thing only when they read as a noun phrase: "Smart search for …", "A dashboard that
        // …" — not "Customers can't find …", "Why can't users …", "When a sales rep …" or a question.
        if (!ReadsAsNounPhrase(subject) || original.TrimEnd().EndsWith('?'))
        {
            subject = "feature";
        }

        // A problem told about people ("Customers can't find …", "New hires don't know …") names who it is for.
        if (persona is null && PeopleLedSentence().Match(idea) is { Success: true } told && NamesPeople(told.Groups["who"].Value))
        {
            persona = Lower(told.Groups["who"].Value);
            subject = "feature";
        }

        string? need = null;
        string? focus = null;
        string? leadingVerb = null;

        // User stories, then ideas that start with a verb, the commonest one-liner: "Let shoppers reorder past
        // purchases", "Allow admins to export audit logs", "Add dark mode to the editor", "Reduce checkout drop-off for
        // first-time buyers". The subject then becomes a noun phrase the questions can say "the …" of.
        if (UserStoryIdea().Match(idea) is { Success: true } story)
        {
            // "As a dispatcher, I want to see all trucks on a map so that …".
            persona = Plural(story.Groups["who"].Value.Trim());
            var action = story.Groups["action"].Value.Trim();
            if (story.Groups["to"].Success)
            {
                subject = "feature to " + ThirdPerson(CutAtPreposition(action));
                need = "to " + ThirdPerson(action);
                focus = TrimStopWords(string.Join(' ', CutAtPreposition(action).Split(' ').Skip(1)));
            }
            else
            {
                // "I need a weekly cash runway forecast" names the thing; "I want shift swap requests approved in the
                // app" is a wish, not a name.
                subject = LeadingArticle().IsMatch(action) ? LeadingArticle().Replace(CutAtPreposition(action), string.Empty) : "feature";
                need = ThirdPerson(action);
            }
        }
        else if (EnablingIdea().Match(idea) is { Success: true } enabling && NamesPeople(enabling.Groups["persona"].Value))
        {
            persona = enabling.Groups["persona"].Value;
            var action = enabling.Groups["action"].Value.Trim();
            // "pause their subscription": in "the feature to …" nothing names whose, so "the".
            subject = "feature to " + Possessive().Replace(CutAtPreposition(action), "the");
            need = "to " + action;
            // What the action works on ("reorder past purchases" → "past purchases") is what users struggle with.
            focus = TrimStopWords(string.Join(' ', CutAtPreposition(action).Split(' ').Skip(1)));
        }
        else if (GiveIdea().Match(idea) is { Success: true } give && NamesPeople(give.Groups["persona"].Value))
        {
            // "Give doctors a one-page summary of …": who gets what.
            persona = give.Groups["persona"].Value;
            var thing = LeadingArticle().Replace(give.Groups["thing"].Value.Trim(), string.Empty);
            // "a GDPR-compliant way to export customer data" is a feature to export it.
            subject = WayTo().Match(thing) is { Success: true } way ? "feature to " + CutAtPreposition(way.Groups[1].Value) : CutAtPreposition(thing);
            need = give.Groups["thing"].Value.Trim();
            focus = subject;
        }
        else if (IntentIdea().Match(idea) is { Success: true } intent)
        {
            // "Use LLMs to auto-tag incoming bug reports", "We want to predict which customers will churn".
            var action = intent.Groups["action"].Value.Trim();
            subject = "feature to " + CutAtPreposition(action);
            need = "to " + action;
            focus = TrimStopWords(string.Join(' ', CutAtPreposition(action).Split(' ').Skip(1)));
            if (persona is null && SoThatPersona().Match(idea) is { Success: true } so && NamesPeople(so.Groups[1].Value))
            {
                persona = so.Groups[1].Value;
            }
        }
        else if (VerbLedIdea().Match(idea) is { Success: true } verbLed)
        {
            var verb = leadingVerb = verbLed.Groups["verb"].Value.ToLowerInvariant();
            var rest = LeadingArticle().Replace(verbLed.Groups["rest"].Value.Trim(), string.Empty);
            var target = CutAtPreposition(rest);
            if (verb == "make")
            {
                // "Make the checkout page faster": the article stays, the whole phrase is the change.
                target = CutAtPreposition(verbLed.Groups["rest"].Value.Trim());
            }

            if (verb is "prevent" or "stop" or "block" && rest.IndexOf(" from ", StringComparison.OrdinalIgnoreCase) is var from and > 0)
            {
                // "Stop drivers from accepting two orders at once": the "from" clause is what is prevented.
                target = rest[..from] + " from " + CutAtPreposition(rest[(from + 6)..]);
            }

            var makesThing = CreationVerbs.Contains(verb);
            subject = OutcomeVerbs.Contains(verb) ? $"change to {verb} {target}" : makesThing ? target : $"feature to {verb} {target}";
            var forWhom = persona is null ? rest : Regex.Replace(rest, $@"\s+for\s+{Regex.Escape(persona)}\b", string.Empty, RegexOptions.IgnoreCase);
            need = makesThing ? CutAtPreposition(verbLed.Groups["rest"].Value.Trim()) : OutcomeVerbs.Contains(verb) ? $"the product to {verb} {target}" : $"the product to {verb} {forWhom}";
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

        // "a weekly digest of their child's homework": nothing in a question says whose.
        subject = Possessive().Replace(subject, "the");
        var title = TitleOf(char.ToUpperInvariant(original[0]) + original[1..]);
        return new IdeaAnalysis(original, title, subject.Length == 0 ? "the product" : subject, persona ?? (language == AnswerLanguage.Zh ? "用户" : "users"), phrases.Take(3).ToList(), language) { Need = need };
    }

    private static IdeaAnalysis Chinese(string idea, AnswerLanguage language)
    {
        // "是否可以支持支付宝免密支付？": the proposal after the polite question, for naming; the idea is kept as written.
        var original = idea;
        var proposal = ChineseQuestionPrefix().Replace(idea, string.Empty).TrimEnd('？', '?').TrimEnd('吗', '呢', '吧');
        idea = proposal.Length >= 2 ? proposal : idea;
        var persona = ChineseStory().Match(idea) is { Success: true } st && NamesChinesePeople(st.Groups[1].Value.Trim()) ? st.Groups[1].Value.Trim()
            : ChinesePersona().Match(idea) is { Success: true } p && PeoplePrefix(p.Groups[1].Value.Trim()) is { } named ? named
            : LeadingPeople(idea);
        var text = persona is null ? idea : idea.Replace(persona, "|", StringComparison.Ordinal);
        foreach (var word in ChineseFunctionWords.OrderByDescending(w => w.Length))
        {
            text = text.Replace(word, "|", StringComparison.Ordinal);
        }

        var phrases = ChineseSplit().Split(text)
            .Select(s => s.Trim())
            .Where(s => s.Length >= 2 && s.Length <= 12)
            .Distinct()
            .ToList();
        // The thing is named after the last 的 ("…的AI助手"), or the idea is itself a short name ("发票OCR"); otherwise
        // the phrases left over are verbs and fragments, and "该功能" reads better than any of them.
        var bare = ChineseSplit().Replace(idea, string.Empty);
        var unpunctuated = PurposeClause().Replace(idea.TrimEnd('？', '?', '。', '！', '!'), string.Empty);
        var firstClause = unpunctuated.Split('，', ',')[0];
        var oneClause = firstClause.Length == unpunctuated.Length || ChineseStory().IsMatch(idea);
        // A sentence about people ("司机经常找不到仓库的卸货口") has no name for the thing; its last 的-noun is what they
        // are looking for, not what is built. A change ("优化…的加载速度", "禁止…") is named as a change.
        var isStory = ChineseStory().IsMatch(idea);
        var isSentence = !isStory && (ChineseSentenceMarker().IsMatch(unpunctuated) || (persona is not null && LeadingPeople(idea) == persona));
        var built = LeadingBuildVerb().Replace(bare, string.Empty);
        var subject = ChineseOutcomeVerb().IsMatch(bare) ? (bare.Length <= 16 ? $"“{bare}”这项改进" : "该改进")
            : (AutomaticAction().IsMatch(built) || (built.Length < bare.Length && ChineseActionVerb().IsMatch(built))) && built.Length <= 14 ? $"“{built}”功能"
            : !isSentence && ChineseSubject().Match(firstClause) is { Success: true } s ? s.Groups[1].Value.Trim()
            : !isSentence && oneClause && ChineseSubject().Match(unpunctuated) is { Success: true } whole ? whole.Groups[1].Value.Trim()
            : isStory && ChineseSubject().Match(unpunctuated) is { Success: true } wished ? wished.Groups[1].Value.Trim()
            : ChineseBuildObject().Match(unpunctuated) is { Success: true } b ? b.Groups[1].Value.Trim()
            : bare.Length <= 10 && persona is null && !isSentence ? LeadingBuildVerb().Replace(bare, string.Empty) : "该功能";
        if (GenericChineseNouns.Contains(subject) && idea.LastIndexOf("的" + subject, StringComparison.Ordinal) is var at and > 0)
        {
            // "为财务团队自动对账的功能": the thing is what comes before 的, not "功能".
            var before = idea[..at];
            var from = persona is not null && before.LastIndexOf(persona, StringComparison.Ordinal) is var pi and >= 0 ? pi + persona.Length : 0;
            var what = LeadingChineseFunction().Replace(before[from..], string.Empty);
            subject = what.Length is >= 2 and <= 12 ? what + subject : "该" + subject;
        }

        return new IdeaAnalysis(original, Shorten(original, 40), subject.Trim().Length < 2 ? "该功能" : subject, persona ?? (language == AnswerLanguage.Zh ? "用户" : "users"), phrases.Where(x => x != subject).Take(3).ToList(), language);
    }

    private static readonly HashSet<string> GenericChineseNouns = new(StringComparer.Ordinal) { "功能", "产品", "工具", "系统", "平台", "服务", "能力", "模块", "应用" };

    // Endings of Chinese words for people and teams: 用户, 客服, 经理, 工程师, 骑手, 店长, 商家, 团队…
    private static readonly string[] ChinesePeopleEndings =
    [
        "户", "员", "员工", "师", "者", "生", "手", "长", "人", "家", "主", "士", "司机", "客服", "妈妈", "爸爸", "父母",
        "家属", "租客", "房客", "乘客", "游客", "访客", "顾客", "粉丝", "经理", "团队", "部门", "小组", "同事", "同学",
        "财务", "销售", "运营", "开发", "设计", "会计", "新人", "新手", "管理层", "老板", "病人", "患者", "玩家", "会员",
    ];

    private static bool NamesChinesePeople(string phrase) =>
        ChinesePeopleEndings.Any(e => phrase.EndsWith(e, StringComparison.Ordinal))
        || (LatinTail().Match(phrase) is { Success: true } latin && NamesPeople(latin.Value));

    [GeneratedRegex(@"[A-Za-z][A-Za-z ]*$")]
    private static partial Regex LatinTail();

    // "提供/做/打造/开发/推出… (一个/一款/一套) X" at the end: X is what is built.
    [GeneratedRegex(@"(?:提供|做|打造|开发|推出|上线|增加|新增|搭建|加一个|加个|加上)(?:一个|一款|一套|一种)?([\u4e00-\u9fffA-Za-z0-9 ]{2,12})$")]
    private static partial Regex ChineseBuildObject();

    /// <summary>
    /// A sentence that opens with who it is about: "老师批改作业花太多时间…", "用户找不到…" (the longest such prefix). Only
    /// in sentences: a short name such as "智能客服机器人" is a product, and a prefix that opens with a verb ("防止员工…") is no one.
    /// </summary>
    private static string? LeadingPeople(string idea)
    {
        if (idea.Length <= 10 && !idea.Contains('，') && !idea.Contains(',') && !ChineseSentenceMarker().IsMatch(idea))
        {
            return null;
        }

        idea = Quantifier().Replace(idea, string.Empty); // "很多商家反映…" is about 商家
        for (var length = Math.Min(5, idea.Length - 1); length >= 2; length--)
        {
            var head = idea[..length];
            if (head.All(LanguageDetector.IsCjk) && ChinesePeopleWords.Any(w => head.EndsWith(w, StringComparison.Ordinal))
                && !LeadingChineseVerb().IsMatch(head) && !LeadingChineseFunction().IsMatch(head))
            {
                return head;
            }
        }

        return null;
    }

    // Whole words for people, for the start of a sentence, where one-character endings (生, 员) would match
    // "一个自动生成…" as readily as "学生".
    private static readonly string[] ChinesePeopleWords =
    [
        "用户", "客户", "老师", "学生", "医生", "护士", "司机", "骑手", "店长", "家长", "员工", "商家", "卖家", "买家", "会员",
        "经理", "客服", "运营", "销售", "财务", "患者", "病人", "玩家", "作者", "读者", "设计师", "工程师", "管理员", "开发者",
        "团队", "同事", "新人", "新手", "主播", "租户", "房东", "律师", "会计", "分析师", "研究员", "专员", "店员", "厨师",
        "老年人", "年轻人", "上班族", "宝妈", "孩子", "儿童", "乘客", "游客", "访客", "粉丝", "志愿者", "妈妈", "爸爸",
        "父母", "家属", "老人", "业主", "房客", "租客", "车主", "居民", "市民",
    ];

    /// <summary>The longest start of a phrase that names people ("HR一键" → "HR", "sales 团队" → "sales 团队").</summary>
    private static string? PeoplePrefix(string phrase)
    {
        phrase = Quantifier().Replace(phrase, string.Empty); // "很多商家" are 商家
        for (var length = phrase.Length; length >= 2; length--)
        {
            var head = phrase[..length].Trim();
            if (head.Length >= 2 && NamesChinesePeople(head) && !LeadingChineseVerb().IsMatch(head))
            {
                return head;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?:防止|避免|减少|降低|提升|提高|支持|增加|新增|优化|实现|允许|禁止|限制|自动|智能|给|让|为|帮|推送|发送|提供)")]
    private static partial Regex LeadingChineseVerb();

    // "…，以便节省面试前的时间": the purpose, not the thing.
    [GeneratedRegex(@"[，,]?\s*(?:以便|从而|这样|为了|好让)[^，,。]*$")]
    private static partial Regex PurposeClause();

    // "防止黄牛抢购…", "优化App启动速度": a change, named as one ("“优化App启动速度”这项改进").
    [GeneratedRegex(@"^(?:防止|避免|减少|降低|提升|提高|优化|加快|缩短|改善|简化|禁止|限制|杜绝)")]
    private static partial Regex ChineseOutcomeVerb();

    // A short idea that is a sentence ("老年人不会用手机挂号"), not a name.
    // (能, 会 and 要 alone are not markers: 智能, 功能, 会员, 纪要.)
    [GeneratedRegex(@"不|没|想|太|很|总是|经常|可以|能否|是否|抱怨|反映")]
    private static partial Regex ChineseSentenceMarker();

    // "支持导出PDF格式的体检报告": the feature is the export, not the report.
    [GeneratedRegex(@"^(?:导出|导入|上传|下载|分享|查看|打印|编辑|同步|扫码|搜索|预约|提醒|推送|转发|收藏|批量|一键|自动)")]
    private static partial Regex ChineseActionVerb();

    // "自动提醒租客交房租": an action the product performs, named as a feature.
    [GeneratedRegex(@"^(?:自动|一键|批量)")]
    private static partial Regex AutomaticAction();

    [GeneratedRegex(@"^(?:很多|许多|不少|部分|一些|大量|所有|每个|每位|各位|各)")]
    private static partial Regex Quantifier();

    [GeneratedRegex(@"^(?:是否可以|是否能|是否|能否|能不能|可不可以|可否|可以)")]
    private static partial Regex ChineseQuestionPrefix();

    // "支持企业微信扫码登录" names the login, not the support.
    [GeneratedRegex(@"^(?:支持|增加|新增|提供|实现|上线|做)")]
    private static partial Regex LeadingBuildVerb();

    [GeneratedRegex(@"^作为(?:一名|一个|一位|名)?([\u4e00-\u9fffA-Za-z ]{1,12}?)[，,]?\s*我(?:希望|想要|想|需要|要)")]
    private static partial Regex ChineseStory();

    // Verbs whose object is the thing being built ("Add dark mode"); other verbs name what the product does for people.
    private static readonly HashSet<string> CreationVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "add", "build", "create", "launch", "introduce", "ship", "support", "offer", "provide", "enable", "redesign",
        "replace", "integrate", "migrate",
    };

    private static readonly HashSet<string> OutcomeVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "reduce", "increase", "improve", "cut", "lower", "raise", "boost", "grow", "shorten", "decrease", "minimize",
        "minimise", "maximize", "maximise", "speed", "fix", "prevent", "avoid", "stop", "block", "make",
    };

    /// <summary>A verb phrase or noun phrase up to its first preposition or clause ("export audit logs as CSV" → "export audit logs").</summary>
    private static string CutAtPreposition(string phrase)
    {
        var cut = PrepositionCut().Match(phrase);
        var head = cut.Success && cut.Index > 0 ? phrase[..cut.Index] : phrase;
        if (cut.Success && !head.Trim().Contains(' ', StringComparison.Ordinal) && cut.Value.Trim() is "which" or "that" or "when" or "whether")
        {
            // "predict which customers will churn": a verb alone says nothing; keep the clause to its next cut.
            var next = PrepositionCut().Match(phrase, cut.Index + cut.Length);
            head = next.Success ? phrase[..next.Index] : phrase;
        }

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

    /// <summary>The idea as a title: whole up to 100 characters, else cut at its last clause boundary, else at a word.</summary>
    private static string TitleOf(string idea)
    {
        const int max = 100;
        if (idea.Length <= max)
        {
            return idea;
        }

        // "When a customer uploads a CSV with more than 10,000 rows, …": the opening clause is not the idea.
        var clause = ClauseBoundary().Matches(idea[..max]).LastOrDefault();
        return clause is { Index: > 40 } && !Subordinate().IsMatch(idea) ? idea[..clause.Index] : Shorten(idea, max);
    }

    [GeneratedRegex(@",\s|;\s|\s(?:so that|so|which|because|while|—|-)\s")]
    private static partial Regex ClauseBoundary();

    [GeneratedRegex(@"^(?:when|whenever|if|after|before|once|while|as soon as|because|since|although)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Subordinate();

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max);
        return (cut > max / 2 ? text[..cut] : text[..max]) + "…";
    }

    [GeneratedRegex(@"\bfor ((?:[A-Za-z][\w-]*)(?: (?!to\b|who\b|that\b|so\b|in\b|on\b|at\b|with\b|when\b|by\b|from\b|of\b|about\b|across\b|during\b|within\b|after\b|before\b|using\b|via\b|without\b|into\b|over\b|under\b|per\b|than\b|because\b|and\b|or\b|if\b)[A-Za-z][\w-]*){0,3})", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishPersona();

    [GeneratedRegex(@"^((?:[\w-]+ ){0,4}?[\w-]+?)(?= that\b| which\b| to\b| for\b| so\b| who\b| with\b| in\b|,|$)", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishSubject();

    // "Let <who> <action>", "Help <who> [to] <action>", "Allow/Enable/Empower <who> to <action>", where <who> is a plural
    // noun phrase of one to three words ("Enable analytics dashboards for managers" names no one to enable).
    // The shortest such phrase after which the action's first word is no plural noun: "Let sales reps get …" names
    // "sales reps", not "sales".
    [GeneratedRegex(@"^(?:(?:let|help)\s+(?<persona>(?:[\w-]+\s+){0,2}?[\w-]*[^\Ws]s)\s+(?:to\s+)?|(?:allow|enable|empower)\s+(?<persona>(?:[\w-]+\s+){0,2}?[\w-]+)\s+to\s+)(?<action>(?![\w-]*[^\Ws]s\b)[a-z][\w-]*\b.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex EnablingIdea();

    // A leading verb in the imperative ("Add …", "Reduce …"): the idea names a change, not a product.
    [GeneratedRegex(@"^(?<verb>add|build|create|launch|introduce|ship|support|offer|provide|enable|show|send|automate|redesign|simplify|replace|integrate|migrate|personalize|personalise|reduce|increase|improve|cut|lower|raise|boost|grow|shorten|decrease|minimize|minimise|maximize|maximise|fix|prevent|avoid|stop|block|make|translate|summarize|summarise|recommend|predict|detect|classify|tag|generate|draft|suggest|find|track|notify|remind|schedule|sync|import|export|search|compare|highlight|flag|score|rank|route|match|convert|transcribe|forecast|analyze|analyse|extract|auto-tag|auto-generate|surface|alert|estimate|verify|validate|monitor|visualize|visualise)\s+(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex VerbLedIdea();

    // "As a dispatcher, I want to see all trucks …", "As an admin I need …".
    [GeneratedRegex(@"^as an?\s+(?<who>[\w' -]{2,40}?),?\s+i\s+(?:want|need|would like|'d like|wish)\s+(?<to>to\s+|a\s+way\s+to\s+)?(?<action>\S.*?)(?:,?\s+so(?: that)?\s.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex UserStoryIdea();

    // "<People> can't/don't/waste/spend/need … ": a sentence about who has the problem.
    [GeneratedRegex(@"^(?<who>(?:[\w-]+\s+){0,2}?[\w-]+?)\s+(?:can't|cannot|can not|don't|do not|doesn't|never|always|often|usually|frequently|regularly|sometimes|still|constantly|repeatedly|rarely|keep|waste|spend|struggle|need|want|wish|have to|must|get|lose|miss|forget|wait|complain|hate|ask|email|call)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PeopleLedSentence();

    /// <summary>A user story's "I/my/me" becomes "they/their/them" once the role is the subject of the sentence.</summary>
    private static string ThirdPerson(string phrase) => FirstPerson().Replace(phrase, m => m.Value.ToLowerInvariant() switch
    {
        "i" => "they",
        "me" => "them",
        "my" => "their",
        "mine" => "theirs",
        "myself" => "themselves",
        "i'm" => "they're",
        _ => m.Value,
    });

    [GeneratedRegex(@"\b(?:I'm|I|me|my|mine|myself)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPerson();

    [GeneratedRegex(@"^(?:[\w-]+\s+){0,2}?way to\s+(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WayTo();

    [GeneratedRegex(@"\b(?:their|his|her|my|our|your)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Possessive();

    private static string Lower(string s) => s.Length > 1 && char.IsUpper(s[0]) && char.IsLower(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    // "Give/Show/Send/Offer <people> <thing>".
    [GeneratedRegex(@"^(?:give|show|send|offer|provide)\s+(?<persona>(?:[\w-]+\s+){0,2}?[\w-]*[^\Ws]s)\s+(?<thing>(?:an?|the|their|each)\s+\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex GiveIdea();

    // "Use/Leverage <tool> to <action>", "We/I want/need/would like/plan to <action>".
    [GeneratedRegex(@"^(?:(?:use|using|leverage|apply)\s+(?:[\w-]+\s+){0,4}?to|(?:we|i)\s+(?:want|need|would like|'d like|plan|aim|hope)\s+to)\s+(?<action>[a-z][\w-]*\b.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex IntentIdea();

    // "… so CSMs can reach out early", "… so that managers can coach".
    [GeneratedRegex(@"\bso(?: that)? ((?:[\w-]+ ){0,2}?[\w-]+) (?:can|could|will|would|may)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SoThatPersona();

    // "Could we let doctors …?", "Can we auto-tag …?": the proposal after the polite question.
    [GeneratedRegex(@"^(?:could|can|should|shall|would|why don't|how about|what if)\s+(?:we|you|i)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionPrefix();

    [GeneratedRegex(@"^(?:automatically|auto|instantly|quickly|easily|smartly|intelligently|proactively)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingAdverb();

    // Words for people and teams; a "for …" phrase ending in anything else names a thing ("for our internal wiki").
    private static readonly HashSet<string> PeopleNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "user", "customer", "client", "admin", "administrator", "manager", "agent", "analyst", "doctor", "nurse", "clinician",
        "patient", "teacher", "student", "learner", "parent", "kid", "child", "children", "seller", "buyer", "shopper",
        "merchant", "driver", "rider", "courier", "rep", "engineer", "developer", "dev", "designer", "pm", "team", "employee",
        "staff", "member", "owner", "people", "person", "traveler", "traveller", "partner", "recruiter", "candidate",
        "marketer", "writer", "editor", "operator", "moderator", "investor", "subscriber", "viewer", "reader", "player",
        "creator", "host", "guest", "tenant", "landlord", "lawyer", "accountant", "auditor", "researcher", "scientist",
        "technician", "worker", "volunteer", "coach", "trainer", "leader", "executive", "founder", "freelancer", "vendor",
        "supplier", "reviewer", "approver", "tester", "contributor", "maintainer", "caregiver", "citizen", "visitor",
        "attendee", "organizer", "organiser", "planner", "hr", "finance", "ops", "support", "sales", "marketing", "csm",
        "sre", "qa", "everyone", "beginner", "newcomer", "hire", "picker", "packer", "cook", "chef", "waiter", "agency", "professional", "specialist", "consultant", "officer", "clerk",
        "cashier", "pharmacist", "therapist", "dispatcher", "farmer", "homeowner", "renter", "borrower", "lender", "donor",
    };

    private static readonly HashSet<string> NotInNounPhrases = new(StringComparer.OrdinalIgnoreCase)
    {
        "i", "we", "you", "they", "it", "he", "she", "can", "can't", "cannot", "could", "couldn't", "should", "would",
        "will", "won't", "do", "does", "don't", "doesn't", "did", "didn't", "is", "are", "was", "were", "isn't", "aren't",
        "why", "how", "what", "when", "where", "who", "whether", "as", "if", "because", "since", "there", "please", "our",
        "my", "your", "their", "have", "has", "need", "needs", "want", "wants", "keep", "keeps", "get", "gets",
        "nobody", "everyone", "everybody", "someone", "somebody", "anyone", "no", "nothing", "every",
        "waste", "wastes", "spend", "spends", "take", "takes", "lose", "loses", "miss", "misses", "forget", "forgets",
        "struggle", "struggles", "complain", "complains", "hate", "hates", "ask", "asks", "wait", "waits", "know",
        "knows", "go", "goes", "come", "comes", "say", "says", "find", "finds", "pay", "pays", "call", "calls",
    };

    private static bool ReadsAsNounPhrase(string phrase)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is > 0 and <= 5 && !words.Any(NotInNounPhrases.Contains);
    }

    /// <summary>"dispatcher" → "dispatchers", "finance admin" → "finance admins", "person" → "people".</summary>
    internal static string Plural(string noun)
    {
        var words = noun.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return "users";
        }

        var last = words[^1];
        words[^1] = last.ToLowerInvariant() switch
        {
            "person" => "people",
            "staff" or "people" or "personnel" => last,
            var w when w.EndsWith('s') || w.EndsWith("sh", StringComparison.Ordinal) || w.EndsWith("ch", StringComparison.Ordinal) || w.EndsWith('x') || w.EndsWith('z') => last + "es",
            var w when w.EndsWith('y') && w.Length > 1 && !"aeiou".Contains(w[^2], StringComparison.Ordinal) => last[..^1] + "ies",
            _ => last + "s",
        };
        return string.Join(' ', words);
    }

    /// <summary>Whether a short phrase ("sales reps", "new workspace admins", "HR") names people rather than a thing.</summary>
    internal static bool NamesPeople(string phrase)
    {
        var words = phrase.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return false;
        }

        var head = words[^1].TrimEnd('\'', '’');
        var singular = head.EndsWith("ies", StringComparison.OrdinalIgnoreCase) ? head[..^3] + "y"
            : head.EndsWith("ches", StringComparison.OrdinalIgnoreCase) || head.EndsWith("shes", StringComparison.OrdinalIgnoreCase) ? head[..^2]
            : head.EndsWith('s') && !head.EndsWith("ss", StringComparison.OrdinalIgnoreCase) ? head[..^1]
            : head;
        return PeopleNouns.Contains(head) || PeopleNouns.Contains(singular);
    }

    [GeneratedRegex(@"\s(?:to|for|in|on|at|with|by|from|as|so|that|which|when|while|via|using|without|into|across|within|before|after|during|until|once|if|whether|next)\s|,", RegexOptions.IgnoreCase)]
    private static partial Regex PrepositionCut();

    [GeneratedRegex(@"^(?:an?|the)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingArticle();

    [GeneratedRegex(@"[A-Za-z][\w'-]*")]
    private static partial Regex Words();

    // 给 marks the people served only at the start ("给 sales 团队做…"); later it is usually "to" ("打电话给客服").
    [GeneratedRegex(@"(?:为|帮助|帮|让|^给|面向|针对)\s*([\u4e00-\u9fff]{2,6}?|[A-Za-z]{2,12}(?:\s*[\u4e00-\u9fff]{1,4})?)(?=\s|快速|自动|更|在|把|将|可以|能够|能|的|，|,|。|$|进行|完成|了解|找到|处理|管理|查看|写|生成|识别|分析|推荐|总结|减少|提升|一键|随时|直接|轻松|方便|及时|实时|上报|提交|查询|预约|下单|导出|导入|申请|获取|使用|看到|收到|比较|订阅|分享|记录|跟踪|追踪|设置|选择|购买|支付|反馈|提供|做|打造|开发|推出|上线|增加|新增|搭建|定制|准备|设计|推送|发送|通知|提醒|用|使用|通过|加一个|加个|加上)")]
    private static partial Regex ChinesePersona();

    [GeneratedRegex(@"^(?:一个|一款|一种|为|给|帮助|帮|让|面向|针对|用于|能|可以)+")]
    private static partial Regex LeadingChineseFunction();

    [GeneratedRegex(@"的([\u4e00-\u9fffA-Za-z0-9 ]{2,12})$")]
    private static partial Regex ChineseSubject();

    [GeneratedRegex(@"[|，,。；;：:、\s（）()“”""]+")]
    private static partial Regex ChineseSplit();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
