// expect: none
using System;
using System.Collections.Generic;

namespace Language.Intent;

public sealed record IntentConfig(int Vocabulary, int Intents, int Epochs, double LearningRate, int BatchSize);

public static class IntentTraining
{
    public static TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Train(
        IntentConfig config,
        TorchSharp.torch.Tensor bagOfWords,
        TorchSharp.torch.Tensor intents,
        TorchSharp.torch.Tensor testBagOfWords,
        TorchSharp.torch.Tensor testIntents)
    {
        TorchSharp.torch.manual_seed(12345);
        var model = TorchSharp.torch.nn.Sequential(
            TorchSharp.torch.nn.Linear(config.Vocabulary, 128),
            TorchSharp.torch.nn.ReLU(),
            TorchSharp.torch.nn.Dropout(0.3),
            TorchSharp.torch.nn.Linear(128, config.Intents),
            TorchSharp.torch.nn.LogSoftmax(1));
        var optimizer = TorchSharp.torch.optim.Adagrad(model.parameters(), lr: config.LearningRate);
        var criterion = TorchSharp.torch.nn.NLLLoss();

        for (var epoch = 0; epoch < config.Epochs; epoch++)
        {
            model.train();
            for (long start = 0; start < bagOfWords.shape[0]; start += config.BatchSize)
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                var length = Math.Min(config.BatchSize, bagOfWords.shape[0] - start);
                optimizer.zero_grad();
                var logProbabilities = model.call(bagOfWords.narrow(0, start, length));
                var loss = criterion.call(logProbabilities, intents.narrow(0, start, length));
                loss.backward();
                optimizer.step();
            }
        }

        model.eval();
        using (TorchSharp.torch.no_grad())
        {
            var predicted = model.call(testBagOfWords).argmax(1);
            var accuracy = predicted.eq(testIntents).sum().item<long>() / (double)testIntents.shape[0];
            Console.WriteLine($"intent accuracy on held-out utterances: {accuracy:P1}");
        }

        return model;
    }
}
