using Encore.Core.Data.Generation;

namespace Encore.Core.Tests.Data.Generation;

public sealed class UserSimulatorTests
{
    private static readonly GeneratorOptions s_options = new() { Users = 400, Tracks = 20_000, EventsPerUser = 200, Seed = 5 };
    private static readonly ListenModel s_model = ListenModel.Build(CatalogBuilder.Build(s_options.Tracks, s_options.Seed), s_options);

    [Fact]
    public void TracksAreHeardOnlyAfterTheirRelease()
    {
        var (block, trackIndex) = Simulate();
        for (var i = 0; i < block.Count; i++)
        {
            Assert.True(s_model.Catalog.TrackReleaseDays[trackIndex[block.TrackIds[i]]] <= block.Days[i]);
        }
    }

    [Fact]
    public void ListensOfAUserAreUniqueSequencedAndDated()
    {
        var (block, _) = Simulate();
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < block.Count; i++)
        {
            Assert.True(seen.Add((block.UserIds[i], block.TrackIds[i])));
            if (i > 0 && block.UserIds[i] == block.UserIds[i - 1])
            {
                Assert.Equal(block.Sequence[i - 1] + 1, block.Sequence[i]);
                Assert.True(block.Days[i] >= block.Days[i - 1]);
            }
            else
            {
                Assert.Equal(1, block.Sequence[i]);
            }
        }
    }

    [Fact]
    public void FavouriteArtistsComeBack()
    {
        // Loyalty is the signal a ranker's "artist already heard" feature needs: most listens are of an
        // artist the user has heard before.
        var (block, trackIndex) = Simulate();
        var artists = new HashSet<(int, int)>();
        var repeats = 0;
        for (var i = 0; i < block.Count; i++)
        {
            var artist = s_model.Catalog.TrackArtists[trackIndex[block.TrackIds[i]]];
            repeats += artists.Add((block.UserIds[i], artist)) ? 0 : 1;
        }

        Assert.InRange(repeats / (double)block.Count, 0.4, 0.9);
    }

    [Fact]
    public void SimulatingAUserTwiceGivesTheSameListens()
    {
        var simulator = new UserSimulator(s_model);
        var a = new ListenBlock();
        var b = new ListenBlock();
        a.Reset(0, 1);
        b.Reset(0, 1);
        simulator.Generate(123, a);
        simulator.Generate(7, new ListenBlock());
        simulator.Generate(123, b);
        Assert.Equal(a.TrackIds.AsSpan(0, a.Count).ToArray(), b.TrackIds.AsSpan(0, b.Count).ToArray());
        Assert.Equal(a.Days.AsSpan(0, a.Count).ToArray(), b.Days.AsSpan(0, b.Count).ToArray());
    }

    private static (ListenBlock Block, Dictionary<int, int> TrackIndex) Simulate()
    {
        var simulator = new UserSimulator(s_model);
        var block = new ListenBlock();
        block.Reset(0, s_options.Users);
        for (var u = 0; u < s_options.Users; u++)
        {
            simulator.Generate(u, block);
        }

        var index = new Dictionary<int, int>();
        for (var t = 0; t < s_model.Catalog.TrackCount; t++)
        {
            index[s_model.Catalog.TrackIds[t]] = t;
        }

        return (block, index);
    }
}
