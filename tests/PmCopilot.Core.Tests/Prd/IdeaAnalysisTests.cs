using PmCopilot.Core.Prd;

namespace PmCopilot.Core.Tests.Prd;

/// <summary>What a one-line idea names, for the skeleton's questions: verb-led one-liners as well as noun phrases.</summary>
public class IdeaAnalysisTests
{
    [Theory]
    // Enabling verbs: who is enabled, and the action as "the feature to …".
    [InlineData("Let shoppers reorder past purchases with one tap", "shoppers", "feature to reorder past purchases", "to reorder past purchases with one tap", "past purchases")]
    [InlineData("Allow admins to export audit logs as CSV", "admins", "feature to export audit logs", "to export audit logs as CSV", "audit logs")]
    [InlineData("Help support agents triage tickets faster with AI", "support agents", "feature to triage tickets faster", "to triage tickets faster with AI", "tickets")]
    [InlineData("Enable field technicians to log visits offline", "field technicians", "feature to log visits offline", "to log visits offline", "visits offline")]
    // Other leading verbs: the thing added, or the change for an outcome.
    [InlineData("Add dark mode to the mobile editor", "users", "dark mode", "dark mode", "dark mode")]
    [InlineData("Enable offline mode for field technicians", "field technicians", "offline mode", "offline mode", "offline mode")]
    [InlineData("Enable analytics dashboards for managers", "managers", "analytics dashboards", "analytics dashboards", "analytics dashboards")]
    [InlineData("Reduce checkout drop-off for first-time buyers", "first-time buyers", "change to reduce checkout drop-off", "the product to reduce checkout drop-off", "checkout drop-off")]
    [InlineData("Make the checkout page load faster on 3G networks", "users", "change to make the checkout page load faster", "the product to make the checkout page load faster", "the checkout page load faster")]
    [InlineData("Could we let teachers grade essays with AI feedback?", "teachers", "feature to grade essays", "to grade essays with AI feedback", "essays")]
    [InlineData("Allow warehouse staff to scan barcodes offline", "warehouse staff", "feature to scan barcodes offline", "to scan barcodes offline", "barcodes offline")]
    [InlineData("Reduce onboarding time for new sales reps from two weeks to three days", "new sales reps", "change to reduce onboarding time", "the product to reduce onboarding time", "onboarding time")]
    [InlineData("Could we let customers pause their subscription instead of cancelling?", "customers", "feature to pause the subscription instead of cancelling", "to pause their subscription instead of cancelling", "subscription instead of cancelling")]
    // The persona is the whole plural phrase before the action ("sales reps", not "sales").
    [InlineData("Let sales reps get an AI summary of each call in Salesforce", "sales reps", "feature to get an AI summary of each call", "to get an AI summary of each call in Salesforce", "AI summary of each call")]
    // Things the product does for people: "the feature to …"; a leading adverb is not the verb.
    [InlineData("Automatically translate product descriptions into 12 languages for marketplace sellers", "marketplace sellers", "feature to translate product descriptions", "the product to translate product descriptions into 12 languages", "product descriptions")]
    [InlineData("Recommend similar articles at the end of each blog post", "users", "feature to recommend similar articles", "the product to recommend similar articles at the end of each blog post", "similar articles")]
    [InlineData("Give doctors a one-page summary of a patient's history before each visit", "doctors", "one-page summary of a patient's history", "a one-page summary of a patient's history before each visit", "one-page summary of a patient's history")]
    [InlineData("Use LLMs to auto-tag incoming bug reports by component", "users", "feature to auto-tag incoming bug reports", "to auto-tag incoming bug reports by component", "incoming bug reports")]
    [InlineData("We want to predict which customers will churn next month so CSMs can reach out early", "CSMs", "feature to predict which customers will churn", "to predict which customers will churn next month so CSMs can reach out early", "customers will churn")]
    public void Verb_led_ideas_name_persona_subject_need_and_focus(string idea, string persona, string subject, string need, string focus)
    {
        var analysis = IdeaAnalysis.From(idea);

        Assert.Equal(persona, analysis.Persona);
        Assert.Equal(subject, analysis.Subject);
        Assert.Equal(need, analysis.Need);
        Assert.Equal(focus, analysis.KeyPhrases[0]);
    }

