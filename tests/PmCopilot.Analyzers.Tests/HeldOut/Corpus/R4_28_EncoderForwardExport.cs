// expect: PMC009@34, PMC006@41
using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Manufacturing.Anomaly
{
    /// <summary>Dense autoencoder over 24 process-sensor channels.</summary>
    public sealed class SensorAutoencoder : Module<Tensor, Tensor>
    {
        public Sequential Encoder { get; }
        public Sequential Decoder { get; }

        public SensorAutoencoder(int channels, int latent) : base(nameof(SensorAutoencoder))
        {
            Encoder = Sequential(Linear(channels, 16), Tanh(), Linear(16, latent));
            Decoder = Sequential(Linear(latent, 16), Tanh(), Linear(16, channels));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => Decoder.forward(Encoder.forward(x));
    }

    public static class AutoencoderExtensions
    {
        /// <summary>Latent codes for the dashboard's 2-D scatter plot.</summary>
        public static Tensor Embed(this SensorAutoencoder model, Tensor batch)
        {
            model.eval();
            using var noGrad = torch.no_grad();
            return model.Encoder.forward(batch);
        }

        /// <summary>Per-row reconstruction error; rows above the alert threshold are anomalies.</summary>
        public static Tensor ReconstructionError(this SensorAutoencoder model, Tensor batch)
        {
            model.eval();
            var reconstruction = model.call(batch);
            return (reconstruction - batch).pow(2).mean(new long[] { 1 });
        }
    }

    public static class AutoencoderTraining
    {
        public static SensorAutoencoder Train(IReadOnlyList<Tensor> normalOperationBatches, int epochs)
        {
            torch.manual_seed(2468);
            var model = new SensorAutoencoder(channels: 24, latent: 2);
            var optimizer = optim.Adam(model.parameters(), lr: 2e-3);

            for (var epoch = 0; epoch < epochs; epoch++)
            {
                foreach (var batch in normalOperationBatches)
                {
                    using var scope = torch.NewDisposeScope();
                    optimizer.zero_grad();
                    functional.mse_loss(model.call(batch), batch).backward();
                    optimizer.step();
                }
            }

            return model;
        }
    }
}
