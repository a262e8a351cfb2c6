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
        var shingles = new ulong[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
        {
            if (duplicateOf[i] < 0 && keys[i].Length >= MinimumKeyLength)
            {
                shingles[i] = SortedShingles(keys[i]);
                signatures[i] = Signature(shingles[i]);
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
                        if (Jaccard(shingles[i], shingles[candidate]) >= NearThreshold)
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
        if (a.Length < ShingleLength || b.Length < ShingleLength)
        {
            return a == b ? 1 : 0;
        }

        return Jaccard(SortedShingles(a), SortedShingles(b));
    }

    /// <summary>Jaccard similarity of two sorted, distinct shingle sets, by one merge pass.</summary>
    private static double Jaccard(ulong[] a, ulong[] b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return common / (double)(a.Length + b.Length - common);
    }

    private static ulong[] SortedShingles(string key)
    {
        int count = Math.Max(0, key.Length - ShingleLength + 1);
        var shingles = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            shingles[i] = ShingleHash(key, i);
        }

        Array.Sort(shingles);
        int distinct = 0;
        for (int i = 0; i < shingles.Length; i++)
        {
            if (distinct == 0 || shingles[i] != shingles[distinct - 1])
            {
                shingles[distinct++] = shingles[i];
            }
        }

        return distinct == shingles.Length ? shingles : shingles[..distinct];
    }

    private static uint[] Signature(ulong[] shingles)
    {
        var signature = new uint[Hashes];
        Array.Fill(signature, uint.MaxValue);
        foreach (var shingle in shingles)
        {
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
