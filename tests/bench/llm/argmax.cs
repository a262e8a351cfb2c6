// Greedy pick micro-benchmark (docs/benchmarks.md, "GPU (issue 11)"): the former two-pass arg-max and the one-pass
// search LlamaGenerator.ArgMax now uses (a copy: the shipped one is checked against a scalar reference in
// GreedyFastPathTests), over 128,256-entry rows (the Llama-3 vocabulary). Run: dotnet run -c Release tests/bench/llm/argmax.cs
using System.Diagnostics;
using System.Numerics;
var n = 128256; var rows = 256;
var big = new float[n * rows]; var r = new Random(1); for (int i = 0; i < big.Length; i++) big[i] = (float)r.NextDouble();
int ArgMaxOld(ReadOnlySpan<float> logits) {
    int i = 0; var width = Vector<float>.Count; var maxV = new Vector<float>(float.NegativeInfinity); float max = float.NegativeInfinity;
    for (; i <= logits.Length - width; i += width) maxV = Vector.Max(maxV, new Vector<float>(logits[i..]));
    for (var lane = 0; lane < width; lane++) max = Math.Max(max, maxV[lane]);
    for (; i < logits.Length; i++) max = Math.Max(max, logits[i]);
    return logits.IndexOf(max);
}
int ArgMaxNew(ReadOnlySpan<float> logits) {
    var best = 0; var max = float.NegativeInfinity; var i = 0; var width = Vector<float>.Count;
    var maxVector = new Vector<float>(float.NegativeInfinity); var where = Vector<int>.Zero; var indices = Vector<int>.Indices; var stride = new Vector<int>(width);
    for (; i <= logits.Length - width; i += width) { var values = new Vector<float>(logits[i..]); var greater = Vector.GreaterThan(values, maxVector); maxVector = Vector.ConditionalSelect(greater, values, maxVector); where = Vector.ConditionalSelect(greater, indices, where); indices += stride; }
    best = -1; for (var lane = 0; lane < width; lane++) if (maxVector[lane] > max || (maxVector[lane] == max && best >= 0 && where[lane] < best)) (max, best) = (maxVector[lane], where[lane]);
    for (; i < logits.Length; i++) if (logits[i] > max) (max, best) = (logits[i], i);
    return best;
}
foreach (var round in new[]{1,2}) foreach (var (name, f) in new (string, Func<int,int>)[]{("old", k => ArgMaxOld(big.AsSpan(k*n, n))), ("new", k => ArgMaxNew(big.AsSpan(k*n, n)))}) {
  // cold: walk rows so each is out of cache
  var sw = Stopwatch.StartNew(); int s = 0; for (int k = 0; k < rows; k++) s += f(k); var cold = sw.Elapsed.TotalMicroseconds / rows;
  sw.Restart(); for (int k = 0; k < rows; k++) s += f(0); var hot = sw.Elapsed.TotalMicroseconds / rows;
  Console.WriteLine($"{name}: cold {cold:F1} us, hot {hot:F1} us ({s}) width {Vector<float>.Count}");
}
