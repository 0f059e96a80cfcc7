namespace Encore.Core.Ranking.LightGbm;

/// <summary>One feature's part in a row's score (<see cref="RankerModel.Contributions"/>).</summary>
/// <param name="Feature">The feature's column name.</param>
/// <param name="Value">Its value in the row; NaN when missing.</param>
/// <param name="Contribution">How much it moved the score away from <see cref="RankerModel.ExpectedScore"/>.</param>
public sealed record FeatureContribution(string Feature, float Value, double Contribution);
