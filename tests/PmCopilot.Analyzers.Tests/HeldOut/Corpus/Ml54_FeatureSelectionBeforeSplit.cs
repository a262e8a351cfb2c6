// expect: PMC002@13
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Selection
{
    public static void Run(MLContext ml, IDataView data)
    {
        var selector = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation("Features", labelColumnName: "Label", slotsInOutput: 20);
        var reduced = selector.Fit(data).Transform(data);
        var split = ml.Data.TrainTestSplit(reduced, testFraction: 0.2);
        var model = ml.BinaryClassification.Trainers.FastTree().Fit(split.TrainSet);
        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve);
    }
}
