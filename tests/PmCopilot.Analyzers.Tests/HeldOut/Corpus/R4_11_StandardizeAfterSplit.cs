// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pricing.Elasticity
{
    /// <summary>
    /// Fits a small demand model on tabular rows handed over by the pricing warehouse as flat float
    /// arrays. Rows are shuffled and split first; the scaler statistics come from the training rows
    /// only and are reused verbatim for the test rows.
    /// </summary>
    public static class DemandModelFitter
    {
        private static readonly long Seed = 2718;

        public static (double TrainMse, double TestMse) Fit(float[] rowMajor, float[] unitsSold, int columns, int epochs)
        {
            torch.manual_seed(Seed);
            var rows = unitsSold.Length;
            var x = torch.tensor(rowMajor, new long[] { rows, columns });
            var y = torch.tensor(unitsSold, new long[] { rows, 1 });

            var permutation = torch.randperm(rows);
            var testCount = rows / 5;
            var testIdx = permutation.narrow(0, 0, testCount);
            var trainIdx = permutation.narrow(0, testCount, rows - testCount);
            var (trainX, testX) = (x.index_select(0, trainIdx), x.index_select(0, testIdx));
            var (trainY, testY) = (y.index_select(0, trainIdx), y.index_select(0, testIdx));

            var mu = trainX.mean(new long[] { 0 }, keepdim: true);
            var sigma = trainX.std(0, keepdim: true) + 1e-6;
            trainX = (trainX - mu) / sigma;
            testX = (testX - mu) / sigma;

            var model = Sequential(("l1", Linear(columns, 32)), ("act", SiLU()), ("l2", Linear(32, 1)));
            var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
            var mse = MSELoss();

            double trainLoss = double.NaN;
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var loss = mse.call(model.call(trainX), trainY);
                loss.backward();
                optimizer.step();
                trainLoss = loss.item<float>();
            }

            model.eval();
            using (torch.no_grad())
            {
                var testLoss = mse.call(model.call(testX), testY).item<float>();
                return (trainLoss, testLoss);
            }
        }
    }
}
