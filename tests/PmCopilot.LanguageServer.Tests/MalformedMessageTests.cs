using System.Text;
using System.Text.Json;
using PmCopilot.LanguageServer.Tests.Infrastructure;

namespace PmCopilot.LanguageServer.Tests;

public sealed class MalformedMessageTests
{
    private const string Initialize = """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"processId":null,"capabilities":{}}}""";

    [Theory]
    [InlineData("{not json", -32700)]
    [InlineData("[1,2,3]", -32600)]
    [InlineData("42", -32600)]
    [InlineData("""{"id":7,"method":"pmcopilot/modelStatus"}""", -32600)]
    [InlineData("""{"jsonrpc":"1.0","id":7,"method":"pmcopilot/modelStatus"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":42}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":{"a":1},"method":"pmcopilot/modelStatus"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"pmcopilot/modelStatus","params":"text"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":7}""", -32600)]
    public async Task Bad_bodies_are_answered_and_the_server_keeps_answering(string body, int expectedCode)
    {
        await using var raw = new RawLspConnection();
        await raw.SendJsonAsync(Initialize);
        await raw.ReadResponseAsync("init");

        await raw.SendJsonAsync(body);
        var error = await raw.ReadUntilAsync(m => m.TryGetProperty("error", out _));
        Assert.Equal(expectedCode, error.GetProperty("error").GetProperty("code").GetInt32());

        await AssertStillAnswersAsync(raw, 100);
    }

    [Fact]
    public async Task Bad_headers_are_answered_with_ParseError_and_skipped()
    {
        await using var raw = new RawLspConnection();
        await raw.SendAsync(Encoding.ASCII.GetBytes("Content-Length: abc\r\n\r\n"));
        var error = await raw.ReadUntilAsync(m => m.TryGetProperty("error", out _));
        Assert.Equal(-32700, error.GetProperty("error").GetProperty("code").GetInt32());

        await raw.SendAsync(Encoding.ASCII.GetBytes("Garbage-Without-Colon\r\n\r\n"));
        error = await raw.ReadUntilAsync(m => m.TryGetProperty("error", out _));
        Assert.Equal(-32700, error.GetProperty("error").GetProperty("code").GetInt32());

        // Garbage in front of a real header: the message behind it is still served.
        await raw.SendAsync([.. Encoding.ASCII.GetBytes("xx\r\n"), .. RawLspConnection.Frame(Initialize)]);
        await raw.ReadResponseAsync("init");
        await AssertStillAnswersAsync(raw, 1);
    }

    [Fact]
    public async Task A_response_to_no_request_is_ignored()
    {
        await using var raw = new RawLspConnection();
        await raw.SendJsonAsync(Initialize);
        await raw.ReadResponseAsync("init");
        await raw.SendJsonAsync("""{"jsonrpc":"2.0","id":12345,"result":{}}""");
        await raw.SendJsonAsync("""{"jsonrpc":"2.0","id":12346,"error":{"code":"x"}}""");
        await AssertStillAnswersAsync(raw, 2);
    }

    [Fact]
    public async Task Invalid_params_are_answered_with_an_error()
    {
        await using var raw = new RawLspConnection();
        await raw.SendJsonAsync(Initialize);
        await raw.ReadResponseAsync("init");
        await raw.SendJsonAsync("""{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"textDocument":42,"position":"x"}}""");
        var response = await raw.ReadResponseAsync(5);
        Assert.True(response.TryGetProperty("error", out var error));
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        await AssertStillAnswersAsync(raw, 6);
    }

    [Fact]
    public async Task Fuzz_random_and_truncated_frames_never_stop_the_server()
    {
        var random = new Random(20261129);
        var log = new StringWriter();
        await using var raw = new RawLspConnection(new LanguageServerOptions { Log = log });
        await raw.SendJsonAsync(Initialize);
        await raw.ReadResponseAsync("init");

        var valid = RawLspConnection.Frame("""{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.txt"},"position":{"line":0,"character":0}}}""");
        for (var round = 0; round < 60; round++)
        {
            byte[] junk = (round % 6) switch
            {
                0 => RandomBytes(random, random.Next(1, 300)),
                1 => valid[..random.Next(1, valid.Length)], // truncated frame
                2 => Encoding.ASCII.GetBytes($"Content-Length: {random.Next(0, 40)}\r\n\r\n").Concat(RandomBytes(random, random.Next(0, 40))).ToArray(),
                3 => Mutate(random, valid),
                4 => Encoding.ASCII.GetBytes($"Content-Length: 99999999999\r\n\r\n"),
                _ => RawLspConnection.Frame(Encoding.UTF8.GetString(RandomBytes(random, random.Next(1, 80)))),
            };
            await raw.SendAsync(junk);

            // A truncated or over-long frame swallows what follows until its length is met: keep asking until answered.
            var id = 1000 + round;
            var answered = false;
            for (var attempt = 0; attempt < 50 && !answered; attempt++)
            {
                await raw.SendAsync(Encoding.ASCII.GetBytes("\r\n\r\n").Concat(RawLspConnection.Frame($$"""{"jsonrpc":"2.0","id":{{id}},"method":"pmcopilot/modelStatus"}""")).Concat(new byte[200]).ToArray());
                try
                {
                    await raw.ReadUntilAsync(m => m.TryGetProperty("id", out var got) && got.ValueKind == JsonValueKind.Number && got.GetInt32() == id, TimeSpan.FromMilliseconds(300));
                    answered = true;
                }
                catch (OperationCanceledException)
                {
                }
            }

            Assert.True(answered, $"round {round}: no answer after junk {Convert.ToBase64String(junk)} server done={raw.ServerRun.IsCompleted} {raw.ServerRun.Exception} log: {log}");
            Assert.False(raw.ServerRun.IsCompleted);
        }
    }

    private static async Task AssertStillAnswersAsync(RawLspConnection raw, int id)
    {
        await raw.SendJsonAsync($$"""{"jsonrpc":"2.0","id":{{id}},"method":"pmcopilot/modelStatus"}""");
        var response = await raw.ReadResponseAsync(id);
        Assert.True(response.TryGetProperty("result", out _), response.ToString());
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] frame)
    {
        var copy = frame.ToArray();
        for (var i = 0; i < 3; i++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }
}
