using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prd;

/// <summary>Questions per section, made specific with what the idea names ({subject}, {persona}).</summary>
internal static class GuidingQuestions
{
    // Only {subject} and {persona} are filled in, and only where any noun phrase reads correctly: phrases cut from the
    // idea ("key phrases") were spliced in once and read badly in half the questions of a blind review of 50 ideas
    // (verbs, pronouns, fragments, "too much reports"), so the questions name the feature and its users, nothing else.
    private static readonly Dictionary<string, (string[] En, string[] Zh)> Templates = new(StringComparer.Ordinal)
    {
        ["tldr"] = (
            ["In one sentence: what will {persona} be able to do with {subject} that they cannot do today?", "What is the single number that tells us {subject} worked?"],
            ["一句话：有了{subject}，{persona}能做到哪些今天做不到的事？", "哪一个数字能说明{subject}成功了？"]),
        ["problem"] = (
            ["What evidence shows that {persona} have this problem today (tickets, interviews, usage data — with numbers)?", "How often does it happen, and what does it cost {persona} or the business each time?", "Why solve it now rather than next quarter?"],
            ["有什么证据表明{persona}今天确实有这个问题（工单、访谈、使用数据，附数字）？", "这个问题多久发生一次，每次让{persona}或公司付出多少代价？", "为什么现在就要解决，而不是下个季度？"]),
        ["ai-hypothesis"] = (
            ["Why is a model needed for {subject}, rather than rules or search?", "How accurate must the model be before {persona} trust it, and what do they gain if it is?"],
            ["为什么{subject}需要模型，而不是规则或搜索？", "模型的准确率要达到多少，{persona}才会信任它？做到后他们得到什么？"]),
        ["goals"] = (
            ["What must be true for {persona} after launch (outcomes, not features)?", "What will this release deliberately NOT do?"],
            ["上线后，对{persona}来说什么必须成立（写结果，而不是功能）？", "本次明确不做哪些事情？"]),
        ["personas"] = (
            ["Which groups of {persona} will be the first to use {subject}, and how many people are in them?", "What do they do today instead, and which tools do they use?"],
            ["哪一类{persona}会最先使用{subject}？人数有多少？", "他们今天用什么办法、什么工具来应对？"]),
        ["user-stories"] = (
            ["As {a-persona}, I want … so that …: which 3–5 stories matter most?", "For each story, what acceptance criteria could a tester check (inputs, expected result, time limit)?"],
            ["作为{persona}，我想要……以便……：最重要的 3–5 个故事是什么？", "每个故事的验收标准是什么（输入、预期结果、时间限制），测试人员能否逐条验证？"]),
        ["functional"] = (
            ["What must {subject} do? Number each requirement (FR-1…), give it a priority (P0/P1/P2) and a testable condition.", "What happens at the edges: no input, far more input than usual, a failure halfway?"],
            ["{subject}必须做哪些事？给每条需求编号（FR-1…）、标优先级（P0/P1/P2），并写出可验证的条件。", "边界情况怎么处理：没有输入、输入远超平常、处理到一半失败？"]),
        ["non-functional"] = (
            ["How fast must {subject} respond (p95 in ms), and what availability is required (% per month)?", "Which security, privacy, accessibility and localisation requirements apply, each with a number?"],
            ["{subject}的响应要多快（p95 毫秒）？可用性要多高（每月百分比）？", "有哪些安全、隐私、无障碍、本地化要求？每项给出数字。"]),
        ["model-data"] = (
            ["Which model powers {subject} (hosted or local, size), and why that one?", "Which data does the model read, where does that data come from, and who consented to this use?"],
            ["{subject}用哪个模型（云端还是本地、规模多大），为什么选它？", "模型会读取哪些数据？数据从哪来？用户是否同意这样使用？"]),
        ["evaluation"] = (
            ["What golden set of examples will you test on (how many, sampled how, labelled by whom)?", "Which metrics and thresholds must {subject} reach to ship, and when do you re-run the evaluation?"],
            ["用什么黄金测试集评估（多少条、如何抽样、谁来标注）？", "{subject}要在哪些指标上达到什么阈值才能上线？什么时候重新评估？"]),
        ["failure-modes"] = (
            ["Which mistakes of the model are unacceptable for {persona}, and how rare must they be?", "Which guardrail prevents or catches each of them before {persona} see it?"],
            ["模型的哪些错误对{persona}来说不可接受？必须低到什么程度？", "用什么护栏在{persona}看到之前预防或拦截这些错误？"]),
        ["human-loop"] = (
            ["When does a person review or override the output of {subject}?", "What do {persona} see when the model is wrong, slow or unavailable?"],
            ["什么时候由人审核或否决{subject}的输出？", "模型出错、变慢或不可用时，{persona}看到的是什么？"]),
        ["privacy"] = (
            ["Which personal data will {subject} touch, how will that data be de-identified, and how long will it be kept?", "Who could be treated unfairly by the model, how will you check, and who signs off the review?"],
            ["{subject}会接触哪些个人数据？如何去标识化？保留多久？", "哪些人群可能被模型不公平对待？如何检查？由谁签字确认？"]),
        ["latency-cost"] = (
            ["What p95 latency per request can {persona} accept?", "What may one request cost, and what is the monthly budget at the expected volume?"],
            ["{persona}能接受单次请求多长的 p95 延迟？", "单次请求最多花多少钱？按预期用量每月预算是多少？"]),
        ["metrics"] = (
            ["Which metric shows that {persona} benefit, written as baseline → target → date?", "Which guardrail metric must not get worse (e.g. quality, complaints, cost)?"],
            ["哪个指标能说明{persona}受益？写成 基线 → 目标 → 日期。", "哪个护栏指标不能变差（例如质量、投诉、成本）？"]),
        ["monitoring"] = (
            ["What will you watch for {subject} in production (quality, drift in the input data, cost), and how often?", "Which number triggers an alert, and which one rolls the feature back?"],
            ["上线后监控{subject}的哪些方面（效果、输入数据的漂移、成本）？多久看一次？", "哪个数字触发告警？哪个数字触发回滚？"]),
        ["ux"] = (
            ["Where in the product do {persona} meet {subject}, and what is the main flow?", "What do the empty, loading and error states look like? Link the designs."],
            ["{persona}在产品的哪个位置接触到{subject}？主流程是什么？", "空状态、加载中和出错时分别怎么展示？附上设计稿链接。"]),
        ["dependencies-risks"] = (
            ["Which teams, systems or vendors will {subject} depend on, and have they committed?", "What is the biggest risk to the launch, how likely is it, and what is the mitigation?"],
            ["{subject}依赖哪些团队、系统或供应商？他们是否已承诺？", "上线面临的最大风险是什么？可能性多大？如何应对？"]),
        ["timeline"] = (
            ["When are the beta, the ramp-up and general availability of {subject}, and who owns each?", "What has to be true before each step?"],
            ["{subject}的内测、灰度和全量分别在什么时候？各由谁负责？", "每一步开始之前必须满足什么条件？"]),
        ["open-questions"] = (
            ["What is still undecided? Give each question an owner and a date."],
            ["还有哪些没有决定？每个问题写明负责人和日期。"]),
    };

