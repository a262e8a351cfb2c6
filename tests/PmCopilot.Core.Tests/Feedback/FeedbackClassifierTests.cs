using PmCopilot.Core.Feedback;

namespace PmCopilot.Core.Tests.Feedback;

public class FeedbackClassifierTests
{
    private static Classification Classify(string text, double? rating = null) =>
        FeedbackClassifier.Classify(FeedbackTokenizer.Tokenize(FeedbackText.Clean(text)), rating, rating is null ? RatingScale.None : RatingScale.FivePoint);

    [Theory]
    [InlineData("The app crashes when I upload a photo", FeedbackCategory.Bug)]
    [InlineData("Sync is not working since yesterday", FeedbackCategory.Bug)]
    [InlineData("The page won't load on my tablet", FeedbackCategory.Bug)]
    [InlineData("Reminders don't show up anymore", FeedbackCategory.Bug)]
    [InlineData("一打开就闪退", FeedbackCategory.Bug)]
    [InlineData("无法登录，点了没反应", FeedbackCategory.Bug)]
    [InlineData("图片不显示", FeedbackCategory.Bug)]
    [InlineData("Please add a dark mode", FeedbackCategory.FeatureRequest)]
    [InlineData("It would be great if I could export to PDF", FeedbackCategory.FeatureRequest)]
    [InlineData("希望增加夜间模式", FeedbackCategory.FeatureRequest)]
    [InlineData("Maybe add calendar sync", FeedbackCategory.FeatureRequest)]
    [InlineData("Too many ads", FeedbackCategory.Complaint)]
    [InlineData("能不能加个导出功能", FeedbackCategory.FeatureRequest)]
    [InlineData("Love it, works perfectly!", FeedbackCategory.Praise)]
    [InlineData("非常好用，推荐！", FeedbackCategory.Praise)]
    [InlineData("Way too expensive and the menus are confusing", FeedbackCategory.Complaint)]
    [InlineData("太贵了，广告也多", FeedbackCategory.Complaint)]
    [InlineData("How do I change my password?", FeedbackCategory.Question)]
    [InlineData("请问怎么修改手机号？", FeedbackCategory.Question)]
    [InlineData("I use it for shopping lists", FeedbackCategory.Other)]
    public void Categories_follow_the_rules(string text, FeedbackCategory expected) =>
        Assert.Equal(expected, Classify(text).Category);

    [Theory]
    [InlineData("No crashes since the update, finally stable", FeedbackCategory.Praise)]
    [InlineData("这个版本没有闪退了，很稳定", FeedbackCategory.Praise)]
    [InlineData("Not great, feels unfinished", FeedbackCategory.Complaint)]
    [InlineData("不好用", FeedbackCategory.Complaint)]
    [InlineData("Love the design, but it crashes every time I open settings", FeedbackCategory.Bug)]
    [InlineData("界面很好看，但是经常闪退", FeedbackCategory.Bug)]
    public void Negation_and_contrast_change_the_category(string text, FeedbackCategory expected) =>
        Assert.Equal(expected, Classify(text).Category);

    [Theory]
    [InlineData("This is great", SentimentLabel.Positive)]
    [InlineData("This is not great", SentimentLabel.Negative)]
    [InlineData("Terrible, slow and buggy", SentimentLabel.Negative)]
    [InlineData("很好用", SentimentLabel.Positive)]
    [InlineData("不好用", SentimentLabel.Negative)]
    [InlineData("Please add a widget", SentimentLabel.Neutral)]
    [InlineData("I use it at work", SentimentLabel.Neutral)]
    [InlineData("Amazing 😍", SentimentLabel.Positive)]
    [InlineData("😡😡", SentimentLabel.Negative)]
    public void Sentiment_handles_negation_and_emoji(string text, SentimentLabel expected) =>
        Assert.Equal(expected, Classify(text).Label);

    [Theory]
    [InlineData("The export takes 40 seconds every time")]
    [InlineData("It took our admin three days to find the billing page")]
    [InlineData("We spent two afternoons on a call with support")]
    [InlineData("实名认证审核了一周还没通过")]
    [InlineData("每次打开都要等十几秒")]
    public void A_stated_wait_is_a_complaint(string text)
    {
        var result = Classify(text);
        Assert.Equal(FeedbackCategory.Complaint, result.Category);
        Assert.Equal(SentimentLabel.Negative, result.Label);
    }

