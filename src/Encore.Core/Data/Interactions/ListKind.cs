namespace Encore.Core.Data.Interactions;

/// <summary>What the items of each list in a <see cref="UserLists"/> are, and so what its validation requires of them.</summary>
public enum ListKind
{
    /// <summary>Events in play order: an item may repeat (a user's listens).</summary>
    Log,

    /// <summary>Distinct items in the list's own order, best or most recent first (recommendations, recent items).</summary>
    Ranked,

    /// <summary>Distinct items ascending, at least one per user (the items a user played in train, or in test).</summary>
    Set,
}
