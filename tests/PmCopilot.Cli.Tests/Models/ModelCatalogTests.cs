using PmCopilot.Cli.Tests.Support;
using PmCopilot.Llama.Models;

namespace PmCopilot.Cli.Tests.Models;

public sealed class ModelCatalogTests
{
    [Fact]
    public void Shipped_catalog_is_well_formed()
    {
        var catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models", "catalog.json"));

        Assert.InRange(catalog.Entries.Count, 3, 10);
        Assert.Equal(catalog.Entries.Count, catalog.Entries.Select(e => e.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var entry in catalog.Entries)
        {
            Assert.StartsWith("https://", entry.Url, StringComparison.Ordinal);
            Assert.EndsWith(".gguf", entry.FileName, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(entry.License));
            Assert.False(string.IsNullOrWhiteSpace(entry.ChatTemplate));
            Assert.True(entry.ContextLength > 0);

            // A hash we could not check must say so, so the downloader pins instead of trusting it.
            Assert.True(entry.Sha256 is not null || !entry.Verified, entry.Name);
        }

        Assert.Contains(catalog.Entries, e => e.Tier == "cpu");
    }

    [Fact]
    public void Catalog_with_a_path_in_a_file_name_is_rejected()
    {
        const string json = """{ "models": [ { "name": "x", "fileName": "../evil.gguf", "url": "https://example.invalid/x.gguf" } ] }""";

        Assert.Throws<InvalidDataException>(() => ModelCatalog.Parse(json));
    }

    [Fact]
    public void Names_resolve_to_files_in_the_store_and_paths_resolve_as_paths()
    {
        using var temp = new TempDirectory();
        var catalog = ModelCatalog.Parse("""{ "models": [ { "name": "tiny", "fileName": "tiny.gguf", "url": "https://example.invalid/tiny.gguf" } ] }""");
        var store = new ModelStore(temp.Combine("models"), catalog);

        Assert.Null(store.Resolve("tiny", out var entry));
        Assert.NotNull(entry);

        temp.Write("models/tiny.gguf", FakeGguf.Create(100));
        Assert.Equal(store.PathOf("tiny.gguf"), store.Resolve("tiny", out _));

        var elsewhere = temp.Write("other/own.gguf", FakeGguf.Create(100));
        Assert.Equal(elsewhere, store.Resolve(elsewhere, out var none));
        Assert.Null(none);
    }
}
