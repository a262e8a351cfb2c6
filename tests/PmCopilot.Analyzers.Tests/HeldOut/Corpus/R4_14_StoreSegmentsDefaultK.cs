// expect: PMC011@43
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Retail.Segmentation
{
    public sealed class ShopperProfile
    {
        public float VisitsPerMonth { get; set; }
        public float AverageBasketEur { get; set; }
        public float ShareOnlineOrders { get; set; }
        public float DaysSinceLastVisit { get; set; }
    }

    public sealed class SegmentAssignment
    {
        [ColumnName("PredictedLabel")]
        public uint Segment { get; set; }

        [ColumnName("Score")]
        public float[] Distances { get; set; } = Array.Empty<float>();
    }

    /// <summary>
    /// Segments loyalty-card shoppers for the marketing calendar. Features are min-max scaled so
    /// that basket value does not dominate the Euclidean distance.
    /// </summary>
    public sealed class ShopperSegmenter
    {
        private readonly MLContext _ml;
        private ITransformer? _model;

        public ShopperSegmenter(int seed = 3) => _ml = new MLContext(seed);

        public IEstimator<ITransformer> Pipeline =>
            _ml.Transforms.Concatenate("Features",
                    nameof(ShopperProfile.VisitsPerMonth), nameof(ShopperProfile.AverageBasketEur),
                    nameof(ShopperProfile.ShareOnlineOrders), nameof(ShopperProfile.DaysSinceLastVisit))
                .Append(_ml.Transforms.NormalizeMinMax("Features"))
                .Append(_ml.Clustering.Trainers.KMeans("Features"));

        public ClusteringMetrics Fit(IEnumerable<ShopperProfile> profiles)
        {
            var data = _ml.Data.LoadFromEnumerable(profiles);
            _model = Pipeline.Fit(data);
            return _ml.Clustering.Evaluate(_model.Transform(data), featureColumnName: "Features");
        }

        public IReadOnlyDictionary<uint, int> SegmentSizes(IEnumerable<ShopperProfile> profiles)
        {
            var model = _model ?? throw new InvalidOperationException("Call Fit first.");
            var scored = model.Transform(_ml.Data.LoadFromEnumerable(profiles));
            return _ml.Data.CreateEnumerable<SegmentAssignment>(scored, reuseRowObject: false)
                .GroupBy(a => a.Segment)
                .ToDictionary(g => g.Key, g => g.Count());
        }
    }
}