    public static IReadOnlyList<string> For(PrdSection section, IdeaAnalysis idea, AnswerLanguage language)
    {
        var zh = language == AnswerLanguage.Zh;
        var (en, zhs) = Templates[section.Id];
        var subject = zh ? idea.Subject : TheSubject(idea.Subject);
        return [.. (zh ? zhs : en).Select(t => Capitalize(t.Replace("{subject}", subject, StringComparison.Ordinal)
            .Replace("{persona}", idea.Persona, StringComparison.Ordinal)
            .Replace("{a-persona}", OneOf(idea.Persona), StringComparison.Ordinal)))];
    }

    // Names that already say what kind of thing it is: "the AI assistant", "the Shopify app", "the weekly email".
    private static readonly HashSet<string> ProductNouns = new(StringComparer.Ordinal)
    {
        "assistant", "bot", "chatbot", "app", "application", "tool", "dashboard", "integration", "extension", "plugin",
        "api", "widget", "page", "service", "platform", "system", "portal", "report", "email", "digest", "checklist",
        "forecast", "summary", "feed", "editor", "wizard", "calculator", "tracker", "planner", "marketplace", "store",
        "program", "programme", "workflow", "pipeline", "engine", "model", "copilot", "agent", "kiosk", "sdk", "cli",
        "notification", "notifications", "reminder", "reminders", "alert", "alerts", "mode", "view", "panel", "inbox",
    };

