using LLama.Native;

namespace PmCopilot.Llama.Chat;

/// <summary>
/// Token ids of recently tokenized prompts, so that the next turn of a conversation tokenizes only the text after the
/// last point where tokenizing the parts separately is provably the same as tokenizing the whole. The rendered text is
/// always produced in full (templates may render earlier messages differently once later ones exist); only a cached
/// text prefix that the new text still starts with is reused. Two kinds of cut point, from how llama.cpp tokenizes:
/// <list type="bullet">
/// <item>right after a control token (SentencePiece and BPE vocabularies): llama.cpp first splits the text at special
/// tokens and tokenizes each piece of plain text on its own, a SentencePiece piece getting its leading space exactly as
/// at the start of a text;</item>
/// <item>right before a newline, for SentencePiece vocabularies in which no multi-character token contains a newline
/// (llama 2 and its kin): merges never cross it, so both sides tokenize independently.</item>
/// </list>
/// Thread-safe.
/// </summary>
internal sealed class PromptTokenCache
{
    private const int Capacity = 32;

    private readonly Func<string, bool, LLamaToken[]> _tokenize;
    private readonly Func<LLamaToken, string?> _controlPiece;
    private readonly LLamaToken? _newline;
    private readonly LLamaToken[] _newlineLead = [];
    private readonly LinkedList<Entry> _entries = new();
    private readonly object _gate = new();

    /// <param name="tokenize">Text to tokens (special tokens parsed); the flag adds BOS.</param>
    /// <param name="controlPiece">The text of a control token as the template writes it; null for other tokens.</param>
    /// <param name="splitBeforeNewline">Whether cutting before a newline is safe for this vocabulary (see the class remarks).</param>
    /// <param name="newline">The newline token.</param>
    public PromptTokenCache(Func<string, bool, LLamaToken[]> tokenize, Func<LLamaToken, string?> controlPiece, bool splitBeforeNewline, LLamaToken? newline)
    {
        _tokenize = tokenize;
        _controlPiece = controlPiece;
        if (splitBeforeNewline && newline is { } nl)
        {
            // A text starting with a newline tokenizes as this (a SentencePiece leading space, then the newline).
            var lead = tokenize("\n", false);
            if (lead.Length > 0 && lead[^1] == nl)
            {
                _newline = nl;
                _newlineLead = lead;
            }
        }
    }

    /// <summary>For the vocabulary of <paramref name="model"/>.</summary>
    public static PromptTokenCache For(SafeLlamaModelHandle model, Func<string, bool, LLamaToken[]> tokenize)
    {
        var vocab = model.Vocab;
        return new PromptTokenCache(
            tokenize,
            token => token.IsControl(vocab) ? vocab.LLamaTokenToString(token, true) : null,
            vocab.Type == LLamaVocabType.SentencePiece && NoTokenSpansANewline(vocab),
            vocab.Newline);
    }

    /// <summary>Prompts served from the cache since creation (for tests and diagnostics).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    private long _hits;

    /// <summary>Tokens of <paramref name="text"/>, equal to tokenizing it whole (BOS added as the vocabulary wants).</summary>
    public LLamaToken[] Tokenize(string text)
    {
        Entry? best = null;
        Cut bestCut = default;
        lock (_gate)
        {
            foreach (var entry in _entries)
            {
                // The longest cut of this entry inside the text both share.
                var shared = text.AsSpan().CommonPrefixLength(entry.Text);
                var at = LastCutWithin(entry.Cuts, shared);
                if (at >= 0 && entry.Cuts[at].Text > bestCut.Text)
                    (best, bestCut) = (entry, entry.Cuts[at]);
            }
        }

        var tokens = best is null ? null : Extend(best, bestCut, text);
        if (tokens is null)
            tokens = _tokenize(text, true);
        else
            Interlocked.Increment(ref _hits);

        var cuts = FindCuts(text, tokens);
        if (cuts.Length > 0)
        {
            lock (_gate)
            {
                // Entries whose whole text the new one starts with add nothing: one entry per conversation.
                for (var node = _entries.First; node is not null;)
                {
                    var next = node.Next;
                    if (text.StartsWith(node.Value.Text, StringComparison.Ordinal))
                        _entries.Remove(node);
                    node = next;
                }

                _entries.AddFirst(new Entry(text, tokens, cuts));
                while (_entries.Count > Capacity)
                    _entries.RemoveLast();
            }
        }

        return tokens;
    }

