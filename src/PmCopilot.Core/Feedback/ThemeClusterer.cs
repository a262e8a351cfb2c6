namespace PmCopilot.Core.Feedback;

/// <summary>An L2-normalised sparse TF-IDF vector; term ids ascending.</summary>
internal sealed record SparseVector(int[] Ids, float[] Values)
{
    public float Dot(float[] dense)
    {
        float sum = 0;
        for (int i = 0; i < Ids.Length; i++)
        {
            sum += Values[i] * dense[Ids[i]];
        }

        return sum;
    }

    public float Dot(SparseVector other)
    {
        float sum = 0;
        int i = 0, j = 0;
        while (i < Ids.Length && j < other.Ids.Length)
        {
            int a = Ids[i], b = other.Ids[j];
            if (a == b)
            {
                sum += Values[i++] * other.Values[j++];
            }
            else if (a < b)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return sum;
    }
}

/// <summary>What clustering found: a cluster per document, its cosine similarity to the cluster centre, and the quality of the choice of k.</summary>
internal sealed record ClusterResult(int K, int[] Assignment, float[] Similarity, float[][] Centroids, double Silhouette);

/// <summary>
/// Spherical k-means over TF-IDF vectors. k is chosen by the mean silhouette (cosine distance) on a fixed-size
/// sample, so choosing costs the same for 1,000 or 1,000,000 items; the chosen sample centroids then seed a few
/// Lloyd passes over all items (parallel, linear in the number of items). Deterministic for a given input.
/// </summary>
internal static class ThemeClusterer
{
    private const int SampleSize = 1200, SampleIterations = 15, FullIterations = 10, Restarts = 3;

    public static ClusterResult Cluster(IReadOnlyList<SparseVector> docs, int vocabularySize, int maxK, CancellationToken ct)
    {
        int n = docs.Count;
        if (n == 0)
        {
            return new ClusterResult(0, [], [], [], 0);
        }

        int upper = Math.Min(maxK, n / 3);
        if (upper < 2)
        {
            var single = Centroid(docs, Enumerable.Range(0, n), vocabularySize);
            return new ClusterResult(1, new int[n], docs.Select(d => d.Dot(single)).ToArray(), [single], 0);
        }

        var random = new Random(20240611);
        var sample = SampleIndices(n, random);
        var sampleDocs = sample.Select(i => docs[i]).ToArray();
        var similarity = SimilarityMatrix(sampleDocs);

        (double Score, int[] Labels, float[][] Centroids)? best = null;
        for (int k = 2; k <= Math.Min(upper, sampleDocs.Length / 3); k++)
        {
            ct.ThrowIfCancellationRequested();
            (double Objective, int[] Labels, float[][] Centroids)? bestRun = null;
            for (int restart = 0; restart < Restarts; restart++)
            {
                var seeds = PlusPlusSeeds(similarity, k, random);
                var centroids = seeds.Select(s => Densify(sampleDocs[s], vocabularySize)).ToArray();
                var labels = new int[sampleDocs.Length];
                var fit = new float[sampleDocs.Length];
                double objective = Lloyd(sampleDocs, centroids, labels, fit, SampleIterations, vocabularySize, parallel: false, ct);
                if (bestRun is null || objective > bestRun.Value.Objective)
                {
                    bestRun = (objective, labels, centroids);
                }
            }

            double silhouette = Silhouette(similarity, bestRun!.Value.Labels, k);
            if (best is null || silhouette > best.Value.Score)
            {
                best = (silhouette, bestRun.Value.Labels, bestRun.Value.Centroids);
            }
        }

        if (best is null)
        {
            var single = Centroid(docs, Enumerable.Range(0, n), vocabularySize);
            return new ClusterResult(1, new int[n], docs.Select(d => d.Dot(single)).ToArray(), [single], 0);
        }

        var finalCentroids = best.Value.Centroids;
        var assignment = new int[n];
        var fitAll = new float[n];
        Lloyd(docs, finalCentroids, assignment, fitAll, FullIterations, vocabularySize, parallel: true, ct);
        return new ClusterResult(finalCentroids.Length, assignment, fitAll, finalCentroids, best.Value.Score);
    }

    private static int[] SampleIndices(int n, Random random)
    {
        if (n <= SampleSize)
        {
            return Enumerable.Range(0, n).ToArray();
        }

        var all = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < SampleSize; i++)
        {
            int j = random.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }

        return all[..SampleSize];
    }

    private static float[,] SimilarityMatrix(SparseVector[] docs)
    {
        int s = docs.Length;
        var matrix = new float[s, s];
        Parallel.For(0, s, i =>
        {
            for (int j = i; j < s; j++)
            {
                float value = i == j ? 1 : docs[i].Dot(docs[j]);
                matrix[i, j] = value;
                matrix[j, i] = value;
            }
        });
        return matrix;
    }