    [Theory]
    [InlineData("An AI assistant that summarizes customer calls for sales reps", "sales reps", "AI assistant")]
    [InlineData("A tool for PMs to draft release notes from Jira tickets", "PMs", "tool")]
    [InlineData("Smart reply suggestions in the inbox", "users", "Smart reply suggestions")]
    // "for …" names people only when it ends in a word for people.
    [InlineData("Smart search for our internal wiki", "users", "Smart search")]
    [InlineData("Chatbot for HR policy questions", "users", "Chatbot")]
    [InlineData("Personalized onboarding checklist for new workspace admins", "new workspace admins", "Personalized onboarding checklist")]
    [InlineData("Customers can't find their past invoices so they email support every month", "customers", "feature")]
    [InlineData("New hires don't know who to ask for laptop setup", "new hires", "feature")]
    [InlineData("Why can't users export reports to PDF?", "users", "feature")]
    [InlineData("When a sales rep closes a deal, create a Jira epic for onboarding", "users", "feature")]
    public void Noun_phrase_ideas_keep_their_subject(string idea, string persona, string subject)
    {
        var analysis = IdeaAnalysis.From(idea);

        Assert.Equal(persona, analysis.Persona);
        Assert.Equal(subject, analysis.Subject);
        Assert.Null(analysis.Need);
    }

    [Theory]
    [InlineData("As a dispatcher I want to see all trucks on one map so that I can route around traffic", "dispatchers", "feature to see all trucks", "to see all trucks on one map")]
    [InlineData("As a nurse, I want shift swap requests approved in the app", "nurses", "feature", "shift swap requests approved in the app")]
    [InlineData("As an admin I need a way to revoke sessions", "admins", "feature to revoke sessions", "to revoke sessions")]
    [InlineData("As a recruiter I want to see which candidates opened my email so that I can follow up", "recruiters", "feature to see which candidates opened the email", "to see which candidates opened their email")]
    [InlineData("As a CFO, I need a weekly cash runway forecast", "CFOs", "weekly cash runway forecast", "a weekly cash runway forecast")]
    public void User_stories_name_the_role_and_the_want(string idea, string persona, string subject, string need)
    {
        var analysis = IdeaAnalysis.From(idea);

        Assert.Equal(persona, analysis.Persona);
        Assert.Equal(subject, analysis.Subject);
        Assert.Equal(need, analysis.Need);
    }

    [Theory]
    [InlineData("dispatcher", "dispatchers")]
    [InlineData("finance admin", "finance admins")]
    [InlineData("person", "people")]
    [InlineData("coach", "coaches")]
    [InlineData("company secretary", "company secretaries")]
    public void Roles_are_made_plural(string one, string many) => Assert.Equal(many, IdeaAnalysis.Plural(one));

    [Theory]
    [InlineData("Dark mode", "the dark mode")]
    [InlineData("recurring invoices", "the recurring invoices feature")] // keeps the verbs singular
    [InlineData("Bulk edit", "the bulk edit feature")]
    [InlineData("Slack integration", "the Slack integration")]
    [InlineData("AI assistant", "the AI assistant")]
    [InlineData("feature to export audit logs", "the feature to export audit logs")]
    [InlineData("weekly digest of the child's homework and grades", "the weekly digest of the child's homework and grades")]
    public void The_subject_reads_as_a_named_thing(string subject, string expected) => Assert.Equal(expected, GuidingQuestions.TheSubject(subject));

