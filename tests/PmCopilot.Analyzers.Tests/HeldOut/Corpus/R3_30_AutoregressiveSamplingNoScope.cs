// expect: PMC010@48
using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Text.Generation;

public sealed class CharModel : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _embedding;
    private readonly Module<Tensor, Tensor> _mixer;
    private readonly Module<Tensor, Tensor> _head;

    public CharModel(int vocabulary, int dim) : base(nameof(CharModel))
    {
        _embedding = Embedding(vocabulary, dim);
        _mixer = Sequential(Linear(dim, dim * 2), GELU(), Linear(dim * 2, dim));
        _head = Linear(dim, vocabulary);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        using var e = _embedding.forward(tokens);
        using var m = _mixer.forward(e);
        return _head.forward(m);
    }
}

public sealed class Sampler
{
    private readonly CharModel _model;
    private readonly string _alphabet;

    public Sampler(CharModel model, string alphabet)
    {
        _model = model;
        _alphabet = alphabet;
    }

    public string Complete(string prompt, int maxNewChars)
    {
        _model.eval();
        using var _ = torch.no_grad();
        var tokens = torch.tensor(prompt.Select(c => (long)_alphabet.IndexOf(c)).ToArray()).unsqueeze(0);
        for (var t = 0; t < maxNewChars; t++)
        {
            var logits = _model.call(tokens);
            var next = logits.select(1, -1).argmax(-1, keepdim: true);
            tokens = torch.cat(new[] { tokens, next }, 1);
        }

        var ids = tokens.squeeze(0).data<long>().ToArray();
        return new string(ids.Select(i => _alphabet[(int)i]).ToArray());
    }
}
