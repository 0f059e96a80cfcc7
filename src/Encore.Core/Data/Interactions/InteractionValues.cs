namespace Encore.Core.Data.Interactions;

/// <summary>What the value of a (user, item) cell means.</summary>
public enum InteractionValues
{
    /// <summary>1 for every listened pair, however often.</summary>
    Binary,

    /// <summary>The summed weights (the number of plays when every event weighs 1).</summary>
    PlayCount,

    /// <summary>Play counts weighted by <see cref="Bm25"/> over the item×user matrix, as in implicit's examples.</summary>
    Bm25,
}
