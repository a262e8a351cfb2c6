using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prd;

/// <summary>What kind of document: a product requirements document, or an AI-feature spec (a PRD plus the AI sections).</summary>
public enum DraftKind
{
    Prd,
    AiSpec,
}

/// <summary>How much a missing section matters.</summary>
public enum SectionImportance
{
    /// <summary>Worth having; missing is reported as Info.</summary>
    Recommended,

    /// <summary>Core of the document; missing is a Warning.</summary>
    Required,

    /// <summary>An AI spec cannot ship without it; missing is an Error with its own code.</summary>
    Critical,
}

/// <summary>
/// One section of the PRD / AI-spec template: its titles in both languages, the heading aliases the linter
/// accepts, and the questions a writer must answer in it.
/// </summary>
public sealed record PrdSection(
    string Id,
    string TitleEn,
    string TitleZh,
    bool AiOnly,
    SectionImportance Importance,
    IReadOnlyList<string> Aliases,
    string GuidanceEn,
    string GuidanceZh)
{
    public string Title(AnswerLanguage language) => language == AnswerLanguage.Zh ? TitleZh : TitleEn;

    public string Guidance(AnswerLanguage language) => language == AnswerLanguage.Zh ? GuidanceZh : GuidanceEn;

    /// <summary>Sections whose sentences are requirements and must be testable.</summary>
    public bool HoldsRequirements => Id is "functional" or "non-functional" or "user-stories" or "latency-cost" or "evaluation";
}

