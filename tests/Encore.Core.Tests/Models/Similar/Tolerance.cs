namespace Encore.Core.Tests.Models.Similar;

/// <summary>Equality within an absolute tolerance, for comparing score arrays.</summary>
internal sealed class Tolerance(double tolerance) : IEqualityComparer<float>, IEqualityComparer<double>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(float obj) => 0;

    public int GetHashCode(double obj) => 0;
}
