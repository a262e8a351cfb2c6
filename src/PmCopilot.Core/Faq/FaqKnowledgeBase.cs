using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PmCopilot.Core.Faq;

/// <summary>
/// The FAQ knowledge base: bilingual entries embedded in this assembly as <c>Faq/Data/faq-kb.json</c>.
/// Loading validates the data (unique, well-formed ids; both languages present; related ids resolvable) so a broken
/// edit fails the build's tests instead of producing half-answers at run time.
/// </summary>
public sealed partial class FaqKnowledgeBase
{
    internal const string ResourceName = "PmCopilot.Core.Faq.Data.faq-kb.json";

    private static readonly Lazy<FaqKnowledgeBase> EmbeddedInstance = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, FaqEntry> byId;

    private FaqKnowledgeBase(IReadOnlyList<FaqEntry> entries)
    {
        Entries = entries;
        byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
    }

    /// <summary>The knowledge base shipped with PmCopilot.</summary>
    public static FaqKnowledgeBase Embedded => EmbeddedInstance.Value;

    public IReadOnlyList<FaqEntry> Entries { get; }

    public FaqEntry? Find(string id) => byId.GetValueOrDefault(id);

    public bool Contains(string id) => byId.ContainsKey(id);

    /// <summary>Parses and validates knowledge-base JSON; throws <see cref="FormatException"/> listing every problem found.</summary>
    public static FaqKnowledgeBase Parse(string json)
    {
        FileDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<FileDto>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"FAQ knowledge base is not valid JSON: {ex.Message}", ex);
        }

        if (dto?.Entries is null || dto.Entries.Count == 0)
        {
            throw new FormatException("FAQ knowledge base has no entries.");
        }

        var problems = new List<string>();
        var entries = new List<FaqEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < dto.Entries.Count; i++)
        {
            var e = dto.Entries[i];
            var where = $"entry #{i + 1} ({e.Id ?? "no id"})";
            if (string.IsNullOrWhiteSpace(e.Id) || !IdPattern().IsMatch(e.Id))
            {
                problems.Add($"{where}: id must look like 'faq.some-topic' (lowercase letters, digits, hyphens).");
            }
            else if (!seen.Add(e.Id))
            {
                problems.Add($"{where}: duplicate id.");
            }

            Require(problems, where, "title", e.Title);
            Require(problems, where, "answer", e.Answer);
            if (e.Aliases?.Zh is not { Count: > 0 } || e.Aliases.En is not { Count: > 0 })
            {
                problems.Add($"{where}: aliases need at least one Chinese and one English keyword.");
            }

            if (e.Seeds is not { Count: > 0 } || e.Seeds.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{where}: seeds must name the seed article(s) the facts came from.");
            }

            entries.Add(new FaqEntry(
                e.Id ?? string.Empty,
                e.Seeds ?? [],
                new BilingualText(e.Title?.Zh ?? string.Empty, e.Title?.En ?? string.Empty),
                new BilingualList(Clean(e.Aliases?.Zh), Clean(e.Aliases?.En)),
                new BilingualText(e.Answer?.Zh ?? string.Empty, e.Answer?.En ?? string.Empty),
                e.Related ?? []));
        }

        foreach (var entry in entries)
        {
            foreach (var related in entry.Related)
            {
                if (!seen.Contains(related))
                {
                    problems.Add($"{entry.Id}: related id '{related}' does not exist.");
                }
                else if (related == entry.Id)
                {
                    problems.Add($"{entry.Id}: an entry cannot be related to itself.");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new FormatException("FAQ knowledge base is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        return new FaqKnowledgeBase(entries);
    }

    private static FaqKnowledgeBase LoadEmbedded()
    {
        using var stream = typeof(FaqKnowledgeBase).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The FAQ knowledge base resource '{ResourceName}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private static void Require(List<string> problems, string where, string field, TextDto? text)
    {
        if (string.IsNullOrWhiteSpace(text?.Zh))
        {
            problems.Add($"{where}: {field}.zh is missing.");
        }

        if (string.IsNullOrWhiteSpace(text?.En))
        {
            problems.Add($"{where}: {field}.en is missing.");
        }
    }

    private static string[] Clean(List<string>? list) =>
        list is null ? [] : list.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToArray();

    [GeneratedRegex("^faq\\.[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed class FileDto
    {
        [JsonPropertyName("entries")]
        public List<EntryDto>? Entries { get; set; }
    }

    private sealed class EntryDto
    {
        public string? Id { get; set; }

        public List<string>? Seeds { get; set; }

        public TextDto? Title { get; set; }

        public ListDto? Aliases { get; set; }

        public TextDto? Answer { get; set; }

        public List<string>? Related { get; set; }
    }

    private sealed class TextDto
    {
        public string? Zh { get; set; }

        public string? En { get; set; }
    }

    private sealed class ListDto
    {
        public List<string>? Zh { get; set; }

        public List<string>? En { get; set; }
    }
}
