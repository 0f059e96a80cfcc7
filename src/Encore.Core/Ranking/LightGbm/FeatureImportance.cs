namespace Encore.Core.Ranking.LightGbm;

/// <summary>How much a feature contributed to a trained ranker: the total loss reduction of its splits.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Gain">The sum of the split gains of every node that splits on the feature, over all trees.</param>
public sealed record FeatureImportance(string Feature, double Gain);
