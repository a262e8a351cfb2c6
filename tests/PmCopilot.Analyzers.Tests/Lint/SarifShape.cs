using System.Text.Json;

namespace PmCopilot.Analyzers.Tests.Lint;

/// <summary>The SARIF 2.1.0 schema's required properties and value constraints for what we emit (checked by hand: no schema validator offline).</summary>
internal static class SarifShape
{
    private static readonly string[] Levels = ["none", "note", "warning", "error"];

    public static void AssertValid(JsonElement log)
    {
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        var runs = log.GetProperty("runs");
        Assert.Equal(JsonValueKind.Array, runs.ValueKind);
        foreach (var run in runs.EnumerateArray())
        {
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
            var ruleIds = new List<string>();
            foreach (var rule in driver.GetProperty("rules").EnumerateArray())
            {
                ruleIds.Add(rule.GetProperty("id").GetString()!);
                Assert.True(Uri.IsWellFormedUriString(rule.GetProperty("helpUri").GetString(), UriKind.Absolute));
                Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
                Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Levels);
            }

            Assert.Equal(ruleIds.Count, ruleIds.Distinct().Count());
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
                var index = result.GetProperty("ruleIndex").GetInt32();
                Assert.Equal(ruleIds[index], result.GetProperty("ruleId").GetString());
                Assert.Contains(result.GetProperty("level").GetString(), Levels);
                foreach (var location in result.GetProperty("locations").EnumerateArray())
                {
                    var physical = location.GetProperty("physicalLocation");
                    var artifact = physical.GetProperty("artifactLocation");
                    var uri = artifact.GetProperty("uri").GetString()!;
                    Assert.True(Uri.IsWellFormedUriString(uri, UriKind.RelativeOrAbsolute), uri);
                    if (artifact.TryGetProperty("uriBaseId", out var baseId))
                        Assert.True(run.GetProperty("originalUriBaseIds").TryGetProperty(baseId.GetString()!, out _));
                    var region = physical.GetProperty("region");
                    Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
                    Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
                    Assert.True(region.GetProperty("endLine").GetInt32() >= region.GetProperty("startLine").GetInt32());
                }
            }

            foreach (var invocation in run.GetProperty("invocations").EnumerateArray())
            {
                Assert.Equal(JsonValueKind.True, invocation.GetProperty("executionSuccessful").ValueKind);
                foreach (var notification in invocation.GetProperty("toolExecutionNotifications").EnumerateArray())
                    Assert.False(string.IsNullOrEmpty(notification.GetProperty("message").GetProperty("text").GetString()));
            }
        }
    }
}
