using System.Globalization;
using System.Text;

namespace PmCopilot.Core.Tests.Feedback;

/// <summary>
/// Generates realistic synthetic feedback (app-store reviews, support tickets, NPS comments) in English and Chinese:
/// topics with several phrasings and slots, ratings that fit the tone, dates over twelve weeks with one topic
/// growing, sources, some HTML remnants and emoji, and a share of exact and near duplicates. Deterministic per seed.
/// </summary>
public static class FeedbackSynthesizer
{
    public sealed record Topic(string Name, string Category, int Rating, string[] English, string[] Chinese);

    public sealed record Row(string Id, string Text, DateTime Date, int Rating, string Source, string Topic, string Category);

    private static readonly string[] Screens = ["settings", "checkout", "profile", "home screen", "search page", "editor", "inbox", "calendar"];
    private static readonly string[] Devices = ["iPhone 13", "Pixel 7", "Galaxy S22", "iPad", "my Android phone", "Windows laptop", "MacBook"];
    private static readonly string[] Formats = ["PDF", "CSV", "Excel", "Markdown", "Word"];
    private static readonly string[] ZhScreens = ["设置页", "结算页", "个人中心", "首页", "搜索页", "编辑器", "消息页", "日历"];
    private static readonly string[] ZhDevices = ["华为手机", "小米手机", "iPhone", "平板", "电脑"];
    private static readonly string[] Openers = ["", "", "", "Honestly, ", "Hi team, ", "Update: ", "FYI ", "Ugh. "];
    private static readonly string[] ZhOpeners = ["", "", "", "说实话，", "你好，", "反馈一下：", "唉，"];
    private static readonly string[] Context =
    [
        "I use it every day for work.", "My whole team relies on it.", "Tried reinstalling already.", "This is the third time I'm writing in.",
        "Please look into it.", "I've been a subscriber for two years.", "Using the latest version.", "Same thing on my wife's phone.",
        "Not sure if it's just me.", "It started last week.", "We have about 40 people on the account.", "Happens on both wifi and mobile data.",
        "I really want to keep using this.", "Would appreciate a quick reply.", "Cheers.", "Thanks for listening.", "Sent from my phone.",
        "No idea what changed.", "My kids use it too.", "Switched from a competitor last month.", "Writing this from the train.",
    ];

    private static readonly string[] ZhContext =
    [
        "我每天都在用。", "团队都在用这个。", "已经重装过了。", "这是我第三次反馈了。", "麻烦看一下。", "用了两年了。", "已经是最新版本。",
        "家人的手机也一样。", "不知道是不是只有我这样。", "上周开始的。", "麻烦尽快回复。", "谢谢。", "从别的软件换过来的。", "孩子也在用。",
    ];

    private static readonly string[] Sources = ["app_store", "google_play", "support", "nps_survey", "twitter"];

    public static readonly Topic[] Topics =
    [
        new("crash", "bug", 1,
            ["The app crashes every time I open the {screen}.", "Crashes on startup since the latest update on {device}.", "It keeps crashing when I upload a photo.", "Force closes whenever I switch to the {screen}, please fix.", "App froze on a white screen on {device} and I lost my draft."],
            ["一打开{screen}就闪退。", "更新后在{device}上一直崩溃。", "上传图片的时候总是闪退，麻烦修复一下。", "切换到{screen}就卡死，草稿也丢了。"]),
        new("login", "bug", 1,
            ["I can't log in with my Google account on {device}.", "Login doesn't work after resetting my password.", "It keeps logging me out every few hours.", "The verification code never arrives so I'm locked out of my account."],
            ["微信登录不了，点了没反应。", "验证码收不到，无法登录。", "在{device}上老是自动退出登录。"]),
        new("dark-mode", "feature_request", 4,
            ["Please add a dark mode, the {screen} is too bright at night.", "Would be great to have a dark theme option.", "Dark mode please! My eyes hurt.", "I wish there was a night mode for the {screen}."],
            ["希望增加夜间模式，晚上太刺眼了。", "建议加个深色模式。", "能不能出一个暗黑模式？"]),
        new("export", "feature_request", 3,
            ["Could you add export to {format}?", "I need a way to export my data as {format} for my reports.", "It would be helpful to export reports to {format}.", "Please let me export the {screen} to {format}."],
            ["希望支持导出{format}格式。", "能不能加个导出{format}的功能？", "建议增加批量导出。"]),
        new("price", "complaint", 2,
            ["The subscription is way too expensive for what it offers.", "Price went up again, not worth it anymore.", "Too expensive compared to other apps, I'll cancel.", "Overpriced premium plan, the free tier is useless now."],
            ["会员太贵了，不值这个价。", "价格又涨了，太贵了。", "免费版限制太多，收费太高。"]),
        new("speed", "complaint", 2,
            ["The {screen} is so slow, it takes forever to load.", "Very laggy on {device} lately.", "Search is sluggish once you have a lot of data.", "Loading time is terrible on {device}."],
            ["{screen}加载太慢了。", "在{device}上很卡，体验很差。", "数据多了以后搜索很慢。"]),
        new("praise", "praise", 5,
            ["Love this app, it's the best one I've used!", "Great app, clean and simple. Thank you!", "Works perfectly, highly recommend it.", "Fantastic experience, the {screen} is beautiful.", "Really helpful for my daily planning 👍"],
            ["非常好用，界面简洁，推荐！", "用了很久了，一直很满意。", "良心应用，五星好评。", "很方便，点赞 👍"]),
        new("question", "question", 3,
            ["How do I change my email address?", "Is there a way to use two accounts on one {device}?", "Where can I find the {screen} settings?", "Can I get an invoice for my subscription?"],
            ["请问怎么修改绑定的手机号？", "一个账号可以在几台设备上登录吗？", "{screen}在哪里设置？"]),
        new("support", "complaint", 1,
            ["Support never replied to my ticket, it's been two weeks.", "Customer service was rude and didn't help at all.", "The chat support is a bot that never understands the problem."],
            ["客服一直不回复，问题拖了一周。", "客服态度很差，什么都解决不了。"]),
        new("sync", "bug", 2,
            ["Notes are not syncing between {device} and my laptop.", "Sync is broken, my edits never show up on {device}.", "Sync keeps failing with an error."],
            ["手机和电脑的数据不同步了。", "同步一直失败，提示网络错误。"]),
    ];

