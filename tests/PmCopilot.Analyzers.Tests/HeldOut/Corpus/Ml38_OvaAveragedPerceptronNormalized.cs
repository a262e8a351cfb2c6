// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Topics
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var binary = ml.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 10);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Concatenate("Features", "A", "B", "C"))
            .Append(ml.Transforms.NormalizeGlobalContrast("Features"))
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(binary));
        return pipeline.Fit(train);
    }
}
