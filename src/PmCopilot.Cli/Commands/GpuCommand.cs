using System.CommandLine;
using PmCopilot.Cli.Configuration;
using PmCopilot.Llama.GpuNatives;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// <c>pmcopilot gpu</c>: detect the NVIDIA GPU, then fetch npm's prebuilt CUDA natives (where they cover the GPU) or
/// build llama.cpp b9842 for its compute capability, into the user's cache; never redo what is present and valid.
/// The logic lives in PmCopilot.Llama (GpuNatives); this adapts it to the terminal.
/// </summary>
internal static class GpuCommand
{
    public static Command Create(CliApplication app)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (GPU, route, commands) without fetching or building" };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Where natives are kept (default $XDG_CACHE_HOME/pmcopilot/natives)" };
        var build = new Option<bool>("--build") { Description = "Build from source even where the prebuilt package covers the GPU" };
        var command = new Command("gpu", "Get CUDA natives of llama.cpp for this machine's NVIDIA GPU (prebuilt from npm, or built for its compute capability)") { dryRun, cacheDir, build };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var tools = ToolLocator.FromEnvironment(console.Env);
            var root = parse.GetValue(cacheDir) is { } dir ? Path.GetFullPath(dir, console.WorkingDirectory) : GpuNativePlanner.DefaultCacheRoot(console.Env);
            var detection = GpuDetector.Detect(tools);
            foreach (var gpu in detection.Gpus)
            {
                console.Out.WriteLine($"GPU:    {gpu}");
            }

            var plan = GpuNativePlanner.Plan(detection, root, tools, parse.GetValue(build));
            console.Out.WriteLine($"plan:   {plan.Action} — {plan.Reason}");
            switch (plan.Action)
            {
                case GpuNativeAction.NoGpu:
                    return ExitCodes.Success;
                case GpuNativeAction.Unavailable:
                    console.Fail(plan.Reason);
                    return ExitCodes.RuntimeFailure;
            }

            if (parse.GetValue(dryRun))
            {
                foreach (var step in plan.Steps)
                {
                    console.Out.WriteLine($"  step: {step}");
                }

                if (plan.NativeDir is { } present)
                {
                    PrintUse(console.Out, present);
                }

                return ExitCodes.Success;
            }

            var log = new SynchronousProgress<string>(line => console.Info("  " + line));
            var nativeDir = await GpuNativeInstaller.InstallAsync(plan, tools, log, token).ConfigureAwait(false);
            PrintUse(console.Out, nativeDir);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void PrintUse(TextWriter output, string nativeDir)
    {
        output.WriteLine($"natives: {nativeDir}");
        output.WriteLine("Use them with:");
        output.WriteLine($"  export PMCOPILOT_NATIVE_DIR={nativeDir}");
        output.WriteLine($"or pass --native-dir {nativeDir} (or set \"nativeDir\" in ~/.config/pmcopilot/config.json); then `pmcopilot doctor` shows the CUDA backend.");
    }
}