    /// <summary>Rows with a topic mix where <paramref name="risingTopic"/> grows over the twelve weeks.</summary>
    public static List<Row> Generate(int count, int seed = 7, double chineseShare = 0.3, double duplicateShare = 0.05, string risingTopic = "crash")
    {
        var random = new Random(seed);
        var rows = new List<Row>(count);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < count; i++)
        {
            if (rows.Count > 10 && random.NextDouble() < duplicateShare)
            {
                var original = rows[random.Next(rows.Count)];
                var repeated = random.Next(3) switch
                {
                    0 => original.Text,
                    1 => original.Text.ToUpperInvariant(),
                    _ => original.Text.TrimEnd('.', '!', '。') + "!!",
                };
                rows.Add(original with { Id = Id(i), Text = repeated, Date = original.Date.AddDays(random.Next(0, 3)) });
                continue;
            }

            double progress = random.NextDouble();
            var date = start.AddDays(progress * 84).AddMinutes(random.Next(0, 1440));
            var topic = PickTopic(random, progress, risingTopic);
            bool zh = random.NextDouble() < chineseShare;
            var template = zh ? topic.Chinese[random.Next(topic.Chinese.Length)] : topic.English[random.Next(topic.English.Length)];
            var text = Fill(template, random, zh);
            text = (zh ? ZhOpeners[random.Next(ZhOpeners.Length)] : Openers[random.Next(Openers.Length)]) + text;
            // Real people add their own context; two optional sentences and a detail keep items from being template copies.
            if (random.Next(10) < 7)
            {
                text += zh ? ZhContext[random.Next(ZhContext.Length)] : " " + Context[random.Next(Context.Length)];
            }

            if (random.Next(10) < 4)
            {
                text += zh ? ZhContext[random.Next(ZhContext.Length)] : " " + Context[random.Next(Context.Length)];
            }

            if (random.Next(2) == 0)
            {
                text += random.Next(3) switch
                {
                    0 => zh ? $"版本 5.{random.Next(10)}.{random.Next(20)}。" : $" Version 5.{random.Next(10)}.{random.Next(20)}.",
                    1 => zh ? $"今天出现了{random.Next(2, 9)}次。" : $" Happened {random.Next(2, 9)} times today.",
                    _ => zh ? $"工单号 {random.Next(10000, 99999)}。" : $" Ticket #{random.Next(10000, 99999)}.",
                };
            }
            text = random.Next(20) switch
            {
                0 => text.Replace(" ", "  ", StringComparison.Ordinal),
                1 => text + "<br>",
                2 => "<p>" + text + "</p>",
                3 => text + " 🙏",
                4 => text.Replace("'", "&#39;", StringComparison.Ordinal),
                _ => text,
            };
            int rating = Math.Clamp(topic.Rating + random.Next(-1, 2), 1, 5);
            rows.Add(new Row(Id(i), text, date, rating, Sources[random.Next(Sources.Length)], topic.Name, topic.Category));
        }

        return rows;
    }

    public static string ToCsv(IEnumerable<Row> rows, char separator = ',')
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(separator, "review_id", "submitted_at", "stars", "channel", "review_text")).Append('\n');
        foreach (var row in rows)
        {
            csv.Append(row.Id).Append(separator)
                .Append(row.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(separator)
                .Append(row.Rating.ToString(CultureInfo.InvariantCulture)).Append(separator)
                .Append(row.Source).Append(separator)
                .Append('"').Append(row.Text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').Append('\n');
        }

        return csv.ToString();
    }

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"R{i + 1:000000}");

    private static Topic PickTopic(Random random, double progress, string risingTopic)
    {
        // The rising topic goes from rare to common over the period; the others share the rest evenly.
        double risingShare = 0.03 + 0.25 * progress;
        if (random.NextDouble() < risingShare)
        {
            return Topics.First(t => t.Name == risingTopic);
        }

        var others = Topics.Where(t => t.Name != risingTopic).ToArray();
        return others[random.Next(others.Length)];
    }

    private static string Fill(string template, Random random, bool zh) => template
        .Replace("{screen}", zh ? ZhScreens[random.Next(ZhScreens.Length)] : Screens[random.Next(Screens.Length)], StringComparison.Ordinal)
        .Replace("{device}", zh ? ZhDevices[random.Next(ZhDevices.Length)] : Devices[random.Next(Devices.Length)], StringComparison.Ordinal)
        .Replace("{format}", Formats[random.Next(Formats.Length)], StringComparison.Ordinal);
}
