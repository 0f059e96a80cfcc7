using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Models.Similar;
using Encore.Core.Serving;

namespace Encore.Core.Tests.Evaluation.Replay;

/// <summary>
/// Two warm listeners and a cold one, small enough to replay by hand (k = 2, T = 2).
/// </summary>
/// <remarks>
/// listener 1: train 1 | test 21, 20, 23; offline list 20, 21, 22.
/// listener 2: train 2 | test 2 (a re-listen), 31, 30; offline list 30, 31.
/// listener 3: cold (no train), test 20, 21.  top popular 40, 41.  similar: 21 → 22 (.9), 40 (.5).
/// </remarks>
internal static class ReplayFixture
{
    public static readonly EventLog Test = new([1, 1, 1, 2, 2, 2, 3, 3], [21, 20, 23, 2, 31, 30, 20, 21], [0, 0, 1, 0, 0, 1, 0, 0]);

    public static readonly UserLists Train = UserLists.FromPairs([1, 2], [1, 2]);

    public static ServingSet Set() => new()
    {
        Directory = "fixture",
        Offline = UserLists.FromCsr([1, 2], [0, 3, 5], [20, 21, 22, 30, 31], ListKind.Ranked),
        OfflineFile = "personal_als.parquet",
        TopPopular = [40, 41],
        Similar = SimilarItemsIndex.FromCsr([21], [0, 2], [22, 40], [0.9, 0.5]),
        Catalog = ItemCatalog.Empty,
    };

    public static ReplayOptions Options(int threads = 0) => new() { K = [2], Target = 2, Threads = threads };
}