/// <summary>The section catalogue, in document order. AI-only sections sit where a reader of an AI spec expects them.</summary>
public static class PrdSections
{
    public static readonly IReadOnlyList<PrdSection> All =
    [
        new("tldr", "TL;DR", "概述", false, SectionImportance.Required,
            ["tl;dr", "tldr", "summary", "executive summary", "overview", "abstract", "概述", "摘要", "概要", "总览", "一句话总结", "简介", "项目概述", "文档概述"],
            "In two or three sentences: what we build, for whom, and what changes for them.",
            "用两三句话说明：做什么、给谁用、对他们有什么改变。"),
        new("problem", "Problem and evidence", "问题与证据", false, SectionImportance.Required,
            ["problem", "problem statement", "problem and evidence", "background", "context", "motivation", "why", "why now", "why this matters", "why it matters", "why we are doing this", "pain points", "为什么做", "为什么要做", "问题", "问题陈述", "问题与证据", "背景", "需求背景", "项目背景", "痛点", "动机", "现状与问题"],
            "Which problem, whose, and the evidence it is real and big enough (data, tickets, interviews, with numbers).",
            "要解决什么问题、是谁的问题，以及证明它真实且足够重要的证据（数据、工单、访谈，附数字）。"),
        new("ai-hypothesis", "AI hypothesis", "AI 假设", true, SectionImportance.Required,
            ["ai hypothesis", "hypothesis", "why ai", "ml hypothesis", "ai 假设", "ai假设", "假设", "为什么用ai", "为什么用 ai", "ai 价值假设", "模型假设"],
            "Why AI rather than rules: what the model must do, how well, and what we believe users gain if it does.",
            "为什么用 AI 而不是规则：模型要完成什么、要做到多好，做到后我们认为用户能得到什么。"),
        new("goals", "Goals and non-goals", "目标与非目标", false, SectionImportance.Required,
            ["goals", "goals and non-goals", "objectives", "non-goals", "non goals", "out of scope", "scope", "目标", "目标与非目标", "项目目标", "非目标", "不做什么", "范围", "范围外", "业务目标"],
            "What success means for users and the business; what we deliberately will not do in this release.",
            "对用户和业务而言什么算成功；本次明确不做什么。"),
        new("personas", "Personas", "用户画像", false, SectionImportance.Recommended,
            ["personas", "persona", "target users", "users", "audience", "target audience", "customers", "用户画像", "目标用户", "用户角色", "用户群体", "用户", "目标人群"],
            "Who the users are, what they do today, and which of them this release serves first.",
            "用户是谁、他们现在怎么做，本次优先服务哪一类。"),
        new("user-stories", "User stories and acceptance criteria", "用户故事与验收标准", false, SectionImportance.Required,
            ["user stories", "user stories and acceptance criteria", "stories", "use cases", "scenarios", "jobs to be done", "acceptance criteria", "用户故事", "用户故事与验收标准", "使用场景", "用例", "场景", "验收标准", "用户场景"],
            "As a <persona>, I want <action> so that <outcome>; each story with acceptance criteria that a tester can check.",
            "作为<角色>，我想要<操作>，以便<结果>；每个故事附测试人员可验证的验收标准。"),
        new("functional", "Functional requirements", "功能需求", false, SectionImportance.Required,
            ["functional requirements", "requirements", "features", "feature list", "functionality", "product requirements", "功能需求", "需求", "功能", "功能列表", "需求列表", "功能描述", "产品需求", "需求说明"],
            "Numbered requirements (FR-1…), each with a priority (P0/P1/P2) and a testable condition.",
            "编号的需求（FR-1…），每条带优先级（P0/P1/P2）和可验证的条件。"),
        new("non-functional", "Non-functional requirements", "非功能需求", false, SectionImportance.Recommended,
            ["non-functional requirements", "nonfunctional requirements", "non functional requirements", "nfrs", "nfr", "quality attributes", "performance requirements", "performance and quality", "quality and performance", "performance and reliability", "performance and security", "performance", "reliability", "service levels", "非功能需求", "非功能性需求", "性能需求", "质量属性", "性能与安全"],
            "Performance, availability, security, accessibility, localisation: each with a number and how it is measured.",
            "性能、可用性、安全、无障碍、本地化：每项给出数字及测量方法。"),
        new("model-data", "Model and data", "模型与数据", true, SectionImportance.Required,
            ["model and data", "model and data choices", "model choice", "model selection", "models", "data", "data sources", "training data", "model", "模型与数据", "模型选择", "模型", "数据", "数据来源", "训练数据", "技术方案", "模型方案", "数据方案"],
            "Which model (hosted or local, size), which data it sees, where that data comes from and what licence or consent covers it.",
            "用哪个模型（云端或本地、规模），模型会看到哪些数据，数据从哪来、有什么授权或用户同意。"),
        new("evaluation", "Evaluation plan", "评估方案", true, SectionImportance.Critical,
            ["evaluation plan", "evaluation", "evaluations", "evals", "eval plan", "offline evaluation", "golden set", "quality bar", "testing and evaluation", "评估方案", "评估", "评测", "评估计划", "评测方案", "测评方案", "离线评估", "效果评估", "模型评估"],
            "The golden set (size, source, who labels it), the metrics, and the thresholds to ship (e.g. precision ≥ 0.9 on 300 cases).",
            "黄金测试集（规模、来源、谁标注）、评估指标，以及上线阈值（例如 300 条样本上准确率 ≥ 0.9）。"),
        new("failure-modes", "Failure modes and guardrails", "失败模式与护栏", true, SectionImportance.Required,
            ["failure modes and guardrails", "failure modes", "guardrails", "unacceptable failure modes", "unacceptable failures", "safety guardrails", "失败模式与护栏", "失败模式", "护栏", "安全护栏", "不可接受的错误", "不可接受的失败", "风险控制"],
            "Which mistakes are unacceptable (and how rare they must be), and the guardrails that prevent or catch them.",
            "哪些错误不可接受（以及必须低到什么程度），用什么护栏来预防或拦截。"),
        new("human-loop", "Human in the loop and fallbacks", "人工介入与兜底", true, SectionImportance.Critical,
            ["human in the loop and fallbacks", "human in the loop", "human-in-the-loop", "fallback", "fallbacks", "fallback plan", "human review", "escalation", "degradation", "人工介入与兜底", "人工介入", "兜底", "兜底方案", "降级", "降级方案", "人工审核", "人机协同", "人工复核"],
            "When a person reviews or overrides the model, and what the product does when the model is wrong, slow or down.",
            "什么时候由人审核或否决模型结果；模型出错、变慢或不可用时产品怎么做。"),
        new("privacy", "Privacy, safety and fairness review", "隐私、安全与公平性评审", true, SectionImportance.Critical,
            ["privacy, safety and fairness review", "privacy", "privacy and security", "privacy review", "safety", "fairness", "responsible ai", "ethics", "compliance", "data protection", "隐私、安全与公平性评审", "隐私", "数据隐私", "隐私与安全", "安全与合规", "公平性", "合规", "伦理", "负责任的ai", "数据保护"],
            "Personal data involved and its handling (retention, de-identification), safety risks, groups that could be treated unfairly, and who signs off.",
            "涉及哪些个人数据及其处理（保留期、去标识化），安全风险，哪些群体可能被不公平对待，由谁签字确认。"),
        new("latency-cost", "Latency and cost budgets", "延迟与成本预算", true, SectionImportance.Required,
            ["latency and cost budgets", "latency and cost", "latency", "cost", "costs", "budget", "budgets", "performance budget", "cost budget", "延迟与成本预算", "延迟", "成本", "预算", "性能与成本", "成本预算", "响应时间"],
            "p95 latency per request, cost per request or per user per month, and the limits that stop a release.",
            "单次请求的 p95 延迟、单次请求或每用户每月成本，以及阻止上线的上限。"),
        new("metrics", "Success metrics", "成功指标", false, SectionImportance.Required,
            ["success metrics", "metrics", "kpis", "kpi", "success criteria", "measures of success", "key metrics", "成功指标", "指标", "衡量指标", "关键指标", "成功标准", "数据指标", "核心指标", "效果指标"],
            "Each metric as baseline → target → date, with where it is measured.",
            "每个指标写成 基线 → 目标 → 日期，并注明在哪里测量。"),
        new("monitoring", "Monitoring, drift and rollback", "监控、漂移与回滚", true, SectionImportance.Required,
            ["monitoring, drift and rollback", "monitoring", "drift", "rollback", "rollback triggers", "observability", "monitoring and alerting", "监控、漂移与回滚", "监控", "漂移", "回滚", "线上监控", "监控与告警", "回滚条件"],
            "What is watched in production (quality, drift, cost), the alert thresholds, and the triggers that roll the feature back.",
            "线上监控什么（效果、漂移、成本）、告警阈值，以及触发回滚的条件。"),
        new("ux", "UX notes", "交互与体验说明", false, SectionImportance.Recommended,
            ["ux notes", "ux", "user experience", "design", "design notes", "ui", "ux and design", "wireframes", "交互与体验说明", "交互设计", "用户体验", "设计", "交互", "界面设计", "设计说明", "体验设计"],
            "Key screens and flows, empty and error states, and links to designs.",
            "关键页面与流程、空状态和错误状态，以及设计稿链接。"),
        new("dependencies-risks", "Dependencies and risks", "依赖与风险", false, SectionImportance.Recommended,
            ["dependencies and risks", "risks", "dependencies", "risks and mitigations", "assumptions", "assumptions and risks", "constraints", "依赖与风险", "风险", "依赖", "风险与对策", "假设与风险", "约束", "风险与应对"],
            "Teams, systems and vendors we depend on; the main risks with likelihood, impact and mitigation.",
            "依赖的团队、系统和供应商；主要风险及其可能性、影响和应对措施。"),
        new("timeline", "Timeline", "时间计划", false, SectionImportance.Recommended,
            ["timeline", "milestones", "release plan", "roadmap", "schedule", "rollout", "rollout plan", "launch plan", "phases", "时间计划", "里程碑", "排期", "发布计划", "上线计划", "时间表", "项目计划", "计划"],
            "Milestones with dates and owners, and the rollout (beta, percentage ramps, GA).",
            "带日期和负责人的里程碑，以及发布节奏（内测、灰度比例、全量）。"),
        new("open-questions", "Open questions", "待解决问题", false, SectionImportance.Recommended,
            ["open questions", "questions", "open issues", "unresolved questions", "open problems", "faq", "待解决问题", "开放问题", "未决问题", "待确认问题", "遗留问题", "待讨论问题", "问题清单"],
            "Each question with an owner and a date by which it must be answered.",
            "每个问题写明负责人和需要答复的日期。"),
    ];

    private static readonly Dictionary<string, PrdSection> ById = All.ToDictionary(s => s.Id, StringComparer.Ordinal);

    public static PrdSection Get(string id) => ById[id];

    public static IEnumerable<PrdSection> For(DraftKind kind) => All.Where(s => kind == DraftKind.AiSpec || !s.AiOnly);
}
