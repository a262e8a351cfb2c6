using System.Globalization;
using System.Text.Json;
using CsvHelper;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>What the loader read: the items and how it read them.</summary>
public sealed record FeedbackLoadResult(
    IReadOnlyList<FeedbackItem> Items,
    string Format,
    string Encoding,
    FeedbackColumnsUsed Columns,
    int MalformedRows,
    int EmptyRows,
    char? Separator);

/// <summary>
/// Reads feedback from CSV/TSV (separator detected), an Excel workbook (.xlsx, its first sheet with data), JSON (array
/// of objects or strings, or an object holding one), JSONL, or plain text with one item per line. Malformed rows are counted and skipped, never fatal.
/// </summary>
public static partial class FeedbackLoader
{
    private const int SampleRows = 200;

    public static async Task<FeedbackLoadResult> LoadAsync(FeedbackRequest request, CancellationToken ct)
    {
        string text, encoding, displayName;
        if (request.Content is not null)
        {
            text = request.Content.Length > 0 && request.Content[0] == '\uFEFF' ? request.Content[1..] : request.Content;
            encoding = "text";
            displayName = "The feedback text";
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new JobInputException("The feedback text is empty: there is no feedback to analyse.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(request.Path))
        {
            displayName = System.IO.Path.GetFileName(request.Path);
            if (Directory.Exists(request.Path))
            {
                throw new JobInputException($"{request.Path} is a folder; give the feedback file itself (CSV, JSON, JSONL or text).");
            }

            if (!File.Exists(request.Path))
            {
                throw new JobInputException($"The feedback file {request.Path} does not exist.");
            }

            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(request.Path, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new JobInputException($"The feedback file {request.Path} cannot be read: {ex.Message}", ex);
            }

            if (FeedbackSpreadsheet.IsZip(bytes) && (string.IsNullOrWhiteSpace(request.FormatHint) || request.FormatHint.Trim().TrimStart('.').Equals("xlsx", StringComparison.OrdinalIgnoreCase)))
            {
                var (rows, _) = FeedbackSpreadsheet.ReadRows(bytes, displayName, ct);
                return FromRows(rows, request.Columns, "xlsx", "xlsx", separator: null, malformed: 0);
            }

            (text, encoding) = FeedbackTextDecoder.Decode(bytes, displayName);
        }
        else
        {
            throw new JobInputException("No feedback given: pass a file path or the feedback text.");
        }

        ct.ThrowIfCancellationRequested();
        var format = DetectFormat(request.FormatHint, request.Path, text);
        return format switch
        {
            "json" => FromJson(text, request.Columns, encoding, displayName),
            "jsonl" => FromJsonLines(text, request.Columns, encoding, displayName),
            "csv" or "tsv" => FromCsv(text, format == "tsv" ? '\t' : null, request.Columns, encoding, ct),
            _ => FromLines(text, encoding),
        };
    }

    internal static string DetectFormat(string? hint, string? path, string text)
    {
        if (!string.IsNullOrWhiteSpace(hint))
        {
            var normalized = hint.Trim().TrimStart('.').ToLowerInvariant();
            return normalized switch
            {
                "csv" or "tsv" or "json" or "jsonl" => normalized,
                "ndjson" => "jsonl",
                "text" or "txt" or "lines" => "text",
                "xlsx" => throw new JobInputException("The input is not an Excel workbook (.xlsx): give the .xlsx file itself, or leave the format out."),
                _ => throw new JobInputException($"Unknown feedback format \"{hint}\". Use csv, tsv, json, jsonl, xlsx or text."),
            };
        }

        var extension = System.IO.Path.GetExtension(path ?? string.Empty).ToLowerInvariant();
        switch (extension)
        {
            case ".csv":
                return "csv";
            case ".tsv":
            case ".tab":
                return "tsv";
            case ".jsonl":
            case ".ndjson":
                return "jsonl";
            case ".json":
                return LooksLikeJsonLines(text) ? "jsonl" : "json";
        }

        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.StartsWith("[") || trimmed.StartsWith("{"))
        {
            if (LooksLikeJsonLines(text))
            {
                return "jsonl";
            }

            try
            {
                using var _ = JsonDocument.Parse(text);
                return "json";
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to CSV/text sniffing.
            }
        }

        var (separator, consistent) = SniffSeparator(text);
        return separator is not null && consistent ? "csv" : "text";
    }

    private static bool LooksLikeJsonLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3).ToList();
        if (lines.Count < 2 || !lines[0].StartsWith('{'))
        {
            return false;
        }

