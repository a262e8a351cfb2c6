return await PmCopilot.Cli.CliApplication.RunProcessAsync(args).ConfigureAwait(false);
