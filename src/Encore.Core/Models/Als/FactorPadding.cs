using Encore.Core.Linalg;

namespace Encore.Core.Models.Als;

/// <summary>
/// Fit works on factor rows zero-padded to a multiple of 16 floats, so the register-resident AVX-512 kernels
/// (whole rows in 4 vectors at 50–64 factors) apply to any factor count. The padding stays exactly zero through
/// conjugate gradient: b is zero there, G has only λ on the padded diagonal, so r, p and x never leave zero.
/// </summary>
internal static class FactorPadding
{
    private const int Multiple = 16;

    /// <summary>
    /// The working row length for <paramref name="f"/> factors. Cholesky is left unpadded: with λ = 0 a padded
    /// diagonal would be zero and the factorisation would fail; narrower widths gain nothing from padding.
    /// </summary>
    public static int Columns(int f, AlsSolverKind solver, SimdWidth width) =>
        solver == AlsSolverKind.ConjugateGradient && width == SimdWidth.Vector512 ? (f + Multiple - 1) / Multiple * Multiple : f;

    /// <summary>The first <paramref name="f"/> columns of <paramref name="padded"/> (itself when it is not padded).</summary>
    public static FactorMatrix Trim(FactorMatrix padded, int f)
    {
        if (padded.Columns == f)
        {
            return padded;
        }

        var result = new FactorMatrix(padded.Rows, f);
        for (var i = 0; i < padded.Rows; i++)
        {
            padded.Row(i)[..f].CopyTo(result.Row(i));
        }

        return result;
    }
}
