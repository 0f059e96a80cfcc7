using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Tests.Linalg;

namespace Encore.Core.Tests.Models.Als;

public sealed class FactorPaddingTests
{
    [Fact]
    public void PaddedAvx512FitMatchesTheUnpaddedFitAndKeepsTheFactorCount()
    {
        // Padding exists only at Vector512: a machine without it has nothing to test here.
        SimdWidths.Require(SimdWidth.Vector512);
        var board = AlsFixtures.CheckerboardWithDiagonalWithheld(24);
        // Three-step CG is not converged, so kernels that round differently drift apart by ~1% (as 256 vs 512 bits
        // do at 16 factors, unpadded): compare the loss the fit minimises.
        var options = AlsFixtures.Small() with { Factors = 5 };
        var padded = new AlsRecommender(options) { Width = SimdWidth.Vector512 };
        var plain = new AlsRecommender(options) { Width = SimdWidth.Vector256 };
        padded.Fit(board, cancellationToken: TestContext.Current.CancellationToken);
        plain.Fit(board, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(options.Factors, padded.UserFactors.Columns);
        Assert.Equal(options.Factors, padded.ItemFactors.Columns);
        Assert.Equal(plain.Loss(), padded.Loss(), plain.Loss() * 1e-2);
    }

    [Fact]
    public void OnlyConjugateGradientAtAvx512IsPadded()
    {
        Assert.Equal(64, FactorPadding.Columns(50, AlsSolverKind.ConjugateGradient, SimdWidth.Vector512));
        Assert.Equal(64, FactorPadding.Columns(64, AlsSolverKind.ConjugateGradient, SimdWidth.Vector512));
        Assert.Equal(50, FactorPadding.Columns(50, AlsSolverKind.Cholesky, SimdWidth.Vector512));
        Assert.Equal(50, FactorPadding.Columns(50, AlsSolverKind.ConjugateGradient, SimdWidth.Vector256));
    }
}
