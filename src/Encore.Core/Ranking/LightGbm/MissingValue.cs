namespace Encore.Core.Ranking.LightGbm;

/// <summary>
/// How a missing feature (NaN) reaches LightGBM: as a sentinel below every real value, on the way in to training
/// and to the ML.NET reference alike.
/// </summary>
/// <remarks>
/// ML.NET turns LightGBM's per-split "default direction" for NaN into a private per-node substitute value that its
/// public tree API (<c>RegressionTreeBase</c>) does not expose, so a scorer built from the public trees could not
/// route NaN as ML.NET does. With the sentinel LightGBM never sees a NaN; its thresholds all lie at or above the
/// sentinel, so "value ≤ threshold" sends a missing value left in every split, and the fast scorer reproduces that
/// with <c>!(value &gt; threshold)</c>, which is true for NaN, without rewriting its input. The price: a split cannot
/// send missing values right together with the large values (LightGBM can still cut the missing ones off on their
/// own, just below the smallest real value). Values below the sentinel, −∞ included, are read as missing too.
/// </remarks>
internal static class MissingValue
{
    public const float Sentinel = -1e30f;

    /// <summary>The value LightGBM sees for <paramref name="value"/>: itself, or the sentinel for NaN and anything below it.</summary>
    public static float Encode(float value) => value >= Sentinel ? value : Sentinel;
}
