namespace PmCopilot.Core.Tests.Feedback;

/// <summary>Temporary files for one test, deleted with it.</summary>
internal sealed class FeedbackTestFiles : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "pmcopilot-feedback-tests", Guid.NewGuid().ToString("N"));

    public FeedbackTestFiles() => Directory.CreateDirectory(root);

    public string Write(string name, string text, System.Text.Encoding? encoding = null)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, text, encoding ?? new System.Text.UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Feedback", "Data", name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a failed test; the temp folder is cleaned by the OS.
        }
    }
}