    [Theory]
    [InlineData("Let shoppers reorder past purchases with one tap")]
    [InlineData("Allow admins to export audit logs as CSV")]
    [InlineData("Add dark mode to the mobile editor")]
    [InlineData("Reduce checkout drop-off for first-time buyers")]
    public async Task A_verb_led_idea_reads_as_english_in_the_skeleton(string idea)
    {
        var draft = await PrdDrafter.DraftAsync(new DraftRequest(idea, DraftKind.Prd), null, null, TestContext.Current.CancellationToken);

        var verb = idea.Split(' ')[0];
        // Before, the questions said "with the Allow admins" and the problem "users need allow admins to export …".
        Assert.DoesNotContain($"the {verb} ", draft.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain($"need {verb.ToLowerInvariant()} ", draft.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain($"struggle with {verb} ", draft.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users", "a user")]
    [InlineData("support agents", "a support agent")]
    [InlineData("admins", "an admin")]
    [InlineData("analysts", "an analyst")]
    [InlineData("first-time buyers", "a first-time buyer")]
    [InlineData("companies", "a company")]
    [InlineData("coaches", "a coach")]
    [InlineData("people", "a person")]
    [InlineData("PMs", "a PM")]
    [InlineData("sales staff", "a sales staff")]
    public void A_persona_named_in_the_plural_reads_as_one_of_them_in_user_stories(string persona, string one) =>
        Assert.Equal(one, GuidingQuestions.OneOf(persona));

    [Theory]
    [InlineData("让骑手一键上报配送异常", "骑手")]
    [InlineData("帮助店长快速查看每日销量", "店长")]
    [InlineData("为产品经理自动生成周报", "产品经理")]
    [InlineData("面向新员工的入职问答机器人", "新员工")]
    [InlineData("用大模型给电商商品自动生成卖点文案", "用户")] // 商品 are goods, not people
    [InlineData("作为一名司机，我想在App里查看本周的收入明细", "司机")]
    [InlineData("老师批改作业花太多时间，希望用AI自动批改选择题", "老师")]
    [InlineData("用户找不到历史订单，所以经常打电话给客服", "用户")] // 给客服 is "to support", not for whom
    [InlineData("让HR一键导出员工考勤数据为Excel", "HR")]
    [InlineData("给 sales 团队做一个 AI 周报生成器", "sales 团队")]
    [InlineData("智能客服机器人", "用户")] // a product name, not a sentence about 客服
    [InlineData("防止员工重复提交报销单", "用户")]
    [InlineData("老年人不会用手机挂号", "老年人")]
    [InlineData("让PM用AI自动生成PRD初稿", "PM")]
    [InlineData("帮助新手妈妈记录宝宝每天的喂奶和睡眠时间", "新手妈妈")]
    [InlineData("很多商家反映后台导出订单太慢", "商家")]
    public void Chinese_ideas_name_who_they_are_for(string idea, string persona) =>
        Assert.Equal(persona, IdeaAnalysis.From(idea).Persona);

    [Theory]
    [InlineData("为财务团队自动对账的功能", "自动对账功能")]
    [InlineData("一个自动生成会议纪要的工具", "自动生成会议纪要工具")]
    [InlineData("一个帮助产品经理写PRD的AI助手", "AI助手")]
    [InlineData("为外卖商家提供菜品销量分析报表", "菜品销量分析报表")]
    [InlineData("支持企业微信扫码登录", "企业微信扫码登录")]
    [InlineData("能否在小程序里增加拼团功能？", "拼团功能")]
    [InlineData("基于大模型的合同审查助手，能自动标出风险条款", "合同审查助手")]
    [InlineData("新用户注册流程太长，导致30%的人中途放弃", "该功能")]
    [InlineData("智能客服机器人", "智能客服机器人")]
    [InlineData("给CRM加一个AI销售预测功能", "AI销售预测功能")]
    [InlineData("优化App启动速度", "“优化App启动速度”这项改进")]
    [InlineData("作为HR，我希望能自动筛选简历，以便节省面试前的时间", "该功能")]
    [InlineData("是否可以支持支付宝免密支付？", "支付宝免密支付")]
    [InlineData("优化商品详情页的加载速度", "“优化商品详情页的加载速度”这项改进")]
    [InlineData("司机经常找不到仓库的卸货口", "该功能")] // the dock is what they look for, not what is built
    [InlineData("禁止未实名认证的用户发布二手商品", "“禁止未实名认证的用户发布二手商品”这项改进")]
    [InlineData("支持导出PDF格式的体检报告", "“导出PDF格式的体检报告”功能")] // the export, not the report
    [InlineData("自动提醒租客交房租", "“自动提醒租客交房租”功能")]
    [InlineData("能不能加一个积分兑换商城吗", "积分兑换商城")]
    public void Chinese_subject_is_not_a_bare_generic_noun(string idea, string subject) =>
        Assert.Equal(subject, IdeaAnalysis.From(idea).Subject);

    [Fact]
    public void Chinese_key_phrases_keep_the_persona_whole() =>
        Assert.DoesNotContain(IdeaAnalysis.From("一个帮助产品经理写PRD的AI助手").KeyPhrases, k => k.Contains("经理", StringComparison.Ordinal));

    /// <summary>Ideas assembled at random from the pieces the heuristics look for, in any order: none may throw.</summary>
    [Fact]
    public void Any_arrangement_of_idea_pieces_is_analysed_without_failing()
    {
        string[] pieces =
        [
            "As a", "I want", "to", "Let", "Allow", "Give", "Stop", "from", "Make", "Could we", "?", "？", ",", "，", "so that",
            "users", "sales reps", "the", "a", "their", "my", "dark mode", "way to", "for", "When", "作为", "我希望", "让",
            "给", "为", "的", "功能", "以便", "很多", "商家", "防止", "支持", "导出", "自动", "吗", "😀", "SSO", "  ", "一个",
        ];
        var random = new Random(20261207);
        for (var n = 0; n < 500; n++)
        {
            var idea = string.Join(random.Next(2) == 0 ? " " : string.Empty, Enumerable.Range(0, random.Next(1, 9)).Select(_ => pieces[random.Next(pieces.Length)]));
            if (string.IsNullOrWhiteSpace(idea))
            {
                continue;
            }

            var analysis = IdeaAnalysis.From(idea);
            Assert.False(string.IsNullOrWhiteSpace(analysis.Subject), idea);
            Assert.False(string.IsNullOrWhiteSpace(analysis.Persona), idea);
            Assert.NotNull(analysis.Title);
        }
    }
}