    [Theory]
    [InlineData("Setup only took 2 minutes")]
    [InlineData("Saved me 3 hours a week")]
    [InlineData("不到一分钟就设置好了")]
    public void A_short_or_saved_time_is_no_wait(string text) =>
        Assert.NotEqual(FeedbackCategory.Complaint, Classify(text).Category);

    [Theory]
    [InlineData("great, another update that breaks SSO 🙃")]
    [InlineData("love waiting for a checkbox to tick. really productive 🙃")]
    public void Irony_turns_praise_into_complaint(string text)
    {
        var result = Classify(text);
        Assert.NotEqual(FeedbackCategory.Praise, result.Category);
        Assert.Equal(SentimentLabel.Negative, result.Label);
    }

    [Theory]
    [InlineData("The watch says 12,000 steps but the app only shows 7,000")]
    [InlineData("游泳记录在手表上是1500米，同步到app之后显示变成0米了")]
    [InlineData("GPS轨迹飘得厉害，我明明在操场跑圈，地图上显示我跑到隔壁小区去了")]
    public void Two_values_that_should_agree_and_do_not_are_a_bug(string text) =>
        Assert.Equal(FeedbackCategory.Bug, Classify(text).Category);

    [Theory]
    [InlineData("Ran 5 km in 28 minutes, new record!")]
    [InlineData("It shows 3 plans for 10 dollars")]
    public void Numbers_alone_are_no_mismatch(string text) =>
        Assert.NotEqual(FeedbackCategory.Bug, Classify(text).Category);

    [Theory]
    [InlineData("PR links no longer close the linked task. This worked last week.")]
    [InlineData("The invoice still charges for 58 seats instead of 52")]
    [InlineData("The ID scan keeps saying document not recognised")]
    [InlineData("续费后发票金额不对，多扣了钱")]
    [InlineData("扫码登录后显示空白页")]
    [InlineData("转账一直卡在处理中")]
    public void Expected_against_actual_is_a_bug(string text) =>
        Assert.Equal(FeedbackCategory.Bug, Classify(text).Category);

    [Theory]
    [InlineData("手机 App 做得挺好，出差时也能随时处理任务。", SentimentLabel.Positive)]
    [InlineData("专业版支持单点登录吗？", SentimentLabel.Neutral)]
    public void Words_inside_longer_words_do_not_count(string text, SentimentLabel expected) =>
        Assert.Equal(expected, Classify(text).Label);

    [Fact]
    public void Intensifiers_strengthen_and_diminishers_soften()
    {
        double plain = Classify("slow").Sentiment;
        Assert.True(Classify("extremely slow").Sentiment < plain);
        Assert.True(Classify("a bit slow").Sentiment > plain);
        Assert.True(Classify("非常好用").Sentiment > Classify("好用").Sentiment);
    }

    [Fact]
    public void Rating_anchors_sentiment_when_text_is_silent()
    {
        Assert.Equal(SentimentLabel.Negative, Classify("I use it at work", rating: 1).Label);
        Assert.Equal(SentimentLabel.Positive, Classify("I use it at work", rating: 5).Label);
        Assert.Equal(FeedbackCategory.Complaint, Classify("meh", rating: 1).Category);
    }

    [Fact]
    public void Ten_point_ratings_follow_nps_lines()
    {
        Assert.True(FeedbackClassifier.NormalizeRating(3, RatingScale.TenPoint) <= -0.2);
        Assert.InRange(FeedbackClassifier.NormalizeRating(7, RatingScale.TenPoint)!.Value, -0.2, 0.2);
        Assert.True(FeedbackClassifier.NormalizeRating(10, RatingScale.TenPoint) >= 0.2);
        Assert.Equal(RatingScale.TenPoint, FeedbackClassifier.ScaleOf([0, 6, 9, 10]));
        Assert.Equal(RatingScale.FivePoint, FeedbackClassifier.ScaleOf([1, 5]));
    }

    [Theory]
    [InlineData("crashes", "crash")]
    [InlineData("crashing", "crash")]
    [InlineData("crashed", "crash")]
    [InlineData("logging", "log")]
    [InlineData("fixed", "fixed")]
    public void Stemmer_merges_inflections(string word, string stem) =>
        Assert.Equal(stem, FeedbackTokenizer.Stem(word));

    [Fact]
    public void Cleaning_removes_html_and_keeps_emoji()
    {
        Assert.Equal("Great app 👍 and fast & light", FeedbackText.Clean("<p>Great app&nbsp;👍<br/>and   fast &amp; light</p>"));
        Assert.Equal(FeedbackText.DuplicateKey("Crashes!!  on LOGIN"), FeedbackText.DuplicateKey("crashes on login."));
    }
}
