using PmCopilot.LanguageServer.Configuration;

namespace PmCopilot.LanguageServer.Assistant;

/// <summary>
/// The one loaded model. Loaded on the first assistant request that needs it, shared by concurrent requests, replaced
/// when the model settings change (the old one is released once no load is pending on it), retried after a failure.
/// </summary>
internal sealed class ModelHost
{
    private readonly AssistantModelLoader loader;
    private readonly TextWriter log;
    private readonly object gate = new();
    private Load? current;

    public ModelHost(AssistantModelLoader loader, TextWriter log)
    {
        this.loader = loader;
        this.log = log;
    }

    /// <summary>The model for <paramref name="settings"/>; <paramref name="onLoadStarted"/> is called only by the request that starts a load.</summary>
    public async Task<AssistantModel> GetAsync(AssistantSettings settings, Func<Task<IProgress<float>?>> onLoadStarted, Func<Task> onLoadFinished, CancellationToken cancellationToken)
    {
        Load load;
        Load? replaced = null;
        var started = false;
        lock (this.gate)
        {
            if (this.current is { } existing && !existing.Settings.NeedsReload(settings) && !existing.Task.IsFaulted && !existing.Task.IsCanceled)
            {
                load = existing;
            }
            else
            {
                replaced = this.current;
                load = this.current = new Load(settings);
                started = true;
            }
        }

        if (replaced is not null)
        {
            _ = ReleaseAsync(replaced);
        }

        if (started)
        {
            _ = this.RunAsync(load, onLoadStarted, onLoadFinished);
        }

        return await load.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ModelStatus Status(AssistantSettings settings)
    {
        Load? load;
        lock (this.gate)
        {
            load = this.current;
        }

        var target = settings.Provider.Equals("openai", StringComparison.OrdinalIgnoreCase) ? settings.Endpoint : settings.ModelPath;
        if (!settings.HasModel)
        {
            return new ModelStatus("none", settings.Provider, target, null, AssistantService.NoModelMessage);
        }

        if (load is null || load.Settings.NeedsReload(settings))
        {
            return new ModelStatus("notLoaded", settings.Provider, target, null, null);
        }

        return load.Task.Status switch
        {
            TaskStatus.RanToCompletion => new ModelStatus("ready", settings.Provider, target, load.Task.Result.Description, null),
            TaskStatus.Faulted => new ModelStatus("failed", settings.Provider, target, null, load.Task.Exception?.InnerException?.Message),
            TaskStatus.Canceled => new ModelStatus("notLoaded", settings.Provider, target, null, null),
            _ => new ModelStatus("loading", settings.Provider, target, null, null) { Progress = load.Progress },
        };
    }

    /// <summary>Settings changed: the next request loads anew; the old model is released.</summary>
    public void Invalidate()
    {
        Load? old;
        lock (this.gate)
        {
            old = this.current;
            this.current = null;
        }

        if (old is not null)
        {
            _ = ReleaseAsync(old);
        }
    }

    public async Task UnloadAsync()
    {
        Load? old;
        lock (this.gate)
        {
            old = this.current;
            this.current = null;
        }

        if (old is not null)
        {
            await ReleaseAsync(old).ConfigureAwait(false);
        }
    }

    private static async Task ReleaseAsync(Load load)
    {
        try
        {
            var model = await load.Task.ConfigureAwait(false);
            await model.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A load that failed has nothing to release.
        }
    }

    private async Task RunAsync(Load load, Func<Task<IProgress<float>?>> onLoadStarted, Func<Task> onLoadFinished)
    {
        try
        {
            var reporter = await onLoadStarted().ConfigureAwait(false);
            var progress = new Progress(load, reporter);
            var model = await this.loader(load.Settings, progress, CancellationToken.None).ConfigureAwait(false);
            load.Complete(model);
        }
        catch (Exception ex)
        {
            this.log.WriteLine($"pmcopilot-lsp: model load failed: {ex.Message}");
            load.Fail(ex);
        }
        finally
        {
            try
            {
                await onLoadFinished().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                this.log.WriteLine($"pmcopilot-lsp: ending load progress failed: {ex.Message}");
            }
        }
    }

    private sealed class Progress(Load load, IProgress<float>? inner) : IProgress<float>
    {
        public void Report(float value)
        {
            load.Progress = value;
            inner?.Report(value);
        }
    }

    private sealed class Load(AssistantSettings settings)
    {
        private readonly TaskCompletionSource<AssistantModel> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AssistantSettings Settings { get; } = settings;

        public Task<AssistantModel> Task => this.completion.Task;

        public float? Progress { get; set; }

        public void Complete(AssistantModel model) => this.completion.TrySetResult(model);

        public void Fail(Exception ex) => this.completion.TrySetException(ex);
    }
}

public sealed record ModelStatus(string State, string Provider, string? Model, string? Description, string? Message)
{
    /// <summary>Load progress in [0, 1] while <see cref="State"/> is <c>loading</c>.</summary>
    public float? Progress { get; init; }
}
