// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Health.Readmission
{
    public sealed class Admission
    {
        public float AgeYears { get; set; }
        public float LengthOfStayDays { get; set; }
        public float PriorAdmissions { get; set; }
        public float MedicationCount { get; set; }
        public float LabAbnormalities { get; set; }
        public bool Readmitted30d { get; set; }
    }

    public sealed record FoldScore(int Fold, double Auc, double AuPrc, double Accuracy);

    /// <summary>
    /// Hand-rolled k-fold loop (instead of CrossValidate) because the clinical review board wants
    /// every fold's numbers persisted. The whole pipeline, scaler included, is refitted per fold.
    /// </summary>
    public sealed class ReadmissionCrossValidator(MLContext ml, int folds = 5)
    {
        private static readonly string[] Inputs =
        {
            nameof(Admission.AgeYears), nameof(Admission.LengthOfStayDays), nameof(Admission.PriorAdmissions),
            nameof(Admission.MedicationCount), nameof(Admission.LabAbnormalities),
        };

        private IEstimator<ITransformer> NewPipeline() =>
            ml.Transforms.Concatenate("Features", Inputs)
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    labelColumnName: nameof(Admission.Readmitted30d)));

        public IReadOnlyList<FoldScore> Run(IDataView admissions)
        {
            var scores = new List<FoldScore>();
            var index = 0;
            foreach (var fold in ml.Data.CrossValidationSplit(admissions, numberOfFolds: folds, seed: 99))
            {
                var model = NewPipeline().Fit(fold.TrainSet);
                var m = ml.BinaryClassification.Evaluate(model.Transform(fold.TestSet), nameof(Admission.Readmitted30d));
                scores.Add(new FoldScore(++index, m.AreaUnderRocCurve, m.AreaUnderPrecisionRecallCurve, m.Accuracy));
            }

            Console.WriteLine($"mean auc {scores.Average(s => s.Auc):F3} ± {SampleStdDev(scores, s => s.Auc):F3}");
            return scores;
        }

        private static double SampleStdDev<T>(IEnumerable<T> items, Func<T, double> selector)
        {
            var list = items.Select(selector).ToList();
            var mean = list.Average();
            return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, list.Count - 1));
        }

        public static IReadOnlyList<FoldScore> FromRows(IEnumerable<Admission> rows)
        {
            var context = new MLContext(seed: 5);
            return new ReadmissionCrossValidator(context).Run(context.Data.LoadFromEnumerable(rows));
        }
    }
}
