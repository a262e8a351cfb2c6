// expect: PMC001@14
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public static class Categories
{
    public static ITransformer Train(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("CategoryEncoded", "Category")
            .Append(ml.Transforms.Concatenate("Features", "CategoryEncoded", "Price", "Quantity"))
            .Append(ml.BinaryClassification.Trainers.SgdNonCalibrated());
        return pipeline.Fit(train);
    }
}
