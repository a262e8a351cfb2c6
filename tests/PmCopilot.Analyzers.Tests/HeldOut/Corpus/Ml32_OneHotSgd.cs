// expect: none
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Categories
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("Features", "Category")
            .Append(ml.BinaryClassification.Trainers.SgdCalibrated());
        return pipeline.Fit(train);
    }
}