        try
        {
            using var _ = JsonDocument.Parse(lines[0]);
            return lines[1].StartsWith('{');
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The separator whose count per line is steadiest over the first lines, and whether the text reads as a table with it.</summary>
    internal static (char? Separator, bool Consistent) SniffSeparator(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.IsWhiteSpace())
            {
                lines.Add(line.ToString());
            }

            if (lines.Count >= 30)
            {
                break;
            }
        }

        if (lines.Count == 0)
        {
            return (null, false);
        }

        char? best = null;
        double bestScore = 0;
        foreach (var separator in new[] { ',', ';', '\t', '|' })
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, separator)).ToList();
            int header = counts[0];
            if (header == 0)
            {
                continue;
            }

            double same = counts.Count(c => c == header) / (double)counts.Count;
            double score = same * 10 + Math.Min(header, 5);
            if (score > bestScore)
            {
                best = separator;
                bestScore = score;
            }
        }

        if (best is null)
        {
            return (null, false);
        }

        var firstCells = lines[0].Split(best.Value);
        bool namedHeader = firstCells.Any(cell => Enum.GetValues<FeedbackField>().Any(f => FeedbackColumnDetector.HeaderScore(cell, f) >= 2.6));
        double steadiness = (bestScore - Math.Min(CountOutsideQuotes(lines[0], best.Value), 5)) / 10;
        bool consistent = lines.Count >= 2 && (steadiness >= 0.8 || (namedHeader && steadiness >= 0.5));
        return (best, consistent);
    }

    private static int CountOutsideQuotes(string line, char separator)
    {
        int count = 0;
        bool quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == separator && !quoted)
            {
                count++;
            }
        }

        return count;
    }

    private static FeedbackLoadResult FromCsv(string text, char? separator, FeedbackColumns? columns, string encoding, CancellationToken ct)
    {
        separator ??= SniffSeparator(text).Separator ?? ',';
        int malformed = 0;
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = separator,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            OnMalformedRecord = _ => Interlocked.Increment(ref malformed),
        };

        var rows = new List<string[]>();
        using (var reader = CsvReader.FromText(text, options))
        {
            while (reader.Read())
            {
                if ((rows.Count & 4095) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }

                rows.Add(reader.Current.ToArray());
            }
        }

        if (rows.Count == 0)
        {
            throw new JobInputException("The CSV has no rows: there is no feedback to analyse.");
        }

        return FromRows(rows, columns, separator == '\t' ? "tsv" : "csv", encoding, separator, malformed);
    }

    /// <summary>A table read from CSV or a spreadsheet: the header row found (or not), then the columns resolved.</summary>
    private static FeedbackLoadResult FromRows(List<string[]> rows, FeedbackColumns? columns, string format, string encoding, char? separator, int malformed)
    {
        bool hasHeader = FeedbackColumnDetector.LooksLikeHeader(rows[0], rows.Skip(1).Take(SampleRows).ToList());
        var headers = hasHeader ? rows[0].Select(h => h.Trim().TrimStart('\uFEFF')).ToArray() : MaxWidth(rows);
        var data = hasHeader ? rows.Skip(1).ToList() : rows;
        var result = FromTable(headers, hasHeader, data, columns, format, encoding);
        return result with { MalformedRows = result.MalformedRows + malformed, Separator = separator };
    }

    private static string[] MaxWidth(List<string[]> rows)
    {
        int width = rows.Take(SampleRows).Max(r => r.Length);
        return Enumerable.Range(1, width).Select(i => $"column {i}").ToArray();
    }

    private static FeedbackLoadResult FromTable(string[] headers, bool hasHeader, List<string[]> data, FeedbackColumns? columns, string format, string encoding)
    {
        var sample = SampleOf(data);
        var map = FeedbackColumnDetector.Resolve(headers, hasHeader, sample, columns);
        int textColumn = map[(int)FeedbackField.Text], dateColumn = map[(int)FeedbackField.Date], ratingColumn = map[(int)FeedbackField.Rating];
        int idColumn = map[(int)FeedbackField.Id], sourceColumn = map[(int)FeedbackField.Source];

        var items = new List<FeedbackItem>(data.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int empty = 0, malformed = 0;
        for (int r = 0; r < data.Count; r++)
        {
            var row = data[r];
            int record = r + 1;
            if (row.Length == 0 || (row.Length == 1 && headers.Length > 1 && string.IsNullOrWhiteSpace(row[0])))
            {
                empty++;
                continue;
            }

            if (textColumn >= row.Length)
            {
                malformed++;
                continue;
            }

            var text = row[textColumn];
            if (string.IsNullOrWhiteSpace(text))
            {
                empty++;
                continue;
            }

            var id = Cell(row, idColumn)?.Trim();
            id = string.IsNullOrEmpty(id) ? $"#{record}" : id;
            if (!ids.Add(id))
            {
                id = $"{id}#{record}";
                ids.Add(id);
            }

            var item = new FeedbackItem(id, text) { Record = record };
            if (Cell(row, dateColumn) is { } dateText && FeedbackValueParser.TryParseDate(dateText, out var date))
            {
                item.Date = date;
            }

            if (Cell(row, ratingColumn) is { } ratingText && FeedbackValueParser.TryParseRating(ratingText, out double rating))
            {
                item.Rating = rating;
            }

            if (Cell(row, sourceColumn) is { } source && !string.IsNullOrWhiteSpace(source))
            {
                item.Source = source.Trim();
            }

            items.Add(item);
        }

        string? name(int column) => column < 0 ? null : headers[column];
        var used = new FeedbackColumnsUsed(headers[textColumn], name(dateColumn), name(ratingColumn), name(idColumn), name(sourceColumn));
        return new FeedbackLoadResult(items, format, encoding, used, malformed, empty, null);
    }

    private static string? Cell(string[] row, int column) => column >= 0 && column < row.Length ? row[column] : null;

    private static List<string[]> SampleOf(List<string[]> data)
    {
        if (data.Count <= SampleRows)
        {
            return data;
        }

        // Spread over the file: exports are often sorted, and the first rows alone can mislead.
        var sample = new List<string[]>(SampleRows);
        double step = data.Count / (double)SampleRows;
        for (int i = 0; i < SampleRows; i++)
        {
            sample.Add(data[(int)(i * step)]);
        }

        return sample;
    }

    private static FeedbackLoadResult FromJson(string text, FeedbackColumns? columns, string encoding, string displayName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new JobInputException($"{displayName} is not valid JSON ({ex.Message}). Use a JSON array of objects or strings, or JSON Lines (one object per line).", ex);
        }

        using (document)
        {
            var array = FindArray(document.RootElement);
            if (array is null)
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return FromJsonElements([document.RootElement.Clone()], 0, columns, "json", encoding);
                }

                throw new JobInputException($"{displayName} holds no list of feedback. Use a JSON array of objects or strings, or an object with such an array.");
            }

            return FromJsonElements(array.Value.EnumerateArray().Select(e => e.Clone()).ToList(), 0, columns, "json", encoding);
        }
    }

    /// <summary>
    /// The list of feedback: the root array, or the longest array of objects or strings anywhere below the root
    /// ({"data": {"reviews": [...]}} as API exports nest it), searched a few levels deep.
    /// </summary>
    private static JsonElement? FindArray(JsonElement root, int depth = 0)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        if (root.ValueKind != JsonValueKind.Object || depth > 4)
        {
            return null;
        }

        JsonElement? best = null;
        foreach (var property in root.EnumerateObject())
        {
            var candidate = property.Value.ValueKind switch
            {
                JsonValueKind.Array => property.Value,
                JsonValueKind.Object => FindArray(property.Value, depth + 1),
                _ => null,
            };
            if (candidate is { } found && (best is null || found.GetArrayLength() > best.Value.GetArrayLength()))
            {
                best = found;
            }
        }

        return best;
    }

    /// <summary>An object's fields as columns; nested objects become dotted names ("content.body"), a few levels deep.</summary>
    private static IEnumerable<(string Name, JsonElement Value)> Fields(JsonElement element, string prefix = "", int depth = 0)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = prefix + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object && depth < 3)
            {
                foreach (var nested in Fields(property.Value, name + ".", depth + 1))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return (name, property.Value);
            }
        }
    }

    private static FeedbackLoadResult FromJsonLines(string text, FeedbackColumns? columns, string encoding, string displayName)
    {
        var elements = new List<JsonElement>();
        int malformed = 0, lineNumber = 0;
        var records = new List<int>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.IsEmpty)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(trimmed.ToString());
                elements.Add(document.RootElement.Clone());
                records.Add(lineNumber);
            }
            catch (JsonException)
            {
                malformed++;
            }
        }

        if (elements.Count == 0)
        {
            throw new JobInputException($"{displayName} has no valid JSON lines ({malformed} malformed).");
        }

        var result = FromJsonElements(elements, malformed, columns, "jsonl", encoding);
        return result;
    }

    private static FeedbackLoadResult FromJsonElements(List<JsonElement> elements, int malformed, FeedbackColumns? columns, string format, string encoding)
    {
        if (elements.All(e => e.ValueKind == JsonValueKind.String))
        {
            var table = elements.Select(e => new[] { e.GetString() ?? string.Empty }).ToList();
            var stringResult = FromTable(["text"], true, table, columns is null ? null : columns with { TextColumn = null }, format, encoding);
            return stringResult with { MalformedRows = stringResult.MalformedRows + malformed };
        }

        var keys = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in elements.Take(1000))
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var (name, _) in Fields(element))
            {
                if (known.Add(name))
                {
                    keys.Add(name);
                }
            }
        }

        if (keys.Count == 0)
        {
            throw new JobInputException("The JSON holds no objects with fields or strings: there is no feedback text to analyse.");
        }

        var index = keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);
        var rows = new List<string[]>(elements.Count);
        foreach (var element in elements)
        {
            var row = new string[keys.Count];
            Array.Fill(row, string.Empty);
            if (element.ValueKind == JsonValueKind.String && index.Count > 0)
            {
                malformed++;
                continue;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                malformed++;
                continue;
            }

            foreach (var (name, value) in Fields(element))
            {
                if (index.TryGetValue(name, out int column))
                {
                    row[column] = value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString() ?? string.Empty,
                        JsonValueKind.Number => value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => string.Empty,
                    };
                }
            }

            rows.Add(row);
        }

        var result = FromTable(keys.ToArray(), true, rows, columns, format, encoding);
        return result with { MalformedRows = result.MalformedRows + malformed };
    }

    private static FeedbackLoadResult FromLines(string text, string encoding)
    {
        var items = new List<FeedbackItem>();
        int record = 0, empty = 0;
        foreach (var line in text.AsSpan().TrimEnd("\r\n").EnumerateLines())
        {
            record++;
            if (line.IsWhiteSpace())
            {
                empty++;
                continue;
            }

            var value = line.ToString();
            if (MarkdownHeading().IsMatch(value))
            {
                empty++; // "# Interview notes": a title over the items, not an item
                continue;
            }

            items.Add(new FeedbackItem($"#{record}", ListMarker().Replace(value, string.Empty)) { Record = record });
        }

        return new FeedbackLoadResult(items, "text", encoding, new FeedbackColumnsUsed("line", null, null, null, null), 0, empty, null);
    }

    internal static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s{0,3}#{1,6}\s")]
    private static partial System.Text.RegularExpressions.Regex MarkdownHeading();

    // "- item", "* item", "• item", "1. item", "2) item": notes pasted as a list.
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")]
    private static partial System.Text.RegularExpressions.Regex ListMarker();
}
