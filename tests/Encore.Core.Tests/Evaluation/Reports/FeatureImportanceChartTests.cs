using Encore.Core.Evaluation.Reports.Charts;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Tests.Evaluation.Reports;

public sealed class FeatureImportanceChartTests
{
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly FeatureImportance[] s_importance =
    [
        new("als_score", 812.5), new("track_popularity", 301.25), new("similar_to_history_max", 120),
        new("genre_share", 15.5), new("artist_listens", 0),
    ];

    [Fact]
    public void WritesAPngOfTheTopFeatures()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("ranker_importance.png");

        FeatureImportanceChart.Save(s_importance, path, top: 3);

        Assert.Equal(s_pngSignature, File.ReadAllBytes(path)[..s_pngSignature.Length]);
    }

    [Fact]
    public void SameImportanceGivesByteIdenticalPngs()
    {
        using var dir = new TempDirectory();

        FeatureImportanceChart.Save(s_importance, dir.Combine("a.png"));
        FeatureImportanceChart.Save([.. s_importance.Reverse()], dir.Combine("b.png"));

        Assert.Equal(File.ReadAllBytes(dir.Combine("a.png")), File.ReadAllBytes(dir.Combine("b.png")));
    }

    [Fact]
    public void AModelWithoutSplitsStillGetsAChart()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("empty.png");

        FeatureImportanceChart.Save([new FeatureImportance("a", 0), new FeatureImportance("b", 0)], path);

        Assert.Equal(s_pngSignature, File.ReadAllBytes(path)[..s_pngSignature.Length]);
    }
}
