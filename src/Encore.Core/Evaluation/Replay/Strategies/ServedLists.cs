using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay.Strategies;

/// <summary>Copies a served list into a strategy's destination.</summary>
internal static class ServedLists
{
    public static int CopyTo(ServedList list, Span<int> destination)
    {
        var count = Math.Min(list.Items.Length, destination.Length);
        list.Items.AsSpan(0, count).CopyTo(destination);
        return count;
    }
}
