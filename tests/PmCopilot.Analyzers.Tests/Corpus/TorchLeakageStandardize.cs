using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.TorchLeakageStandardize;

public static class Prepare
{
    public static (Tensor Train, Tensor Test) Split(Tensor data, long trainRows)
    {
        var mean = data.mean(new long[] { 0 }); // expect PMC002
        var std = data.std(0);
        var normalized = (data - mean) / std;
        var train = normalized.narrow(0, 0, trainRows);
        var test = normalized.narrow(0, trainRows, normalized.shape[0] - trainRows);
        return (train, test);
    }

    public static (Tensor Train, Tensor Test) SplitThenScale(Tensor data, long trainRows)
    {
        var train = data.narrow(0, 0, trainRows);
        var test = data.narrow(0, trainRows, data.shape[0] - trainRows);
        var mean = train.mean(new long[] { 0 });
        var std = train.std(0);
        return ((train - mean) / std, (test - mean) / std);
    }
}
