using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PmCopilot.Cli.Tests.Support;
using PmCopilot.LanguageServer.Http;

namespace PmCopilot.Cli.Tests.EndToEnd;

/// <summary><c>pmcopilot serve --http</c> as a real process with the tiny model: list models, stream a completion (SSE to [DONE]), a malformed request gets 400 and the server goes on, stop on SIGINT.</summary>
public sealed class ServeHttpTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Serves_models_and_a_streaming_completion_then_stops_on_sigint()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = OpenAiHttpServer.FindFreePort();
        using var process = cli.Start(["serve", "--http", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--model", RepoPaths.TinyModel, "--threads", "1", "--context", "256"]);
        var stderr = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line);
                }

                if (line.StartsWith("Serving ", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }

            ready.TrySetResult();
        }, CancellationToken.None);
        _ = process.StandardOutput.ReadToEndAsync(ct);

        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            Assert.False(process.HasExited, "server ended early: " + stderr);
            Assert.Contains($"127.0.0.1:{port}", stderr.ToString(), StringComparison.Ordinal);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
            using (var models = JsonDocument.Parse(await http.GetStringAsync(new Uri("v1/models", UriKind.Relative), ct)))
            {
                Assert.Equal("llama-2-tiny-random", models.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
            }

            var body = JsonSerializer.Serialize(new { model = "x", messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 6, temperature = 0, stream = true });
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
            var events = (await response.Content.ReadAsStringAsync(ct)).Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
            Assert.Equal("data: [DONE]", events[^1]);
            Assert.True(events.Count >= 3, string.Join('\n', events));

            using var bad = await http.PostAsync(new Uri("v1/chat/completions", UriKind.Relative), new StringContent("{not json", Encoding.UTF8, "application/json"), ct);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("v1/models", UriKind.Relative), ct)).StatusCode);

            CliRunner.Interrupt(process);
            var stopping = Stopwatch.StartNew();
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.True(process.ExitCode is 0 or 130, $"exit {process.ExitCode}: {stderr}");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"took {stopping.Elapsed} to stop");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await reading.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
