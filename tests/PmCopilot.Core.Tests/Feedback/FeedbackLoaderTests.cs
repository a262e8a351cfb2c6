using System.Text;
using PmCopilot.Core.Feedback;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Tests.Feedback;

public class FeedbackLoaderTests
{
    private static Task<FeedbackLoadResult> Load(string? path = null, string? content = null, string? format = null, FeedbackColumns? columns = null) =>
        FeedbackLoader.LoadAsync(new FeedbackRequest(path, content, format, columns), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Csv_columns_are_found_by_english_headers()
    {
        var result = await Load(content: "review_id,submitted_at,stars,channel,review_text\nA1,2024-03-01,2,ios,\"Crashes, every time\"\nA2,2024-03-02,5,android,Love it\n", format: "csv");
        Assert.Equal(new FeedbackColumnsUsed("review_text", "submitted_at", "stars", "review_id", "channel"), result.Columns);
        Assert.Equal(["A1", "A2"], result.Items.Select(i => i.Id));
        Assert.Equal("Crashes, every time", result.Items[0].Text);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), result.Items[0].Date);
        Assert.Equal(2, result.Items[0].Rating);
        Assert.Equal("ios", result.Items[0].Source);
    }

    [Fact]
    public async Task Csv_columns_are_found_by_chinese_headers()
    {
        var result = await Load(content: "编号,评论时间,评分,渠道,评论内容\n1,2024年3月5日,1,应用商店,一打开就闪退\n2,2024年3月6日,5,官网,很好用\n", format: "csv");
        Assert.Equal(new FeedbackColumnsUsed("评论内容", "评论时间", "评分", "编号", "渠道"), result.Columns);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero), result.Items[0].Date);
    }

    [Fact]
    public async Task Odd_headers_fall_back_to_what_the_values_look_like()
    {
        var csv = "col_a;col_b;col_c\n2024-01-03;4;The export button is hard to find in the new layout\n2024-01-04;2;Sync fails every morning with a timeout error\n2024-01-09;5;Nice update, much faster now\n";
        var result = await Load(content: csv);
        Assert.Equal("csv", result.Format);
        Assert.Equal(';', result.Separator);
        Assert.Equal("col_c", result.Columns.Text);
        Assert.Equal("col_a", result.Columns.Date);
        Assert.Equal("col_b", result.Columns.Rating);
        Assert.Equal("#1", result.Items[0].Id);
    }

    [Fact]
    public async Task Headerless_csv_is_read_by_content()
    {
        var csv = "17\t2024-02-01\tThe app crashes when I open settings\n18\t2024-02-02\tPlease add a dark mode\n19\t2024-02-03\tGreat app, thanks a lot\n";
        var result = await Load(content: csv, format: "tsv");
        Assert.Equal("column 3", result.Columns.Text);
        Assert.Equal("column 2", result.Columns.Date);
        Assert.Equal(3, result.Items.Count);
        Assert.Equal("The app crashes when I open settings", result.Items[0].Text);
    }

    [Fact]
    public async Task Overrides_name_columns_by_header_or_number()
    {
        var csv = "a,b,c\nx1,first text here,other words\nx2,second text here,more words\n";
        var byName = await Load(content: csv, format: "csv", columns: new FeedbackColumns(TextColumn: "C", IdColumn: "a"));
        Assert.Equal("other words", byName.Items[0].Text);
        Assert.Equal("x1", byName.Items[0].Id);
        var byNumber = await Load(content: csv, format: "csv", columns: new FeedbackColumns(TextColumn: "2"));
        Assert.Equal("first text here", byNumber.Items[0].Text);
    }

    [Fact]
    public async Task Unknown_override_column_is_a_clear_input_error()
    {
        var error = await Assert.ThrowsAsync<JobInputException>(() => Load(content: "id,comment\n1,hello there\n2,bye now\n", format: "csv", columns: new FeedbackColumns(TextColumn: "body")));
        Assert.Contains("\"body\"", error.Message);
        Assert.Contains("\"comment\"", error.Message);
    }

    [Fact]
    public async Task Malformed_csv_rows_are_counted_not_fatal()
    {
        var csv = "id,feedback\n1,\"fine row\"\n2,\"bad \"quote\" here\"x\n3,another fine row\n";
        var result = await Load(content: csv, format: "csv");
        Assert.True(result.MalformedRows >= 1);
        Assert.Contains(result.Items, i => i.Text == "another fine row");
    }

    [Fact]
    public async Task Json_array_of_objects_and_of_strings()
    {
        var objects = await Load(content: """[{"id": 7, "comment": "Login fails", "rating": 1, "created_at": "2024-05-01T10:00:00Z"}, {"id": 8, "comment": "Love it", "rating": 5}]""");
        Assert.Equal("json", objects.Format);
        Assert.Equal("7", objects.Items[0].Id);
        Assert.Equal("Login fails", objects.Items[0].Text);
        Assert.Equal(1, objects.Items[0].Rating);
        Assert.NotNull(objects.Items[0].Date);

        var strings = await Load(content: """["first item", "second item"]""");
        Assert.Equal(["first item", "second item"], strings.Items.Select(i => i.Text));
    }

    [Fact]
    public async Task Json_object_holding_an_array_is_read()
    {
        var result = await Load(content: """{"exported": "2024-05-01", "reviews": [{"body": "Too slow"}, {"body": "Nice"}]}""");
        Assert.Equal(["Too slow", "Nice"], result.Items.Select(i => i.Text));
    }

    [Fact]
    public async Task Json_nested_as_api_exports_nest_it_is_read_with_dotted_columns()
    {
        var json = """{"meta":{"page":1},"data":{"reviews":[{"id":7,"content":{"body":"Crashes on launch"},"stars":1},{"id":8,"content":{"body":"请加深色模式"},"stars":4}]}}""";
        var result = await Load(content: json, format: "json");
        Assert.Equal("content.body", result.Columns.Text);
        Assert.Equal("stars", result.Columns.Rating);
        Assert.Equal(["Crashes on launch", "请加深色模式"], result.Items.Select(i => i.Text));
    }

    [Fact]
    public async Task Of_two_equally_named_text_columns_the_longer_text_is_the_feedback()
    {
        var lines = string.Join("\n", Enumerable.Range(1, 4).Select(i => $"{{\"ticket_id\":{i},\"subject\":\"Ticket {i}\",\"description\":\"The export to PDF fails with an error every time I try it ({i})\"}}"));
        var result = await Load(content: lines, format: "jsonl");
        Assert.Equal("description", result.Columns.Text);
    }

    [Fact]
    public async Task Text_notes_pasted_as_a_markdown_list_lose_their_title_and_bullets()
    {
        var result = await Load(content: "# Interview notes\n\n- The app crashes when I upload photos\n* 希望支持深色模式\n2) Pricing is too high\n#fail the sync broke again\n", format: "text");
        Assert.Equal(["The app crashes when I upload photos", "希望支持深色模式", "Pricing is too high", "#fail the sync broke again"], result.Items.Select(i => i.Text));
    }

    [Fact]
    public async Task Jsonl_counts_bad_lines()
    {
        var result = await Load(content: "{\"text\": \"one\"}\n{\"text\": broken\n{\"text\": \"three\"}\n");
        Assert.Equal("jsonl", result.Format);
        Assert.Equal(["one", "three"], result.Items.Select(i => i.Text));
        Assert.Equal(1, result.MalformedRows);
    }

    [Fact]
    public async Task Plain_text_is_one_item_per_line()
    {
        var result = await Load(content: "The app crashes, often, on start\n\nPlease add dark mode\n还不错\n");
        Assert.Equal("text", result.Format);
        Assert.Equal(3, result.Items.Count);
        Assert.Equal("#3", result.Items[1].Id);
        Assert.Equal(1, result.EmptyRows);
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public async Task Unicode_files_with_a_bom_are_read(string name)
    {
        Encoding encoding = name switch
        {
            "utf-8-bom" => new UTF8Encoding(true),
            "utf-16le" => new UnicodeEncoding(false, true),
            _ => new UnicodeEncoding(true, true),
        };
        using var files = new FeedbackTestFiles();
        var path = files.Write("feedback.csv", "id,反馈\n1,一打开就闪退 😡\n2,Dark mode please\n", encoding);
        var result = await Load(path);
        Assert.Equal("反馈", result.Columns.Text);
        Assert.Equal("一打开就闪退 😡", result.Items[0].Text);
    }

    [Fact]
    public async Task Gbk_encoded_chinese_is_detected()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var files = new FeedbackTestFiles();
        var text = "编号,评论内容,评分\n1,会员太贵了，不值这个价。,2\n2,非常好用，界面简洁，推荐！,5\n3,同步一直失败，提示网络错误。,1\n";
        var path = files.WriteBytes("gbk.csv", Encoding.GetEncoding("GBK").GetBytes(text));
        var result = await Load(path);
        Assert.Equal("gb18030", result.Encoding);
        Assert.Equal("会员太贵了，不值这个价。", result.Items[0].Text);
    }

    [Fact]
    public async Task Windows_1252_text_is_read_as_excel_saves_it()
    {
        using var files = new FeedbackTestFiles();
        // Latin-1 "é", "è" and "ü" bytes: not UTF-8, not Chinese; Excel's plain CSV on a Western Windows.
        var path = files.WriteBytes("latin1.txt", [0x43, 0x61, 0x66, 0xE9, 0x20, 0x74, 0x72, 0xE8, 0x73, 0x20, 0x62, 0x6F, 0x6E, 0x0A, 0x6D, 0xFC, 0x64, 0x65, 0x0A]);
        var result = await Load(path);
        Assert.Equal("windows-1252", result.Encoding);
        Assert.Equal(["Café très bon", "müde"], result.Items.Select(i => i.Text));
    }

    [Fact]
    public async Task Text_in_no_known_encoding_is_rejected_with_advice()
    {
        using var files = new FeedbackTestFiles();
        // Ends in a lead byte with no trail (not UTF-8, not GB18030) that Windows-1252 leaves undefined.
        var path = files.WriteBytes("noise.txt", [.. "Plain words then a stray byte "u8.ToArray(), 0x81]);
        var error = await Assert.ThrowsAsync<JobInputException>(() => Load(path));
        Assert.Contains("UTF-8", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00 }, "xlsx")]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03, 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 }, "binary")]
    [InlineData(new byte[] { }, "empty")]
    [InlineData(new byte[] { 0x20, 0x0A, 0x0A, 0x20 }, "no text")]
    public async Task Binary_and_empty_files_are_rejected(byte[] bytes, string expected)
    {
        using var files = new FeedbackTestFiles();
        var path = files.WriteBytes("input.csv", bytes);
        var error = await Assert.ThrowsAsync<JobInputException>(() => Load(path));
        Assert.Contains(expected.Split(' ')[0], error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Missing_file_and_missing_input_are_input_errors()
    {
        await Assert.ThrowsAsync<JobInputException>(() => Load("/nonexistent/feedback.csv"));
        await Assert.ThrowsAsync<JobInputException>(() => Load());
        await Assert.ThrowsAsync<JobInputException>(() => Load(content: "x", format: "xml"));
    }

    [Theory]
    [InlineData("2024-03-05", 2024, 3, 5)]
    [InlineData("05.03.2024", 2024, 3, 5)]
    [InlineData("2024/3/5 14:20", 2024, 3, 5)]
    [InlineData("2024年3月5日", 2024, 3, 5)]
    [InlineData("1709596800", 2024, 3, 5)]
    [InlineData("Mar 5, 2024", 2024, 3, 5)]
    public void Dates_in_common_shapes_parse(string text, int year, int month, int day)
    {
        Assert.True(FeedbackValueParser.TryParseDate(text, out var date));
        Assert.Equal((year, month, day), (date.Year, date.Month, date.Day));
    }

    [Theory]
    [InlineData("4", 4)]
    [InlineData("4/5", 4)]
    [InlineData("8/10", 4)]
    [InlineData("★★★", 3)]
    [InlineData("3 stars", 3)]
    [InlineData("5星", 5)]
    public void Ratings_in_common_shapes_parse(string text, double expected)
    {
        Assert.True(FeedbackValueParser.TryParseRating(text, out double rating));
        Assert.Equal(expected, rating, 3);
    }
}