    private static int LastCutWithin(Cut[] cuts, int length)
    {
        int lo = 0, hi = cuts.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (cuts[mid].Text <= length)
                (found, lo) = (mid, mid + 1);
            else
                hi = mid - 1;
        }

        return found;
    }

    private LLamaToken[]? Extend(Entry entry, Cut cut, string text)
    {
        var suffix = text[cut.Text..];
        if (suffix.Length == 0)
            return entry.Tokens[..cut.Tokens];
        var rest = _tokenize(suffix, false);
        var skip = 0;
        if (cut.BeforeNewline)
        {
            // The suffix starts with the newline; drop what tokenizing it alone put before it (a leading space).
            skip = _newlineLead.Length - 1;
            if (rest.Length < _newlineLead.Length || !rest.AsSpan(0, _newlineLead.Length).SequenceEqual(_newlineLead))
                return null;
        }

        var tokens = new LLamaToken[cut.Tokens + rest.Length - skip];
        entry.Tokens.AsSpan(0, cut.Tokens).CopyTo(tokens);
        rest.AsSpan(skip).CopyTo(tokens.AsSpan(cut.Tokens));
        return tokens;
    }

    /// <summary>Every safe cut of a tokenized text, in text order.</summary>
    private Cut[] FindCuts(string text, LLamaToken[] tokens)
    {
        var cuts = new List<Cut>();

        // After each control token the text wrote (a BOS the tokenizer added is not in the text): special tokens are
        // matched wherever their text occurs, so the n-th one is the next occurrence of its text.
        var from = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (_controlPiece(tokens[i]) is not { Length: > 0 } piece)
                continue;
            var at = text.IndexOf(piece, from, StringComparison.Ordinal);
            // A BOS the tokenizer added stands for no text; one the template wrote is at the very start.
            if (i == 0 && at != 0)
                continue;
            if (at < 0)
            {
                cuts.Clear();
                break;
            }

            from = at + piece.Length;
            cuts.Add(new Cut(from, i + 1, false));
        }

        // Before each newline: every newline of the text is one newline token (the vocabulary has no other token
        // holding one); a different count means something else is going on, so none of these cuts.
        if (_newline is { } nl && text.AsSpan().Count('\n') == tokens.AsSpan().Count(nl))
        {
            var position = -1;
            for (var i = 0; i < tokens.Length; i++)
            {
                if (tokens[i] != nl)
                    continue;
                position = text.IndexOf('\n', position + 1);
                if (i > 0 && position > 0)
                    cuts.Add(new Cut(position, i, true));
            }
        }

        cuts.Sort(static (a, b) => a.Text.CompareTo(b.Text));
        return [.. cuts];
    }

    private static bool NoTokenSpansANewline(SafeLlamaModelHandle.Vocabulary vocab)
    {
        for (var i = 0; i < vocab.Count; i++)
        {
            var piece = vocab.LLamaTokenToString((LLamaToken)i, false);
            if (piece is { Length: > 1 } && piece.Contains('\n'))
                return false;
        }

        return true;
    }

    /// <summary>A tokenized text and its safe cuts.</summary>
    private sealed record Entry(string Text, LLamaToken[] Tokens, Cut[] Cuts);

    /// <summary>The first <see cref="Text"/> characters are exactly the first <see cref="Tokens"/> tokens, whatever follows.</summary>
    private readonly record struct Cut(int Text, int Tokens, bool BeforeNewline);
}
