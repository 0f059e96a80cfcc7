using System.Diagnostics;
using Encore.Core.Data.DuckDb;

namespace Encore.Core.Tests.Data.DuckDb;

public sealed class DuckDbSessionTests
{
    [Fact]
    public void CancellingInterruptsARunningStatement()
    {
        using var session = new DuckDbSession(threads: 1);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        // Minutes of work uninterrupted; an interrupt ends it at the next vector.
        Assert.Throws<OperationCanceledException>(() => session.ExecuteCancellable(
            "CREATE TEMP TABLE t AS SELECT sum(i * i % 7) AS s FROM range(100000000000) r(i)", cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ExecuteCancellableRunsToTheEndWhenNotCancelled()
    {
        using var session = new DuckDbSession();
        session.ExecuteCancellable("CREATE TEMP TABLE t AS SELECT 42 AS x", TestContext.Current.CancellationToken);
        Assert.Equal(42, session.Scalar<int>("SELECT x FROM t"));
    }
}
