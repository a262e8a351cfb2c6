namespace PmCopilot.Core.Feedback;

/// <summary>
/// Common product-feedback topics named in both languages ("同步" and "sync", "贵" and "overpriced"), so that items
/// about one topic share a feature even when they share no word: mixed zh/en files and small files cluster by topic
/// rather than by language or wording. A concept is one more feature beside the words, never a replacement.
/// </summary>
internal sealed class ThemeConcepts
{
    public const string Prefix = "@";

    public static readonly ThemeConcepts Instance = new();

    private readonly Dictionary<string, Node> roots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string En, string Zh)> names = new(StringComparer.Ordinal);

    private ThemeConcepts()
    {
        foreach (var raw in Table.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // id | english name | chinese name | terms; separated; by; semicolons
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            var id = Prefix + parts[0];
            names[id] = (parts[1], parts[2]);
            foreach (var term in parts[3].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Add(term, id);
            }
        }
    }

    public static bool IsConcept(string feature) => feature.StartsWith(Prefix, StringComparison.Ordinal);

    public string Name(string feature, bool zh) =>
        names.TryGetValue(feature, out var name) ? (zh ? name.Zh : name.En) : feature;

    /// <summary>The concept of the longest term starting at <paramref name="start"/>, and how many tokens it covers.</summary>
    public (string? Concept, int Length) Match(List<FeedbackToken> tokens, int start)
    {
        string? best = null;
        int length = 0;
        if (!roots.TryGetValue(tokens[start].Text, out var node))
        {
            return (null, 0);
        }

        for (int i = start; ;)
        {
            if (node.Concept is not null)
            {
                best = node.Concept;
                length = i - start + 1;
            }

            i++;
            if (i >= tokens.Count || node.Children is null || !node.Children.TryGetValue(tokens[i].Text, out node!))
            {
                break;
            }
        }

        return (best, length);
    }

    private void Add(string term, string concept)
    {
        var tokens = FeedbackTokenizer.Tokenize(term);
        if (!roots.TryGetValue(tokens[0].Text, out var node))
        {
            roots[tokens[0].Text] = node = new Node();
        }

        foreach (var token in tokens.Skip(1))
        {
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!node.Children.TryGetValue(token.Text, out var next))
            {
                node.Children[token.Text] = next = new Node();
            }

            node = next;
        }

        node.Concept = concept;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public string? Concept;
    }

    private const string Table = """
        crash | crashes | 闪退崩溃 | crash; crashes; crashing; crashed; force close; freeze; freezes; frozen; froze; hang; hangs; white screen; black screen; blank screen; 闪退; 崩溃; 卡死; 死机; 白屏; 黑屏; 无响应
        login | login and account | 登录账号 | login; log in; logged in; sign in; signin; logging me out; logs me out; logged out; log out; locked out; password; account; two-factor; 2fa; verification code; otp; sso; 登录; 登陆; 账号; 帐号; 密码; 验证码; 注册; 登不上
        sync | sync | 同步 | sync; syncing; synced; synchronization; synchronize; out of sync; 同步
        speed | speed and performance | 速度性能 | slow; slower; sluggish; lag; laggy; lags; fast; faster; speed; performance; loading time; load time; takes forever; 慢; 太慢; 很慢; 卡顿; 很卡; 速度; 流畅; 加载慢; 性能
        price | pricing | 价格收费 | price; prices; pricing; expensive; overpriced; pricey; cheap; subscription; subscriptions; premium; free tier; free version; fee; fees; cost; costs; paywall; monthly; yearly; 价格; 贵; 太贵; 便宜; 会员; 订阅; 收费; 付费; 费用; 配送费; 服务费; 免费版; 不值
        ads | ads | 广告 | ad; ads; advert; adverts; advertisement; advertisements; advertising; pop up ads; 广告; 开屏广告; 弹窗广告
        support | customer support | 客服 | support; customer service; customer support; support team; agent; ticket; chat support; 客服; 在线客服; 客服电话
        notify | notifications and reminders | 通知提醒 | notification; notifications; push; reminder; reminders; alert; alerts; 通知; 推送; 提醒
        search | search | 搜索 | search; searching; 搜索; 查找
        export | export and import | 导入导出 | export; exporting; exported; import; importing; pdf; csv; markdown; word document; word documents; 导出; 导入
        dark | dark mode | 夜间模式 | dark mode; dark theme; night mode; 夜间模式; 深色模式; 暗黑模式; 黑暗模式; 夜间
        ui | interface and design | 界面设计 | ui; interface; layout; design; redesign; font; fonts; font size; button; buttons; menu; menus; 界面; 字体; 字太小; 按钮; 菜单; 布局; 设计; 新版界面
        pay | payment | 支付 | payment; payments; checkout; pay; paid; card; visa; mastercard; paypal; apple pay; charged; charged twice; refund; refunds; promo code; coupon; 支付; 付款; 扣款; 扣费; 退款; 扣了; 微信支付; 支付宝; 优惠券; 信用卡
        delivery | delivery | 配送 | delivery; deliveries; deliver; delivered; driver; drivers; courier; shipping; shipment; arrived; 配送; 送餐; 骑手; 快递; 外卖; 送达; 送错; 送得
        share | sharing and collaboration | 分享协作 | share; sharing; shared; collaborate; collaboration; collaborating; team; teams; workspace; family; 分享; 共享; 协作; 家人; 团队
        battery | battery | 耗电 | battery; battery drain; drains; drain; overheating; 耗电; 电池; 发热; 发烫
        privacy | privacy | 隐私 | privacy; tracking; personal data; gdpr; 隐私; 个人信息
        storage | storage | 存储空间 | storage; space; disk; memory; 存储; 空间; 内存
        access | access and permissions | 权限 | permission; permissions; access; role; roles; admin; admins; viewer; viewers; guest; guests; 权限; 角色; 管理员; 访客
        integrations | integrations | 第三方集成 | integration; integrations; integrate; slack; github; gitlab; jira; zapier; salesforce; teams; api; webhook; webhooks; 集成; 对接; 接口; 打通; 企业微信; 钉钉; 飞书
        billing | billing and invoices | 账单发票 | billing; bill; invoice; invoices; seat; seats; renewal; renew; plan; 账单; 发票; 席位; 续费; 套餐
        reports | reports and dashboards | 报表统计 | report; reports; reporting; dashboard; dashboards; chart; charts; analytics; 报表; 统计; 图表; 仪表盘; 数据看板
        mobile | mobile app | 手机端 | mobile; mobile app; ios; android; iphone; ipad; tablet; 手机; 手机端; 移动端; 安卓; 苹果手机
        transfer | transfers | 转账汇款 | transfer; transfers; transferred; wire; send money; payee; 转账; 汇款; 到账; 收款人
        identity | identity verification | 身份认证 | kyc; verification; verify; verified; identity; passport; selfie; id scan; id card; 实名; 实名认证; 认证; 身份证; 人脸识别; 刷脸
        fx | exchange rates | 汇率 | exchange rate; exchange rates; fx; currency; currencies; conversion; mid market; 汇率; 外币; 换汇; 结汇
        savings | savings and interest | 储蓄利息 | savings account; savings accounts; savings goal; savings goals; savings pot; savings pots; savings rate; interest rate; interest rates; earn interest; deposit; deposits; 储蓄; 存款; 利率; 利息; 理财
        language | language | 语言翻译 | translation; translate; language; 翻译; 语言; 中文; 英文
        """;
}
