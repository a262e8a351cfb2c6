// expect: PMC001@45, PMC003@60
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Utilities.Boilers
{
    /// <summary>Parses the boiler log export: pressure (kPa), flow (l/h), inlet temp (C), load (%), output (kW).</summary>
    public static class BoilerLogReader
    {
        public static (float[] Features, float[] Output, int Rows) Read(string path)
        {
            var features = new List<float>();
            var output = new List<float>();
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var cells = line.Split(',').Select(c => float.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                features.AddRange(cells.Take(4));
                output.Add(cells[4]);
            }

            return (features.ToArray(), output.ToArray(), output.Count);
        }
    }

    /// <summary>Predicts boiler output from the four sensor channels.</summary>
    public sealed class BoilerOutputRegressor
    {
        private static readonly long Seed = 99;

        public Module<Tensor, Tensor> Model { get; } = Sequential(
            ("hidden", Linear(4, 48)),
            ("act", ReLU()),
            ("out", Linear(48, 1)));

        public float FitAndReport(string logPath, int epochs = 400)
        {
            torch.manual_seed(Seed);
            var (raw, kw, rows) = BoilerLogReader.Read(logPath);
            var inputs = torch.tensor(raw, new long[] { rows, 4 });
            var target = torch.tensor(kw, new long[] { rows, 1 });

            var optimizer = optim.RMSProp(Model.parameters(), lr: 1e-3);
            var criterion = SmoothL1Loss();
            foreach (var _ in Enumerable.Range(0, epochs))
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                criterion.call(Model.call(inputs), target).backward();
                optimizer.step();
            }

            Model.eval();
            using var noGrad = torch.no_grad();
            var fitted = Model.call(inputs);
            var error = criterion.call(fitted, target).item<float>();
            Console.WriteLine($"boiler regressor: smooth-L1 {error:F3} over {rows} rows");
            return error;
        }
    }
}
