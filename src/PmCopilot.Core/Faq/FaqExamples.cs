using System.Text.Json;

namespace PmCopilot.Core.Faq;

/// <summary>
/// Questions people asked, each with the entry that answers it (<c>Faq/Data/faq-examples.json</c>): the way users
/// phrase a topic — symptoms, scenarios, slang — which an entry's own title and keywords rarely share. Retrieval
/// searches them as one more field of their entry. Each example names the question set it came from, so an
/// evaluation can leave out the set it measures.
/// </summary>
public sealed class FaqExamples
{
    internal const string ResourceName = "PmCopilot.Core.Faq.Data.faq-examples.json";

    private static readonly Lazy<FaqExamples> EmbeddedInstance = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private FaqExamples(IReadOnlyList<(string Id, string Question, string Set)> items) => Items = items;

    /// <summary>The examples shipped for the embedded knowledge base.</summary>
    public static FaqExamples Embedded => EmbeddedInstance.Value;

    public static FaqExamples None { get; } = new([]);

    public IReadOnlyList<(string Id, string Question, string Set)> Items { get; }

    /// <summary>The example questions of one entry.</summary>
    public IEnumerable<string> For(string id) => Items.Where(e => e.Id == id).Select(e => e.Question);

    /// <summary>The same examples without those of <paramref name="sets"/>.</summary>
    public FaqExamples Without(params string[] sets) => new([.. Items.Where(e => !sets.Contains(e.Set, StringComparer.Ordinal))]);

    public static FaqExamples From(IEnumerable<(string Id, string Question, string Set)> items) => new([.. items]);

    /// <summary>Parses the examples file: <c>{ "examples": [ { "id": "faq.x", "q": "…", "set": "…" } ] }</c>.</summary>
    public static FaqExamples Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var items = new List<(string, string, string)>();
        foreach (var example in document.RootElement.GetProperty("examples").EnumerateArray())
        {
            var id = example.GetProperty("id").GetString();
            var question = example.GetProperty("q").GetString();
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(question))
            {
                throw new FormatException("An FAQ example needs an id and a question.");
            }

            items.Add((id, question, example.TryGetProperty("set", out var set) ? set.GetString() ?? string.Empty : string.Empty));
        }

        return new FaqExamples(items);
    }

    private static FaqExamples LoadEmbedded()
    {
        using var stream = typeof(FaqExamples).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
