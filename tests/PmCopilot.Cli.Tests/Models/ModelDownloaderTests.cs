using PmCopilot.Cli.Tests.Support;
using PmCopilot.Llama.Models;

namespace PmCopilot.Cli.Tests.Models;

public sealed class ModelDownloaderTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new();
    private readonly LocalHttpServer server = new();
    private readonly HttpClient http = ModelDownloader.CreateHttpClient();

    private ModelStore Store => new(temp.Combine("models"));

    private ModelDownloader Downloader => new(http);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task Full_download_with_known_hash_installs_the_file()
    {
        var body = FakeGguf.Create(300_000);
        server.ServeFile("/m.gguf", body);

        var result = await Downloader.DownloadAsync(new DownloadRequest(server.Url("m.gguf"), "m.gguf", FakeGguf.Sha256(body)), Store, null, TestContext.Current.CancellationToken);

        Assert.Equal(DownloadOutcome.Downloaded, result.Outcome);
        Assert.Equal(body, await File.ReadAllBytesAsync(result.Path, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(result.Path + ".part"));
        Assert.False(result.PinnedNow);
    }

    [Fact]
    public async Task Dropped_connection_keeps_the_part_and_the_next_pull_resumes_with_a_range_request()
    {
        var body = FakeGguf.Create(400_000, seed: 2);
        server.ServeFile("/m.gguf", body, dropAfterBytes: 150_000, dropTimes: 1);
        var request = new DownloadRequest(server.Url("m.gguf"), "m.gguf", FakeGguf.Sha256(body));

        var failure = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader.DownloadAsync(request, Store, null, TestContext.Current.CancellationToken));
        Assert.True(failure.PartialKept);
        var part = Store.PathOf("m.gguf") + ".part";
        Assert.True(File.Exists(part));
        var partLength = new FileInfo(part).Length;
        Assert.InRange(partLength, 1, body.Length - 1);
        Assert.False(File.Exists(Store.PathOf("m.gguf")));

        var result = await Downloader.DownloadAsync(request, Store, null, TestContext.Current.CancellationToken);

        Assert.True(result.Resumed);
        Assert.Equal(body, await File.ReadAllBytesAsync(result.Path, TestContext.Current.CancellationToken));
        Assert.Equal($"bytes={partLength}-", server.Requests[^1].Range);
    }

    [Fact]
    public async Task Wrong_hash_is_refused_and_the_good_installed_file_stays()
    {
        var good = FakeGguf.Create(50_000, seed: 3);
        var store = Store;
        Directory.CreateDirectory(store.Directory);
        await File.WriteAllBytesAsync(store.PathOf("m.gguf"), good, TestContext.Current.CancellationToken);
        var corrupt = FakeGguf.Create(50_000, seed: 4);
        server.ServeFile("/m.gguf", corrupt);

        var failure = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            Downloader.DownloadAsync(new DownloadRequest(server.Url("m.gguf"), "m.gguf", FakeGguf.Sha256(good), Force: true), store, null, TestContext.Current.CancellationToken));

        Assert.Contains("sha256 mismatch", failure.Message, StringComparison.Ordinal);
        Assert.Equal(good, await File.ReadAllBytesAsync(store.PathOf("m.gguf"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(store.PathOf("m.gguf") + ".part"));
    }

    [Fact]
    public async Task Not_a_gguf_is_refused()
    {
        server.ServeFile("/page.gguf", "<html>login required</html>"u8.ToArray());

        var failure = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            Downloader.DownloadAsync(new DownloadRequest(server.Url("page.gguf"), "page.gguf", null), Store, null, TestContext.Current.CancellationToken));

        Assert.Contains("GGUF", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Store.Directory));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Server_errors_are_reported_with_the_status_and_install_nothing(int status)
    {
        server.ServeStatus("/m.gguf", status);

        var failure = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            Downloader.DownloadAsync(new DownloadRequest(server.Url("m.gguf"), "m.gguf", null), Store, null, TestContext.Current.CancellationToken));

        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Store.PathOf("m.gguf")));
    }

    [Fact]
    public async Task Redirects_are_followed()
    {
        var body = FakeGguf.Create(20_000, seed: 5);
        server.ServeFile("/cdn/real.gguf", body);
        server.ServeRedirect("/m.gguf", server.Url("cdn/real.gguf").ToString());

        var result = await Downloader.DownloadAsync(new DownloadRequest(server.Url("m.gguf"), "m.gguf", FakeGguf.Sha256(body)), Store, null, TestContext.Current.CancellationToken);

        Assert.Equal(body, await File.ReadAllBytesAsync(result.Path, TestContext.Current.CancellationToken));
        Assert.Contains(server.Requests, r => r.Path == "/cdn/real.gguf");
    }

    [Fact]
    public async Task Unknown_hash_is_pinned_on_first_download_and_enforced_afterwards()
    {
        var first = FakeGguf.Create(30_000, seed: 6);
        server.ServeFile("/m.gguf", first);

        var result = await Downloader.DownloadAsync(new DownloadRequest(server.Url("m.gguf"), "m.gguf", null), Store, null, TestContext.Current.CancellationToken);

        Assert.True(result.PinnedNow);
        Assert.Equal(FakeGguf.Sha256(first), Store.PinOf("m.gguf")?.Sha256);

        // The server now serves different bytes: the pin refuses them and keeps the first file.
        server.ServeFile("/m.gguf", FakeGguf.Create(30_000, seed: 7));
        await Assert.ThrowsAsync<ModelDownloadException>(() =>
            Downloader.DownloadAsync(new DownloadRequest(server.Url("m.gguf"), "m.gguf", null, Force: true), Store, null, TestContext.Current.CancellationToken));
        Assert.Equal(first, await File.ReadAllBytesAsync(Store.PathOf("m.gguf"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Server_without_range_support_restarts_the_download_from_zero()
    {
        var body = FakeGguf.Create(100_000, seed: 8);
        server.ServeFile("/m.gguf", body, supportsRange: false);
        var store = Store;
        Directory.CreateDirectory(store.Directory);
        await File.WriteAllBytesAsync(store.PathOf("m.gguf") + ".part", body.AsSpan(0, 10_000).ToArray(), TestContext.Current.CancellationToken);

        var result = await Downloader.DownloadAsync(new DownloadRequest(server.Url("m.gguf"), "m.gguf", FakeGguf.Sha256(body)), store, null, TestContext.Current.CancellationToken);

        Assert.False(result.Resumed);
        Assert.Equal(body, await File.ReadAllBytesAsync(result.Path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Already_installed_is_not_fetched_again()
    {
        var store = Store;
        Directory.CreateDirectory(store.Directory);
        await File.WriteAllBytesAsync(store.PathOf("m.gguf"), FakeGguf.Create(1000), TestContext.Current.CancellationToken);

        var result = await Downloader.DownloadAsync(new DownloadRequest(server.Url("m.gguf"), "m.gguf", null), store, null, TestContext.Current.CancellationToken);

        Assert.Equal(DownloadOutcome.AlreadyPresent, result.Outcome);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void A_model_linked_into_the_folder_counts_with_its_real_size_and_a_dangling_link_not_at_all()
    {
        var store = Store;
        Directory.CreateDirectory(store.Directory);
        var elsewhere = Path.Combine(Path.GetDirectoryName(store.Directory)!, "shared-models");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllBytes(Path.Combine(elsewhere, "big.gguf"), FakeGguf.Create(50_000, seed: 3));
        File.CreateSymbolicLink(Path.Combine(store.Directory, "big.gguf"), Path.Combine(elsewhere, "big.gguf"));
        File.CreateSymbolicLink(Path.Combine(store.Directory, "gone.gguf"), Path.Combine(elsewhere, "gone.gguf"));

        var installed = Assert.Single(store.Installed());

        Assert.Equal("big.gguf", installed.FileName);
        Assert.Equal(new FileInfo(Path.Combine(elsewhere, "big.gguf")).Length, installed.SizeBytes);
    }

    [Fact]
    public async Task Verify_detects_a_file_changed_after_install()
    {
        var body = FakeGguf.Create(10_000, seed: 9);
        server.ServeFile("/m.gguf", body);
        var store = Store;
        await Downloader.DownloadAsync(new DownloadRequest(server.Url("m.gguf"), "m.gguf", null), store, null, TestContext.Current.CancellationToken);
        var installed = Assert.Single(store.Installed());
        Assert.Equal(VerifyOutcome.Match, (await store.VerifyAsync(installed, null, TestContext.Current.CancellationToken)).Outcome);

        body[5000] ^= 0xFF;
        await File.WriteAllBytesAsync(installed.Path, body, TestContext.Current.CancellationToken);

        Assert.Equal(VerifyOutcome.Mismatch, (await store.VerifyAsync(installed, null, TestContext.Current.CancellationToken)).Outcome);
    }

    [Fact]
    public async Task Import_of_a_local_file_checks_it_like_a_download()
    {
        var body = FakeGguf.Create(5000, seed: 10);
        var source = temp.Write("elsewhere/own.gguf", body);

        var result = await ModelDownloader.ImportAsync(source, FakeGguf.Sha256(body), force: false, Store, null, TestContext.Current.CancellationToken);

        Assert.Equal(body, await File.ReadAllBytesAsync(result.Path, TestContext.Current.CancellationToken));
        var notGguf = temp.Write("elsewhere/notes.gguf", "hello");
        await Assert.ThrowsAsync<ModelDownloadException>(() => ModelDownloader.ImportAsync(notGguf, null, false, Store, null, TestContext.Current.CancellationToken));
    }
}
