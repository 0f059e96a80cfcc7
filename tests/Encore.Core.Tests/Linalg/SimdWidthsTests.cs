using Encore.Core.Linalg;

namespace Encore.Core.Tests.Linalg;

public sealed class SimdWidthsTests
{
    [Fact]
    public void WidthTheoriesCoverEveryWidthAndThisMachineRunsScalarAndItsBest()
    {
        Assert.Equal([SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512], SimdWidths.Every);
        Assert.True(Simd.IsSupported(SimdWidth.Scalar));
        Assert.True(Simd.IsSupported(Simd.Best));
        Assert.True(TileScorer.IsSupported(SimdWidth.Scalar));
        Assert.True(TileScorer.IsSupported(Simd.Best));
    }
}