    private static readonly HashSet<string> CommonFirstWords = new(StringComparer.Ordinal)
    {
        "Smart", "Dark", "Light", "Bulk", "Recurring", "Offline", "Online", "Auto", "Automatic", "Automated", "New", "Better",
        "Faster", "Simple", "Quick", "Custom", "Personalized", "Personalised", "Weekly", "Daily", "Monthly", "Real-time",
        "Mobile", "Two-factor", "Usage-based", "Saved", "Shared", "Public", "Private", "Team", "Group", "Guest", "Instant",
        "Scheduled", "Multi-currency", "Multi-language", "In-app", "One-click", "Single", "Unified", "Advanced",
        "Basic", "Self-service", "Self-serve", "Live", "Voice", "Video", "Photo", "Email", "Push", "Bank", "Card", "Gift",
        "Loyalty", "Referral", "Subscription", "Order", "Inventory", "Invoice", "Expense", "Payment", "Search", "Chat",
        "Calendar", "Dashboard", "Dashboards", "Report", "Reports", "Keyboard", "Accessibility", "Onboarding", "Audit",
        "Role-based", "Granular", "Flexible", "Contextual", "Predictive", "Intelligent", "Natural", "Conversational",
    };

    /// <summary>"Dark mode" → "the dark mode"; acronyms and names keep their capitals ("the SSO login", "the Slack integration").</summary>
    internal static string TheSubject(string subject)
    {
        if (subject.StartsWith("the ", StringComparison.OrdinalIgnoreCase))
        {
            return subject;
        }

        // Only ordinary words lose the capital the idea's first word had: "Dark mode" → "the dark mode feature", but
        // "Slack integration" and "Shopify app" keep their names. A name that is not a product noun gets "feature",
        // which also keeps the verbs singular ("the recurring invoices feature touches…").
        var first = subject.Split(' ', 2)[0];
        var lowered = CommonFirstWords.Contains(first) ? char.ToLowerInvariant(subject[0]) + subject[1..] : subject;
        var head = lowered.Split(" of ", 2)[0]; // "weekly digest of the child's grades" is a digest
        var last = head.Split(' ')[^1].ToLowerInvariant();
        var named = lowered is "feature" || lowered.StartsWith("feature to ", StringComparison.Ordinal) || lowered.StartsWith("change to ", StringComparison.Ordinal)
            || ProductNouns.Contains(last);
        return "the " + (named ? lowered : lowered + " feature");
    }

    /// <summary>One member of a persona named in the plural, with its article: "support agents" → "a support agent", "admins" → "an admin".</summary>
    internal static string OneOf(string persona)
    {
        var words = persona.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return "a user";
        var last = words[^1];
        words[^1] = last.ToLowerInvariant() switch
        {
            "people" => "person",
            "staff" or "personnel" or "press" => last,
            var w when w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4 => last[..^3] + "y",
            var w when w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) => last[..^2],
            var w when w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && w.Length > 2 => last[..^1],
            _ => last,
        };
        var one = string.Join(' ', words);
        var article = "aeiou".Contains(char.ToLowerInvariant(one[0]), StringComparison.Ordinal) && !one.StartsWith("us", StringComparison.OrdinalIgnoreCase) ? "an" : "a";
        return $"{article} {one}";
    }

    private static string Capitalize(string s) => s.Length > 0 && char.IsLower(s[0]) ? char.ToUpperInvariant(s[0]) + s[1..] : s;
}
