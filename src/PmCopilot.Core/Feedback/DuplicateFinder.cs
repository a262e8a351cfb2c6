namespace PmCopilot.Core.Feedback;

/// <summary>
/// Marks repeated feedback: exact repeats after normalisation (case, spacing, punctuation, emoji), and near repeats
/// by MinHash over character 4-grams with banded locality-sensitive hashing, confirmed by the true Jaccard
/// similarity. Linear in the number of items; the first occurrence stays the representative.
/// </summary>
internal static class DuplicateFinder
{
    private const int ShingleLength = 4, Bands = 8, Rows = 4, Hashes = Bands * Rows;
    private const int MinimumKeyLength = 16;
    public const double NearThreshold = 0.7;

    private static readonly ulong[] Seeds = Enumerable.Range(1, Hashes).Select(i => Mix((ulong)i * 0x9E3779B97F4A7C15UL)).ToArray();

    /// <summary>Returns, per item, the index of the item it duplicates (or -1), and the counts of exact and near duplicates.</summary>
    public static (int[] DuplicateOf, int Exact, int Near) Find(IReadOnlyList<string> keys, CancellationToken ct)
    {
        int n = keys.Count;
        var duplicateOf = new int[n];
        Array.Fill(duplicateOf, -1);
        var firstByKey = new Dictionary<string, int>(n, StringComparer.Ordinal);
        int exact = 0, near = 0;
        for (int i = 0; i < n; i++)
        {
            if (keys[i].Length == 0)
            {
                continue;
            }

            if (firstByKey.TryGetValue(keys[i], out int first))
            {
                duplicateOf[i] = first;
                exact++;
            }
            else
            {
                firstByKey[keys[i]] = i;
            }
        }

        var signatures = new uint[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
        {
            if (duplicateOf[i] < 0 && keys[i].Length >= MinimumKeyLength)
            {
                signatures[i] = Signature(keys[i]);
            }
        });

        var buckets = new Dictionary<(int Band, ulong Hash), List<int>>();
        for (int i = 0; i < n; i++)
        {
            var signature = signatures[i];
            if (signature is null)
            {
                continue;
            }

            int match = -1;
            for (int band = 0; band < Bands && match < 0; band++)
            {
                if (buckets.TryGetValue((band, BandHash(signature, band)), out var members))
                {
                    foreach (var candidate in members)
                    {
                        if (Jaccard(keys[i], keys[candidate]) >= NearThreshold)
                        {
                            match = candidate;
                            break;
                        }
                    }
                }
            }

            if (match >= 0)
            {
                duplicateOf[i] = match;
                near++;
                continue;
            }

            for (int band = 0; band < Bands; band++)
            {
                var key = (band, BandHash(signature, band));
                if (!buckets.TryGetValue(key, out var members))
                {
                    buckets[key] = members = new List<int>(1);
                }

                // A bucket of one common phrase would make every lookup quadratic; a few representatives suffice.
                if (members.Count < 8)
                {
                    members.Add(i);
                }
            }
        }

        return (duplicateOf, exact, near);
    }

    internal static double Jaccard(string a, string b)
    {
        var sa = Shingles(a);
        var sb = Shingles(b);
        if (sa.Count == 0 || sb.Count == 0)
        {
            return a == b ? 1 : 0;
        }

        int common = sa.Count(sb.Contains);
        return common / (double)(sa.Count + sb.Count - common);
    }

    private static HashSet<ulong> Shingles(string key)
    {
        var set = new HashSet<ulong>();
        for (int i = 0; i + ShingleLength <= key.Length; i++)
        {
            set.Add(ShingleHash(key, i));
        }

        return set;
    }

    private static uint[] Signature(string key)
    {
        var signature = new uint[Hashes];
        Array.Fill(signature, uint.MaxValue);
        for (int i = 0; i + ShingleLength <= key.Length; i++)
        {
            ulong shingle = ShingleHash(key, i);
            for (int h = 0; h < Hashes; h++)
            {
                uint value = (uint)(Mix(shingle ^ Seeds[h]) >> 32);
                if (value < signature[h])
                {
                    signature[h] = value;
                }
            }
        }

        return signature;
    }

    private static ulong ShingleHash(string key, int start)
    {
        ulong hash = 14695981039346656037UL;
        for (int j = start; j < start + ShingleLength; j++)
        {
            hash = (hash ^ key[j]) * 1099511628211UL;
        }

        return hash;
    }

    private static ulong BandHash(uint[] signature, int band)
    {
        ulong hash = (ulong)band + 1;
        for (int r = band * Rows; r < (band + 1) * Rows; r++)
        {
            hash = Mix(hash ^ signature[r]);
        }

        return hash;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