    private static int[] PlusPlusSeeds(float[,] similarity, int k, Random random)
    {
        int s = similarity.GetLength(0);
        var seeds = new List<int> { random.Next(s) };
        var closest = new double[s];
        for (int i = 0; i < s; i++)
        {
            closest[i] = 1 - similarity[i, seeds[0]];
        }

        while (seeds.Count < k)
        {
            double total = closest.Sum(d => d * d);
            int next;
            if (total <= 1e-12)
            {
                next = random.Next(s);
            }
            else
            {
                double target = random.NextDouble() * total, run = 0;
                next = s - 1;
                for (int i = 0; i < s; i++)
                {
                    run += closest[i] * closest[i];
                    if (run >= target)
                    {
                        next = i;
                        break;
                    }
                }
            }

            seeds.Add(next);
            for (int i = 0; i < s; i++)
            {
                closest[i] = Math.Min(closest[i], 1 - similarity[i, next]);
            }
        }

        return seeds.ToArray();
    }

    /// <summary>Assign-update passes; returns the summed similarity of documents to their centres (higher is better).</summary>
    private static double Lloyd(IReadOnlyList<SparseVector> docs, float[][] centroids, int[] labels, float[] fit, int iterations, int vocabularySize, bool parallel, CancellationToken ct)
    {
        int n = docs.Count, k = centroids.Length;
        double objective = 0;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            int changed = 0;
            void Assign(int i)
            {
                int bestC = 0;
                float bestSim = float.MinValue;
                for (int c = 0; c < k; c++)
                {
                    float sim = docs[i].Dot(centroids[c]);
                    if (sim > bestSim)
                    {
                        bestSim = sim;
                        bestC = c;
                    }
                }

                if (labels[i] != bestC || iteration == 0)
                {
                    Interlocked.Increment(ref changed);
                }

                labels[i] = bestC;
                fit[i] = bestSim;
            }

            if (parallel)
            {
                Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, Assign);
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    Assign(i);
                }
            }

            objective = fit.Sum(f => (double)f);
            if (iteration > 0 && changed <= n / 1000)
            {
                break;
            }

            var sums = new float[k][];
            var counts = new int[k];
            for (int c = 0; c < k; c++)
            {
                sums[c] = new float[vocabularySize];
            }

            for (int i = 0; i < n; i++)
            {
                var sum = sums[labels[i]];
                counts[labels[i]]++;
                var doc = docs[i];
                for (int t = 0; t < doc.Ids.Length; t++)
                {
                    sum[doc.Ids[t]] += doc.Values[t];
                }
            }

            for (int c = 0; c < k; c++)
            {
                if (counts[c] == 0)
                {
                    // An empty cluster takes the worst-fitting document, so k stays what was chosen.
                    int worst = Array.IndexOf(fit, fit.Min());
                    centroids[c] = Densify(docs[worst], vocabularySize);
                    fit[worst] = 1;
                    continue;
                }

                Normalize(sums[c]);
                centroids[c] = sums[c];
            }
        }

        return objective;
    }

    private static double Silhouette(float[,] similarity, int[] labels, int k)
    {
        int s = labels.Length;
        var sizes = new int[k];
        foreach (var label in labels)
        {
            sizes[label]++;
        }

        double total = 0;
        var distance = new double[k];
        for (int i = 0; i < s; i++)
        {
            Array.Clear(distance);
            for (int j = 0; j < s; j++)
            {
                if (j != i)
                {
                    distance[labels[j]] += 1 - similarity[i, j];
                }
            }

            int own = labels[i];
            if (sizes[own] <= 1)
            {
                continue;
            }

            double a = distance[own] / (sizes[own] - 1);
            double b = double.MaxValue;
            for (int c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                {
                    b = Math.Min(b, distance[c] / sizes[c]);
                }
            }

            if (b < double.MaxValue)
            {
                total += (b - a) / Math.Max(a, b);
            }
        }

        return total / s;
    }

    private static float[] Centroid(IReadOnlyList<SparseVector> docs, IEnumerable<int> members, int vocabularySize)
    {
        var sum = new float[vocabularySize];
        foreach (var i in members)
        {
            var doc = docs[i];
            for (int t = 0; t < doc.Ids.Length; t++)
            {
                sum[doc.Ids[t]] += doc.Values[t];
            }
        }

        Normalize(sum);
        return sum;
    }

    private static float[] Densify(SparseVector doc, int vocabularySize)
    {
        var dense = new float[vocabularySize];
        for (int t = 0; t < doc.Ids.Length; t++)
        {
            dense[doc.Ids[t]] = doc.Values[t];
        }

        return dense;
    }

    private static void Normalize(float[] vector)
    {
        double norm = 0;
        foreach (var v in vector)
        {
            norm += v * v;
        }

        if (norm <= 0)
        {
            return;
        }

        float scale = (float)(1 / Math.Sqrt(norm));
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }
}
